/**
 * What each layer type is to the fused engine. Dense, activation and dropout carry their kind in
 * their registry entry (`fused`); the window and shape layers are listed here, in one place, so
 * the registry files need no change for them (the lead may move these into the entries).
 */
import { layers } from '../../registry/layers.js';
import type { FusedLayerKind } from './types.js';

/** conv1d/conv2d: a dense product over patches; pool: max pooling; reshape: no op (same row-major layout). */
export type ShapedKind = 'conv' | 'pool' | 'reshape';
export type LayerKind = FusedLayerKind | ShapedKind;

const SHAPED: Readonly<Record<string, ShapedKind>> = {
  conv1d: 'conv',
  conv2d: 'conv',
  max_pooling1d: 'pool',
  max_pooling2d: 'pool',
  flatten: 'reshape',
  reshape: 'reshape',
};

/** The fused kind of a layer type, or undefined when it runs on tfjs only. */
export function fusedKind(type: string): LayerKind | undefined {
  return layers.get(type)?.fused ?? SHAPED[type];
}
