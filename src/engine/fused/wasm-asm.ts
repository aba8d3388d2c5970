/**
 * The dense layer's matrix products as a tiny WebAssembly module, assembled
 * here byte by byte (no toolchain). Why WebAssembly: in a fresh process a JS
 * loop runs interpreted, boxing every double, until TurboFan has compiled it,
 * which costs more than the tutorial's whole training; WebAssembly is
 * compiled before the first call and tiers up in the background, and it is
 * faster warm too.
 *
 * The arithmetic is network.ts's JS kernels exactly (which stay as the
 * readable reference and the fallback): float32 loads promoted to float64,
 * products summed in float64 in order, in blocks of 48 along the shared
 * axis with each block's sum rounded into the float32 result (tfjs's cpu
 * BatchMatMul), bias added after that rounding, float32 stores. The parity
 * tests check the two bit for bit.
 *
 * All arguments are i32: byte offsets into the module's memory (imported,
 * so the network's typed arrays are views on it) and counts.
 *
 * wasm.ts carries the assembled bytes as base64, because assembling them in a
 * cold process takes several milliseconds; test/fused-parity.test.ts checks
 * that the two agree. After a change here, build and paste the output of
 *   node -e "import('./dist/engine/fused/wasm-asm.js').then(m => console.log(Buffer.from(m.assembleKernels()).toString('base64')))"
 * into wasm.ts.
 */

/** tfjs cpu BatchMatMul's block size along the shared axis (network.ts's BLOCK). */
const BLOCK = 48;

// ---- encoding ------------------------------------------------------------------------------
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];

const I32 = 0x7f;
const F64 = 0x7c;
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32 = (n: number) => [0x41, ...sleb(n)];
const F64_ZERO = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
const ADD = 0x6a, MUL = 0x6c, SHL = 0x74, LT_S = 0x48, EQZ = 0x45, SELECT = 0x1b;
const F_ADD = 0xa0, F_MUL = 0xa2, PROMOTE = 0xbb, DEMOTE = 0xb6;
const F32_LOAD = [0x2a, 2, 0], F32_STORE = [0x38, 2, 0];
/** base + 4 * index */
const addr = (base: number[], index: number[]) => [...base, ...index, ...i32(2), SHL, ADD];
/** a float32 at the byte address on the stack, promoted to float64 */
const load = (address: number[]) => [...address, ...F32_LOAD, PROMOTE];
/** acc = f32(acc + s): the float64 sum rounded to float32 (kept as a float64) */
const roundInto = (acc: number, s: number) => [...get(acc), ...get(s), F_ADD, DEMOTE, PROMOTE, ...set(acc)];

/** for (v = from; v < to; v += step) body */
function loop(v: number, from: number[], to: number[], body: number[], step: number[] = i32(1)): number[] {
  return [
    ...from, ...set(v),
    0x02, 0x40, 0x03, 0x40,
    ...get(v), ...to, LT_S, EQZ, 0x0d, 1,
    ...body,
    ...get(v), ...step, ADD, ...set(v),
    0x0c, 0,
    0x0b, 0x0b,
  ];
}

/** over blocks: for (k0 = 0; k0 < n; k0 += BLOCK) { k1 = min(k0 + BLOCK, n); body } */
function blocks(k0: number, k1: number, n: number[], body: number[]): number[] {
  const next = [...get(k0), ...i32(BLOCK), ADD];
  return loop(k0, i32(0), n, [...next, ...n, ...next, ...n, LT_S, SELECT, ...set(k1), ...body], i32(BLOCK));
}

interface Fn {
  name: string;
  params: number;
  i32s: number;
  f64s: number;
  body: number[];
}

// ---- kernels -------------------------------------------------------------------------------

/** y[r, j] = round(sum_k x[r, k] W[k, j]) (+ b[j]); params x, W, b, y, rows, I, U, hasBias */
function denseForward(): Fn {
  const [x, W, b, y, rows, I, U, hasBias] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [r, j, k, k0, k1] = [8, 9, 10, 11, 12];
  const [s, acc, bias] = [13, 14, 15];
  const xAt = (kk: number) => addr(get(x), [...get(r), ...get(I), MUL, ...get(kk), ADD]);
  const wAt = (kk: number) => addr(get(W), [...get(kk), ...get(U), MUL, ...get(j), ADD]);
  const body = loop(r, i32(0), get(rows), loop(j, i32(0), get(U), [
    ...F64_ZERO, ...set(acc),
    ...blocks(k0, k1, get(I), [
      ...F64_ZERO, ...set(s),
      ...loop(k, get(k0), get(k1), [...get(s), ...load(xAt(k)), ...load(wAt(k)), F_MUL, F_ADD, ...set(s)]),
      ...roundInto(acc, s),
    ]),
    // bias: hasBias ? b[j] : 0 (adding 0 to a float32 value is exact)
    ...load(addr(get(b), get(j))), ...F64_ZERO, ...get(hasBias), SELECT, ...set(bias),
    ...addr(get(y), [...get(r), ...get(U), MUL, ...get(j), ADD]),
    ...get(acc), ...get(bias), F_ADD, DEMOTE, ...F32_STORE,
  ]));
  return { name: 'dense_forward', params: 8, i32s: 5, f64s: 3, body };
}

