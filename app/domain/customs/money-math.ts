/**
 * Integer money arithmetic for quotes. Rates are percentages in the data ("16.5"); they are turned
 * into integer parts-per-million so value × rate stays exact below 2^53 (≈ 9e9 major units at 1e6 ppm).
 */

export const toPpm = (ratePct: number): number => Math.round(ratePct * 10_000);

/** ratePct % of a non-negative minor amount (possibly fractional), rounded half up to the minor unit. */
export function percentOf(amountMinor: number, ratePct: number): number {
  return Math.floor((amountMinor * toPpm(ratePct) + 500_000) / 1_000_000);
}

/**
 * Split `total` over `weights` in proportion, by largest remainder, so the parts sum to `total`
 * exactly (freight shares per line must add back to the freight charged).
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]![1]]! += 1;
  return parts;
}
