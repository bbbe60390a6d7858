import { describe, expect, it } from "vitest";
import type { CostTerm } from "~/domain/routing/cost-term";
import { routeOrder } from "~/domain/routing/route-order";
import type { RoutedDecision, RoutingDecision, UnroutableDecision } from "~/domain/routing/types";
import { input, lane, line, order, warehouse } from "./builders";

function routed(d: RoutingDecision): RoutedDecision {
  if (d.status !== "routed") throw new Error(`expected routed, got ${d.code}: ${d.merchantMessage}`);
  return d;
}
function unroutable(d: RoutingDecision): UnroutableDecision {
  if (d.status !== "unroutable") throw new Error(`expected unroutable, got routed to ${d.allocations.map((a) => a.warehouseId)}`);
  return d;
}
const verdictOf = (d: RoutingDecision, id: string) => d.candidates.find((c) => c.warehouseId === id)!;

const vnAir = lane({ mode: "air", carrier: "Vietnam Post", transitDaysMin: 10, transitDaysMax: 15, baseCost: 300, perKgCost: 400 });
const usExpress = lane({ mode: "express", carrier: "UPS", transitDaysMin: 1, transitDaysMax: 2, baseCost: 1500, perKgCost: 300 });
const usGround = lane({ mode: "ground", carrier: "USPS", transitDaysMin: 3, transitDaysMax: 5, baseCost: 700, perKgCost: 200 });

