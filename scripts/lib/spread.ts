// The spread of one figure over a bench's repeats: each goal prints min / median / max, never one lucky run.

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** Min, median (the mean of the middle two for an even count) and max; throws on no values or a non-finite one. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread: no values (every repeat failed?)');
  const bad = values.find((value) => !Number.isFinite(value));
  if (bad !== undefined) throw new Error(`spread: ${bad} is not a finite number`);
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { min: sorted[0] as number, median, max: sorted[sorted.length - 1] as number };
}

/** `median (min–max)`, each with `digits` decimals; a single value alone. */
export function formatSpread({ min, median, max }: Spread, digits = 0): string {
  const f = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return min === max ? f(median) : `${f(median)} (${f(min)}–${f(max)})`;
}

/** Least-squares slope of y over x: the marginal cost, e.g. CPU µs per KB of body. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || xs.length < 2) throw new Error('slope: needs two or more (x, y) pairs');
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i += 1) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  if (den === 0) throw new Error('slope: every x is the same');
  return num / den;
}
