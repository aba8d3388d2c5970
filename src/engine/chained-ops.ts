/**
 * tfjs's chained ops (`x.slice(...)`, `x.mul(y)`, ...): `@tensorflow/tfjs` installs them on the
 * Tensor class (tfjs-core's `register_all_chained_ops`, which exists only as extensionless ES
 * modules for bundlers, so Node cannot load it from tfjs-core), tfjs-core's and tfjs-layers' Node
 * bundles do not. engine/tf.ts loads those bundles instead of the whole `@tensorflow/tfjs`, so it
 * installs the same methods here, as tfjs 4.22 defines them: every one calls the op of the same
 * name with the tensor first, except the few below. test/engine-tf.test.ts compares the list and
 * the special cases with what `@tensorflow/tfjs` installs.
 */
type Fn = (...args: unknown[]) => unknown;
interface TensorLike {
  size: number;
  shape: number[];
  throwIfDisposed(): void;
}
type Core = Record<string, unknown> & {
  Tensor: { prototype: Record<string, unknown> } & (new (...a: never[]) => unknown);
  util: { assert(cond: boolean, msg: () => string): void };
  image: Record<string, Fn>;
};

/** Every method `@tensorflow/tfjs` 4.22 puts on Tensor.prototype. */
export const CHAINED_OPS = `abs acos acosh add all any argMax argMin as1D as2D as3D as4D as5D asScalar asType asin asinh atan
atan2 atanh avgPool batchNorm batchToSpaceND broadcastTo cast ceil clipByValue concat conv1d conv2d
conv2dTranspose cos cosh cumprod cumsum depthToSpace depthwiseConv2d dilation2d div divNoNan dot
elu equal erf euclideanNorm exp expandDims expm1 fft flatten floor floorDiv gather greater
greaterEqual ifft irfft isFinite isInf isNaN leakyRelu less lessEqual localResponseNormalization
log log1p logSigmoid logSoftmax logSumExp logicalAnd logicalNot logicalOr logicalXor matMul max
maxPool maximum mean min minimum mirrorPad mod mul neg norm notEqual oneHot onesLike pad pool pow
prelu prod reciprocal relu relu6 reshape reshapeAs resizeBilinear resizeNearestNeighbor reverse
rfft round rsqrt selu separableConv2d sigmoid sign sin sinh slice softmax softplus spaceToBatchND
split sqrt square squaredDifference squeeze stack step stridedSlice sub sum tan tanh tile toBool
toFloat toInt topk transpose unique unsortedSegmentSum unstack where zerosLike`.split(/\s+/);

/** The methods whose body is not `op(this, ...args)` (tfjs-core src/public/chained_ops/). */
function special(c: Core): Record<string, (this: TensorLike, ...args: never[]) => unknown> {
  const op = (name: string) => c[name] as Fn;
  const reshape = (t: TensorLike, shape: number[]) => op('reshape')(t, shape);
  const cast = (t: TensorLike, dtype: string) => op('cast')(t, dtype);
  return {
    asScalar() {
      c.util.assert(this.size === 1, () => 'The array must have only 1 element.');
      return reshape(this, []);
    },
    asType(dtype: string) { return cast(this, dtype); },
    as1D() { return reshape(this, [this.size]); },
    as2D(rows: number, columns: number) { return reshape(this, [rows, columns]); },
    as3D(rows: number, columns: number, depth: number) { return reshape(this, [rows, columns, depth]); },
    as4D(rows: number, columns: number, depth: number, depth2: number) { return reshape(this, [rows, columns, depth, depth2]); },
    as5D(rows: number, columns: number, depth: number, depth2: number, depth3: number) { return reshape(this, [rows, columns, depth, depth2, depth3]); },
    concat(x: unknown, axis?: number) {
      const rest = x instanceof c.Tensor ? [x] : (x as unknown[]);
      return op('concat')([this, ...rest], axis);
    },
    flatten() { return reshape(this, [this.size]); },
    reshapeAs(x: TensorLike) { return reshape(this, x.shape); },
    resizeBilinear(...a: unknown[]) { return c.image.resizeBilinear!(this, ...a); },
    resizeNearestNeighbor(...a: unknown[]) { return c.image.resizeNearestNeighbor!(this, ...a); },
    stack(x: unknown, axis?: number) {
      return op('stack')(x instanceof c.Tensor ? [this, x] : [this, ...(x as unknown[])], axis);
    },
    toBool() { return cast(this, 'bool'); },
    toFloat() { return cast(this, 'float32'); },
    toInt() { return cast(this, 'int32'); },
    where(condition: unknown, x: unknown) { return op('where')(condition, this, x); },
  };
}

/** Installs the chained ops on tfjs-core's Tensor class (as `@tensorflow/tfjs` would). */
export function installChainedOps(core: Record<string, unknown>): void {
  const c = core as Core;
  // tfjs keeps the first Tensor class loaded in a process-wide registry; that is tfjs-core's.
  const globals = (globalThis as { _tfGlobals?: Map<string, unknown> })._tfGlobals;
  const proto = ((globals?.get('Tensor') as Core['Tensor'] | undefined) ?? c.Tensor).prototype;
  const own = special(c);
  for (const name of CHAINED_OPS) {
    const body = own[name];
    if (body) {
      proto[name] = function (this: TensorLike, ...args: never[]) {
        this.throwIfDisposed();
        return body.apply(this, args);
      };
      continue;
    }
    const fn = c[name];
    if (typeof fn !== 'function') throw new Error(`tfjs-core ${String(c.version_core)} has no op ${name} to chain`);
    proto[name] = function (this: TensorLike, ...args: unknown[]) {
      this.throwIfDisposed();
      return (fn as Fn)(this, ...args);
    };
  }
}