describe("routeOrder: one shipment", () => {
  it("ships the whole order from the cheapest warehouse holding all of it and says why the others lost", () => {
    // GIVEN two warehouses holding everything (different prices) and one holding nothing
    const o = order([line("AO-DAI-RED", 1), line("SCARF-SILK", 2)]);
    const ws = [
      warehouse("reno", { stock: { "AO-DAI-RED": 5, "SCARF-SILK": 5 }, lanes: [usGround], handlingFee: 250 }),
      warehouse("nj", { stock: { "AO-DAI-RED": 5, "SCARF-SILK": 5 }, lanes: [usGround], handlingFee: 400 }),
      warehouse("empty", { stock: {} }),
    ];
    // WHEN routed
    const d = routed(routeOrder(input(o, ws)));
    // THEN one allocation from reno carrying every unit, costed as named terms that add up
    expect(d.allocations).toHaveLength(1);
    const a = d.allocations[0]!;
    expect(a.warehouseId).toBe("reno");
    expect(a.lines).toEqual([
      { externalLineId: "L-AO-DAI-RED-1", sku: "AO-DAI-RED", quantity: 1 },
      { externalLineId: "L-SCARF-SILK-2", sku: "SCARF-SILK", quantity: 2 },
    ]);
    expect(a.cost.terms).toEqual([{ name: "carrier", amount: 700 + 300 }, { name: "handling", amount: 250 }]);
    expect(a.cost.total).toBe(1250);
    expect(d.totalCost).toBe(1250);
    expect(verdictOf(d, "reno")).toMatchObject({ verdict: "won", code: "WON" });
    expect(verdictOf(d, "nj")).toMatchObject({ verdict: "lost", code: "HIGHER_COST" });
    expect(verdictOf(d, "nj").reason).toContain("USD 1.50 more than RENO");
    expect(verdictOf(d, "nj").cost?.total).toBe(1400);
    expect(verdictOf(d, "empty")).toMatchObject({ verdict: "ineligible", code: "INSUFFICIENT_STOCK" });
  });

  it("picks the cheap slow origin when cheapest and the dear quick 3PL when fastest", () => {
    // GIVEN Vietnam by air (cheap, 15 days) and Reno by express (dear, 2 days), both holding the item
    const o = order([line("COFFEE-250", 2, { weightGrams: 250 })]);
    const ws = [warehouse("vn", { stock: { "COFFEE-250": 50 }, lanes: [vnAir] }), warehouse("reno", { stock: { "COFFEE-250": 5 }, lanes: [usExpress] })];
    // WHEN routed under each objective
    const cheap = routed(routeOrder(input(o, ws, { policy: { objective: "cheapest", maxSplits: 0 } })));
    const fast = routed(routeOrder(input(o, ws, { policy: { objective: "fastest", maxSplits: 0 } })));
    // THEN they differ, and each loser's reason is the policy's own measure
    expect(cheap.allocations[0]!.warehouseId).toBe("vn");
    expect(fast.allocations[0]!.warehouseId).toBe("reno");
    expect(verdictOf(fast, "vn")).toMatchObject({ verdict: "lost", code: "SLOWER" });
    expect(fast.deliveryDays).toBe(2);
    expect(cheap.deliveryDays).toBe(15);
  });

  it("takes the cheapest plan that keeps a balanced promise, and the least late one when none can", () => {
    // GIVEN 15-day air (cheapest), 5-day ground (middle) and 2-day express (dearest)
    const o = order([line("LACQUER-BOX", 1)]);
    const ws = [
      warehouse("vn", { stock: { "LACQUER-BOX": 9 }, lanes: [vnAir] }),
      warehouse("reno", { stock: { "LACQUER-BOX": 9 }, lanes: [usGround, usExpress] }),
    ];
    // WHEN the promise is 7 days THEN ground from reno: the cheapest within the promise
    const d7 = routed(routeOrder(input(o, ws, { policy: { objective: "balanced", promiseDays: 7, maxSplits: 0 } })));
    expect(d7.allocations[0]).toMatchObject({ warehouseId: "reno", lane: { mode: "ground" } });
    expect(verdictOf(d7, "vn")).toMatchObject({ code: "MISSES_PROMISE" });
    // WHEN the promise is 20 days THEN the cheap air lane keeps it
    const d20 = routed(routeOrder(input(o, ws, { policy: { objective: "balanced", promiseDays: 20, maxSplits: 0 } })));
    expect(d20.allocations[0]).toMatchObject({ warehouseId: "vn", lane: { mode: "air" } });
    // WHEN the promise is 1 day, which nothing keeps, THEN the least late (express, 2 days)
    const d1 = routed(routeOrder(input(o, ws, { policy: { objective: "balanced", promiseDays: 1, maxSplits: 0 } })));
    expect(d1.allocations[0]).toMatchObject({ warehouseId: "reno", lane: { mode: "express" } });
  });

  it("pushes the handover a day when the order arrives after the warehouse's local cut-off", () => {
    // GIVEN Ho Chi Minh City (UTC+7) with a 14:00 cut-off and a 10–15 day lane
    const o = order([line("SCARF-SILK", 1)]);
    const ws = [warehouse("vn", { stock: { "SCARF-SILK": 3 }, lanes: [vnAir], timeZone: "Asia/Ho_Chi_Minh", cutoffTime: "14:00" })];
    // WHEN routed at 13:00 local (06:00Z) THEN handed over today
    const before = routed(routeOrder(input(o, ws, { now: new Date("2026-11-02T06:00:00Z") }))).allocations[0]!.delivery;
    expect(before).toEqual({ handoverDate: "2026-11-02", afterCutoff: false, earliestDate: "2026-11-12", latestDate: "2026-11-17", days: 15 });
    // WHEN routed at 15:30 local (08:30Z) THEN tomorrow, and the promise moves with it
    const after = routed(routeOrder(input(o, ws, { now: new Date("2026-11-02T08:30:00Z") })));
    expect(after.allocations[0]!.delivery).toEqual({ handoverDate: "2026-11-03", afterCutoff: true, earliestDate: "2026-11-13", latestDate: "2026-11-18", days: 16 });
    expect(verdictOf(after, "vn").reason).toContain("after today's cut-off");
    // WHEN routed at 20:00Z, already 03:00 on the 3rd in Vietnam THEN handed over on the local 3rd, before cut-off
    const night = routed(routeOrder(input(o, ws, { now: new Date("2026-11-02T20:00:00Z") }))).allocations[0]!.delivery;
    expect(night).toMatchObject({ handoverDate: "2026-11-03", afterCutoff: false, days: 15 });
  });

  it("never splits when one warehouse holds everything, even if a split would be cheaper", () => {
    // GIVEN a dear warehouse holding all, and two cheap ones each holding half
    const o = order([line("A", 1), line("B", 1)]);
    const ws = [
      warehouse("all", { stock: { A: 1, B: 1 }, handlingFee: 5000 }),
      warehouse("a", { stock: { A: 1 } }),
      warehouse("b", { stock: { B: 1 } }),
    ];
    const d = routed(routeOrder(input(o, ws)));
    expect(d.allocations.map((a) => a.warehouseId)).toEqual(["all"]);
  });
});