/** G[k, j] = sum_r x[r, k] dy[r, j] (blocks over r); params x, dy, G, rows, I, U */
function denseKernelGrad(): Fn {
  const [x, dy, G, rows, I, U] = [0, 1, 2, 3, 4, 5];
  const [k, j, r, r0, r1] = [6, 7, 8, 9, 10];
  const [s, acc] = [11, 12];
  const body = loop(k, i32(0), get(I), loop(j, i32(0), get(U), [
    ...F64_ZERO, ...set(acc),
    ...blocks(r0, r1, get(rows), [
      ...F64_ZERO, ...set(s),
      ...loop(r, get(r0), get(r1), [
        ...get(s),
        ...load(addr(get(x), [...get(r), ...get(I), MUL, ...get(k), ADD])),
        ...load(addr(get(dy), [...get(r), ...get(U), MUL, ...get(j), ADD])),
        F_MUL, F_ADD, ...set(s),
      ]),
      ...roundInto(acc, s),
    ]),
    ...addr(get(G), [...get(k), ...get(U), MUL, ...get(j), ADD]), ...get(acc), DEMOTE, ...F32_STORE,
  ]));
  return { name: 'dense_kernel_grad', params: 6, i32s: 5, f64s: 2, body };
}

/** G[j] = sum_r dy[r, j] (one float64 sum, as tfjs's sum); params dy, G, rows, U */
function denseBiasGrad(): Fn {
  const [dy, G, rows, U] = [0, 1, 2, 3];
  const [j, r] = [4, 5];
  const s = 6;
  const body = loop(j, i32(0), get(U), [
    ...F64_ZERO, ...set(s),
    ...loop(r, i32(0), get(rows), [...get(s), ...load(addr(get(dy), [...get(r), ...get(U), MUL, ...get(j), ADD])), F_ADD, ...set(s)]),
    ...addr(get(G), get(j)), ...get(s), DEMOTE, ...F32_STORE,
  ]);
  return { name: 'dense_bias_grad', params: 4, i32s: 2, f64s: 1, body };
}

/** dx[r, k] = sum_j dy[r, j] W[k, j] (blocks over j); params dy, W, dx, rows, I, U */
function denseInputGrad(): Fn {
  const [dy, W, dx, rows, I, U] = [0, 1, 2, 3, 4, 5];
  const [r, k, j, j0, j1] = [6, 7, 8, 9, 10];
  const [s, acc] = [11, 12];
  const body = loop(r, i32(0), get(rows), loop(k, i32(0), get(I), [
    ...F64_ZERO, ...set(acc),
    ...blocks(j0, j1, get(U), [
      ...F64_ZERO, ...set(s),
      ...loop(j, get(j0), get(j1), [
        ...get(s),
        ...load(addr(get(dy), [...get(r), ...get(U), MUL, ...get(j), ADD])),
        ...load(addr(get(W), [...get(k), ...get(U), MUL, ...get(j), ADD])),
        F_MUL, F_ADD, ...set(s),
      ]),
      ...roundInto(acc, s),
    ]),
    ...addr(get(dx), [...get(r), ...get(I), MUL, ...get(k), ADD]), ...get(acc), DEMOTE, ...F32_STORE,
  ]));
  return { name: 'dense_input_grad', params: 6, i32s: 5, f64s: 2, body };
}

function assemble(fns: Fn[]): Uint8Array {
  const types = fns.map((f) => [0x60, ...vec(Array.from({ length: f.params }, () => [I32])), ...vec([])]);
  const codes = fns.map((f) => {
    const body = [...vec([[...uleb(f.i32s), I32], [...uleb(f.f64s), F64]]), ...f.body, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(codes)),
  ]);
}

/** The module: dense_forward, dense_kernel_grad, dense_bias_grad, dense_input_grad; imports env.memory. */
export function assembleKernels(): Uint8Array {
  return assemble([denseForward(), denseKernelGrad(), denseBiasGrad(), denseInputGrad()]);
}
