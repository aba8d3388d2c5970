/**
 * The names `--backend` and `--engine` accept. Kept in a file of their own, with no imports, so the command line can
 * list them in its options without loading the registries or tfjs (tf.ts and fused/plan.ts re-export them).
 */
export type BackendChoice = 'auto' | 'tensorflow' | 'cpu' | 'wasm';
export const BACKENDS: readonly BackendChoice[] = ['auto', 'tensorflow', 'cpu', 'wasm'];

export type EngineChoice = 'auto' | 'tfjs' | 'fused';
export const ENGINES: readonly EngineChoice[] = ['auto', 'tfjs', 'fused'];