describe("routeOrder: splits", () => {
  it("splits when no warehouse holds everything, with the fewest parcels and each unit once", () => {
    // GIVEN X only at a, Y only at b, and c holding neither
    const o = order([line("X", 2), line("Y", 3)]);
    const ws = [warehouse("a", { stock: { X: 2 } }), warehouse("b", { stock: { Y: 10 } }), warehouse("c", { stock: { Z: 4 } })];
    const d = routed(routeOrder(input(o, ws)));
    expect(d.allocations.map((a) => [a.warehouseId, a.lines.map((l) => `${l.sku}×${l.quantity}`)])).toEqual([
      ["a", ["X×2"]],
      ["b", ["Y×3"]],
    ]);
    expect(d.totalCost).toBe(d.allocations[0]!.cost.total + d.allocations[1]!.cost.total);
    expect(verdictOf(d, "c")).toMatchObject({ verdict: "ineligible", code: "INSUFFICIENT_STOCK" });
    expect(d.summary).toContain("2 parcels");
  });

  it("splits one line's units over two warehouses when neither holds them all", () => {
    const o = order([line("POWERBANK", 5)]);
    const ws = [warehouse("a", { stock: { POWERBANK: 3 } }), warehouse("b", { stock: { POWERBANK: 2 } })];
    const d = routed(routeOrder(input(o, ws)));
    expect(d.allocations.map((a) => a.lines[0]!.quantity).sort()).toEqual([2, 3]);
  });

  it("refuses to split beyond the policy's limit and says how to fix it", () => {
    const o = order([line("X", 1), line("Y", 1)]);
    const ws = [warehouse("a", { stock: { X: 1 } }), warehouse("b", { stock: { Y: 1 } })];
    const d = unroutable(routeOrder(input(o, ws, { policy: { objective: "cheapest", maxSplits: 0 } })));
    expect(d.code).toBe("TOO_MANY_SPLITS");
    expect(d.merchantMessage).toMatch(/Raise the split limit/);
  });
});

describe("routeOrder: lithium", () => {
  const powerBank = line("POWERBANK-10K", 1, { dangerousGoods: { lithium: "ion_loose", wattHours: 37 } });
  const cheapAir = lane({ mode: "air", carrier: "Vietnam Post", baseCost: 100, perKgCost: 100, transitDaysMax: 12, allowsLithium: true });
  const sea = lane({ mode: "sea", carrier: "ONE", baseCost: 900, perKgCost: 50, transitDaysMax: 35 });

  it("refuses air from a warehouse not cleared for lithium but ships the same item by sea", () => {
    // GIVEN the lane allows lithium but the warehouse is not cleared for it
    const ws = [warehouse("vn", { stock: { "POWERBANK-10K": 4 }, lanes: [cheapAir, sea], capabilities: { lithium: false, ddp: false } })];
    const d = routed(routeOrder(input(order([powerBank]), ws)));
    expect(d.allocations[0]!.lane.mode).toBe("sea");
    // AND a plain scarf from the same warehouse still flies
    const scarf = routed(routeOrder(input(order([line("SCARF", 1)]), [warehouse("vn", { stock: { SCARF: 1 }, lanes: [cheapAir, sea] })])));
    expect(scarf.allocations[0]!.lane.mode).toBe("air");
  });

  it("flies lithium only when both the warehouse and the lane allow it", () => {
    const ws = [warehouse("vn", { stock: { "POWERBANK-10K": 4 }, lanes: [cheapAir, sea], capabilities: { lithium: true, ddp: false } })];
    expect(routed(routeOrder(input(order([powerBank]), ws))).allocations[0]!.lane.mode).toBe("air");
    const laneSaysNo = [warehouse("vn", { stock: { "POWERBANK-10K": 4 }, lanes: [{ ...cheapAir, allowsLithium: false }, sea], capabilities: { lithium: true, ddp: false } })];
    expect(routed(routeOrder(input(order([powerBank]), laneSaysNo))).allocations[0]!.lane.mode).toBe("sea");
  });

  it("makes an air-only lithium order unroutable with LITHIUM_RESTRICTED", () => {
    const ws = [warehouse("vn", { stock: { "POWERBANK-10K": 4 }, lanes: [cheapAir, { ...cheapAir, mode: "express" }] })];
    const d = unroutable(routeOrder(input(order([powerBank]), ws)));
    expect(d.code).toBe("LITHIUM_RESTRICTED");
    expect(d.merchantMessage).toContain("POWERBANK-10K contains lithium batteries");
    expect(verdictOf(d, "vn")).toMatchObject({ verdict: "ineligible", code: "LITHIUM_RESTRICTED" });
  });
});

