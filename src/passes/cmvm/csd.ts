// Canonical signed digits (CSD, also "non-adjacent form"): v = Σ sign_k · 2^shift_k with digits in
// {-1, 0, +1} and no two adjacent non-zero digits. It has the fewest non-zero digits of all
// signed-digit forms (Reitwiesner 1960), so it is the starting point for shift-and-add multiplication.

export interface SignedDigit {
  shift: number;
  sign: 1 | -1;
}

/** The CSD digits of `v`, lowest shift first; [] for 0. */
export function csdDigits(v: bigint): SignedDigit[] {
  const out: SignedDigit[] = [];
  let shift = 0;
  while (v !== 0n) {
    if ((v & 1n) !== 0n) {
      // v ≡ 1 (mod 4) → digit +1; v ≡ 3 (mod 4) → digit -1 (so the next bit becomes 0)
      const sign: 1 | -1 = (v & 3n) === 1n ? 1 : -1;
      out.push({ shift, sign });
      v -= BigInt(sign);
    }
    v >>= 1n;
    shift++;
  }
  return out;
}

/** Number of non-zero CSD digits of `v`. */
export function csdWeight(v: bigint): number {
  let n = 0;
  while (v !== 0n) {
    if ((v & 1n) !== 0n) {
      v -= (v & 3n) === 1n ? 1n : -1n;
      n++;
    }
    v >>= 1n;
  }
  return n;
}

/** Non-zero CSD digits of each column of W (rows = inputs, columns = outputs). */
export function columnDigitCounts(W: readonly (readonly bigint[])[]): number[] {
  const nOut = W.length === 0 ? 0 : W[0].length;
  const counts = new Array<number>(nOut).fill(0);
  for (const row of W) for (let j = 0; j < nOut; j++) counts[j] += csdWeight(row[j]);
  return counts;
}

/** Adders of per-output CSD without any sharing: Σ_j max(0, digits_j - 1). */
export function csdBaselineAdders(W: readonly (readonly bigint[])[]): number {
  return columnDigitCounts(W).reduce((s, d) => s + Math.max(0, d - 1), 0);
}

/** ceil(log2(n)) for n >= 1; 0 for n <= 1. */
export function ceilLog2(n: number): number {
  let d = 0;
  while (2 ** d < n) d++;
  return d;
}

/** The least adder depth any graph for W can have: ceil(log2(max_j digits_j)). */
export function minDepth(W: readonly (readonly bigint[])[]): number {
  return ceilLog2(columnDigitCounts(W).reduce((m, d) => Math.max(m, d), 0));
}
