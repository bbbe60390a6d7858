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
  const n = weights.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i]!;
  const parts: number[] = new Array(n);
  if (n === 0) return parts;
  if (sum === 0) {
    parts.fill(0);
    parts[0] = total;
    return parts;
  }
  const rema: number[] = new Array(n);
  let left = total;
  for (let i = 0; i < n; i++) {
    const raw = (total * weights[i]!) / sum;
    parts[i] = Math.floor(raw);
    rema[i] = raw - parts[i]!;
    left -= parts[i]!;
  }
  // Orders have a handful of lines: picking the largest remainder left times beats sorting.
  for (; left > 0; left--) {
    let best = 0;
    for (let i = 1; i < n; i++) if (rema[i]! > rema[best]!) best = i;
    parts[best]! += 1;
    rema[best] = -1;
  }
  return parts;
}