describe("routeOrder: blocked, preferred and unroutable orders", () => {
  it("never uses a blocked warehouse, even the cheapest", () => {
    const o = order([line("X", 1)]);
    const ws = [warehouse("cheap", { stock: { X: 1 } }), warehouse("dear", { stock: { X: 1 }, handlingFee: 900 })];
    const d = routed(routeOrder(input(o, ws, { policy: { objective: "cheapest", maxSplits: 1, blockedWarehouseIds: ["cheap"] } })));
    expect(d.allocations[0]!.warehouseId).toBe("dear");
    expect(verdictOf(d, "cheap")).toMatchObject({ verdict: "ineligible", code: "BLOCKED" });
  });

  it("lets a preferred warehouse win a tie, and only a tie", () => {
    const o = order([line("X", 1)]);
    const ws = [warehouse("first", { stock: { X: 1 } }), warehouse("pref", { stock: { X: 1 } })];
    const tie = routed(routeOrder(input(o, ws, { policy: { objective: "cheapest", maxSplits: 0, preferredWarehouseIds: ["pref"] } })));
    expect(tie.allocations[0]!.warehouseId).toBe("pref");
    expect(verdictOf(tie, "first")).toMatchObject({ code: "TIE_LOST" });
    expect(verdictOf(tie, "first").reason).toContain("preferred");
    const dearer = [ws[0]!, warehouse("pref", { stock: { X: 1 }, handlingFee: 1 })];
    const noTie = routed(routeOrder(input(o, dearer, { policy: { objective: "cheapest", maxSplits: 0, preferredWarehouseIds: ["pref"] } })));
    expect(noTie.allocations[0]!.warehouseId).toBe("first");
  });

  it("names the reason an order cannot be routed", () => {
    const o = order([line("X", 2)]);
    const code = (ws: Parameters<typeof warehouse>[1][], over = {}) =>
      unroutable(routeOrder(input(o, ws.map((w, i) => warehouse(`w${i}`, w)), over))).code;
    expect(code([{ stock: { X: 1 } }])).toBe("NO_STOCK");
    expect(code([{ stock: { X: 2 }, lanes: [lane({ destinations: ["GB"] })] }])).toBe("NO_LANE");
    expect(code([{ stock: { X: 2 } }], { policy: { objective: "cheapest", maxSplits: 0, blockedWarehouseIds: ["w0"] } })).toBe("BLOCKED");
    expect(code([{ stock: { X: 2 }, capabilities: { lithium: false, ddp: false, prohibited: ["X"] } }])).toBe("PROHIBITED");
    expect(code([{ stock: { X: 2 }, lanes: [lane({ currency: "THB" })] }])).toBe("NO_FX_RATE");
    expect(code([{ stock: { X: 2 }, timeZone: "Mars/Olympus" }])).toBe("INVALID_WAREHOUSE_SETTINGS");
    expect(code([])).toBe("NO_WAREHOUSES");
    expect(unroutable(routeOrder(input(order([]), [warehouse("a")]))).code).toBe("NO_LINES");
    const noStock = unroutable(routeOrder(input(o, [warehouse("a", { stock: { X: 1 } })])));
    expect(noStock.merchantMessage).toBe("Not enough X in any warehouse (2 needed, 1 available). Restock X or edit the order.");
  });
});

