/** Growth of the typed arrays the scanners reuse from call to call. */

/** A copy of `a` with twice its length (at least one element): its contents first, zeros after. */
export function grownInt32(a: Int32Array): Int32Array {
  const b = new Int32Array(Math.max(1, a.length * 2));
  b.set(a);
  return b;
}
