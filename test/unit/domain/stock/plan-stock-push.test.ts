import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_PUSH_ROWS, planStockPush, type PushCandidate } from "~/domain/stock/plan-stock-push";

const LOCATION = "gid://shopify/Location/9007199254740993";
const item = (n: number) => `gid://shopify/InventoryItem/${9007199254740993n + BigInt(n)}`;
const candidate = (n: number, quantity: number, base: number | null, version: string | null = base === null ? null : "2026-11-01T00:00:00.000Z"): PushCandidate => ({
  sku: `SKU-${String(n).padStart(5, "0")}`,
  inventoryItemId: item(n),
  quantity,
  base: { quantity: base, version },
});

const arbCandidates = fc
  .uniqueArray(fc.record({ n: fc.integer({ min: 0, max: 5_000 }), quantity: fc.integer({ min: 0, max: 30 }), base: fc.option(fc.integer({ min: 0, max: 30 })) }), { selector: (c) => c.n, maxLength: 900 })
  .map((cs) => cs.map((c) => candidate(c.n, c.quantity, c.base)));

describe("planStockPush", () => {
  it("sends only SKUs whose quantity differs from the last push, comparing against it", () => {
    // GIVEN one SKU unchanged, one changed, one never pushed
    const plan = planStockPush([candidate(1, 5, 5), candidate(2, 7, 3), candidate(3, 4, null)], { locationId: LOCATION });
    // THEN one batch with the changed and the new SKU; the new one skips the compare with null
    expect(plan.unchanged).toEqual(["SKU-00001"]);
    expect(plan.batches).toHaveLength(1);
    expect(plan.batches[0]!.rows).toEqual([
      { sku: "SKU-00002", inventoryItemId: item(2), quantity: 7, changeFromQuantity: 3 },
      { sku: "SKU-00003", inventoryItemId: item(3), quantity: 4, changeFromQuantity: null },
    ]);
  });

  it("splits 1,000 changes into 4 batches of at most 250 rows", () => {
    const plan = planStockPush(Array.from({ length: 1000 }, (_, i) => candidate(i, i % 7, null)), { locationId: LOCATION });
    expect(plan.batches.map((b) => b.rows.length)).toEqual([250, 250, 250, 250]);
  });

  it("covers every changed SKU exactly once, in batches within the limit", () => {
    fc.assert(
      fc.property(arbCandidates, fc.integer({ min: 1, max: 300 }), (cands, maxRows) => {
        const plan = planStockPush(cands, { locationId: LOCATION, maxRows });
        const pushed = plan.batches.flatMap((b) => b.rows.map((r) => r.sku));
        const changed = cands.filter((c) => c.base.quantity !== c.quantity).map((c) => c.sku);
        expect([...pushed].sort()).toEqual([...changed].sort());
        expect(new Set(pushed).size).toBe(pushed.length);
        for (const b of plan.batches) {
          expect(b.rows.length).toBeGreaterThan(0);
          expect(b.rows.length).toBeLessThanOrEqual(Math.min(maxRows, MAX_PUSH_ROWS));
        }
        expect(plan.batches.length).toBe(Math.ceil(changed.length / Math.min(maxRows, MAX_PUSH_ROWS)));
      }),
    );
  });

  it("puts the last pushed quantity in changeFromQuantity on every row, never a negative quantity", () => {
    fc.assert(
      fc.property(arbCandidates, (cands) => {
        const bySku = new Map(cands.map((c) => [c.sku, c]));
        for (const row of planStockPush(cands, { locationId: LOCATION }).batches.flatMap((b) => b.rows)) {
          expect(row).toHaveProperty("changeFromQuantity");
          expect(row.changeFromQuantity).toBe(bySku.get(row.sku)!.base.quantity);
          expect(row.quantity).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it("derives the same keys for the same changes in any order, so a retried batch replays", () => {
    fc.assert(
      fc.property(arbCandidates.chain((c) => fc.tuple(fc.constant(c), fc.shuffledSubarray(c, { minLength: c.length, maxLength: c.length }))), ([a, b]) => {
        const keys = (cs: PushCandidate[]) => planStockPush(cs, { locationId: LOCATION }).batches.map((x) => x.idempotencyKey);
        expect(keys(b)).toEqual(keys(a));
      }),
    );
  });

  it("gives a different key when any quantity, base or base version differs", () => {
    const key = (c: PushCandidate) => planStockPush([c], { locationId: LOCATION }).batches[0]!.idempotencyKey;
    const first = key(candidate(1, 10, 5, "2026-11-01T00:00:00.000Z"));
    expect(key(candidate(1, 11, 5, "2026-11-01T00:00:00.000Z"))).not.toBe(first);
    expect(key(candidate(1, 10, 6, "2026-11-01T00:00:00.000Z"))).not.toBe(first);
    // Stock that went 5 → 10 → 5 → 10: the second 5 → 10 has a newer base and must not replay the first.
    expect(key(candidate(1, 10, 5, "2026-11-01T00:05:00.000Z"))).not.toBe(first);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("keeps one row per inventory item and reports the SKU that collides", () => {
    const a = candidate(1, 3, null);
    const plan = planStockPush([a, { ...candidate(2, 4, null), inventoryItemId: a.inventoryItemId }], { locationId: LOCATION });
    expect(plan.batches[0]!.rows.map((r) => r.sku)).toEqual(["SKU-00001"]);
    expect(plan.duplicates).toEqual(["SKU-00002"]);
  });
});