describe("routeOrder: cost terms and the stored decision", () => {
  it("converts lane and fee currencies into the reporting currency, keeping the original amounts", () => {
    const o = order([line("X", 1, { weightGrams: 1000 })], "DE");
    const ws = [warehouse("uk", { stock: { X: 1 }, handlingFee: 200, feeCurrency: "GBP", lanes: [lane({ destinations: ["DE"], currency: "EUR", baseCost: 1000, perKgCost: 0, surcharges: { fuel: 100 } })] })];
    const a = routed(routeOrder(input(o, ws))).allocations[0]!;
    expect(a.cost.terms).toEqual([
      { name: "carrier", amount: 1080, original: { amount: 1000, currency: "EUR" } },
      { name: "surcharge:fuel", amount: 108, original: { amount: 100, currency: "EUR" } },
      { name: "handling", amount: 254, original: { amount: 200, currency: "GBP" } },
    ]);
    expect(a.cost.total).toBe(1442);
  });

  it("adds a pluggable duties term that can change the winner, and lets a term refuse a shipment", () => {
    // GIVEN origin is cheaper on freight, but parcels from it owe duty while the 3PL's stock is duty-paid
    const o = order([line("AO-DAI", 1)]);
    const ws = [
      warehouse("vn", { stock: { "AO-DAI": 1 }, lanes: [vnAir] }),
      warehouse("reno", { stock: { "AO-DAI": 1 }, lanes: [usGround], dutiesPrepaid: true }),
    ];
    const duties: CostTerm = {
      name: "duties_and_taxes",
      amount: (plan) => (plan.warehouse.dutiesPrepaid ? { amount: 0, currency: "USD", note: "paid at bulk import" } : { amount: 900, currency: "USD" }),
    };
    expect(routed(routeOrder(input(o, ws))).allocations[0]!.warehouseId).toBe("vn");
    const d = routed(routeOrder(input(o, ws, { extraTerms: [duties] })));
    expect(d.allocations[0]!.warehouseId).toBe("reno");
    expect(verdictOf(d, "vn").cost!.terms.map((t) => t.name)).toEqual(["carrier", "duties_and_taxes"]);
    expect(d.allocations[0]!.cost.terms.at(-1)).toEqual({ name: "duties_and_taxes", amount: 0, note: "paid at bulk import" });
    // WHEN a term refuses the 3PL THEN it is ineligible with the term's sentence
    const ban: CostTerm = { name: "import_ban", amount: (p) => (p.warehouse.id === "reno" ? { refuse: "Reno cannot import this." } : null) };
    const banned = routed(routeOrder(input(o, ws, { extraTerms: [ban] })));
    expect(verdictOf(banned, "reno")).toMatchObject({ verdict: "ineligible", code: "REFUSED_BY_TERM", reason: "Reno cannot import this." });
  });

  it("survives a JSON round trip unchanged, so it can be stored with the order", () => {
    const o = order([line("X", 2), line("Y", 1)]);
    const ws = [warehouse("a", { stock: { X: 2 } }), warehouse("b", { stock: { Y: 1 } })];
    for (const d of [routeOrder(input(o, ws)), routeOrder(input(o, []))]) expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe("routeOrder: currencies without cents", () => {
  it("converts yen and dong lanes by their own minor units", () => {
    // GIVEN a ¥1,000 lane and a ₫100,000 handling fee, reported in USD
    const o = order([line("X", 1, { weightGrams: 0 })], "JP");
    const ws = [warehouse("jp", { stock: { X: 1 }, handlingFee: 100_000, feeCurrency: "VND", lanes: [lane({ destinations: ["JP"], currency: "JPY", baseCost: 1000, perKgCost: 0 })] })];
    // WHEN routed THEN ¥1,000 × 0.0067 = $6.70 and ₫100,000 × 0.0000394 = $3.94
    const a = routed(routeOrder(input(o, ws))).allocations[0]!;
    expect(a.cost.terms).toEqual([
      { name: "carrier", amount: 670, original: { amount: 1000, currency: "JPY" } },
      { name: "handling", amount: 394, original: { amount: 100_000, currency: "VND" } },
    ]);
  });
});
