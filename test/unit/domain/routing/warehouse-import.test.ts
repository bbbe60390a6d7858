import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { routeOrder } from "~/domain/routing/route-order";
import type { RoutedDecision, RoutingDecision } from "~/domain/routing/types";
import { candidatesFromImport, parseWarehouseImportFile, type WarehouseImportFile } from "~/warehouses/import-file";
import { line, order } from "./builders";

const demoText = readFileSync(path.resolve(import.meta.dirname, "../../../../scripts/seed/demo-warehouses.json"), "utf8");

function demo(): WarehouseImportFile {
  const r = parseWarehouseImportFile(demoText);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return r.file;
}

describe("the demo warehouse file", () => {
  it("parses, with a Vietnam origin and overseas warehouses in the US, UK, Japan and Australia", () => {
    const file = demo();
    expect(file.warehouses.map((w) => `${w.code}:${w.kind}`)).toEqual(["VN-HCM:origin", "US-RNO:overseas", "GB-MKN:overseas", "JP-NRT:overseas", "AU-SYD:overseas"]);
    expect(file.products.length).toBeGreaterThanOrEqual(12);
    expect(file.products.every((p) => p.countryOfOrigin === "VN" && p.hsCode !== undefined)).toBe(true);
    // some SKUs only sit in Vietnam
    const overseasSkus = new Set(file.warehouses.filter((w) => w.kind === "overseas").flatMap((w) => Object.keys(w.stock)));
    expect(file.products.filter((p) => !overseasSkus.has(p.sku)).map((p) => p.sku)).toContain("CERAMIC-VASE-BATTRANG");
    // the object stock form keeps its safety buffer out of routing
    expect(candidatesFromImport(file).find((w) => w.id === "US-RNO")!.stock["COFFEE-ROBUSTA-500"]).toBe(130);
  });

  const route = (sku: string, qty: number, country: string): RoutedDecision => {
    const file = demo();
    const p = file.products.find((x) => x.sku === sku)!;
    const d: RoutingDecision = routeOrder({
      order: order([line(sku, qty, { weightGrams: p.weightGrams, dangerousGoods: p.dangerousGoods })], country),
      warehouses: candidatesFromImport(file), policy: { objective: "cheapest", maxSplits: 1 },
      fx: { reportingCurrency: "USD", rates: {} }, now: new Date("2026-11-02T03:00:00Z"),
    });
    if (d.status !== "routed") throw new Error(`${d.code}: ${d.merchantMessage}`);
    return d;
  };

  it("routes demo orders where a merchant would expect", () => {
    // coffee to the US ships domestically from Reno, not across the Pacific
    expect(route("COFFEE-ROBUSTA-500", 1, "US").allocations[0]!.warehouseId).toBe("US-RNO");
    // a Bát Tràng vase only exists in Vietnam
    expect(route("CERAMIC-VASE-BATTRANG", 1, "GB").allocations[0]).toMatchObject({ warehouseId: "VN-HCM", lane: { mode: "air" } });
    // a power bank to Germany: the UK 3PL refuses loose lithium and postal air may not carry it, so DHL Express from Vietnam
    const pb = route("POWERBANK-10K", 1, "DE");
    expect(pb.allocations[0]).toMatchObject({ warehouseId: "VN-HCM", lane: { mode: "express", carrier: "DHL Express" } });
    expect(pb.candidates.find((c) => c.warehouseId === "GB-MKN")).toMatchObject({ verdict: "ineligible", code: "PROHIBITED" });
    // ten lacquer boxes to Japan: Narita holds 6, Vietnam holds all, so one parcel from Vietnam rather than two
    expect(route("LACQUER-BOX-MOP", 10, "JP").allocations.map((a) => a.warehouseId)).toEqual(["VN-HCM"]);
  });
});

describe("parseWarehouseImportFile", () => {
  // Loosely typed on purpose: these tests break the file in ways its type forbids.
  type Loose = { products: Record<string, unknown>[]; warehouses: { [k: string]: unknown; lanes: Record<string, unknown>[]; stock: Record<string, unknown> }[] };
  const base = () => JSON.parse(demoText) as Loose;

  it("names the path of every bad field in one pass", () => {
    const f = base();
    f.warehouses[1]!.lanes[0]!.currency = "DOLLARS";
    f.warehouses[2]!.cutoffTime = "2pm";
    f.warehouses[0]!.timeZone = "Asia/Saigon City";
    f.products[3]!.weightGrams = 0;
    const r = parseWarehouseImportFile(f);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path).sort()).toEqual([
      "products[3].weightGrams", "warehouses[0].timeZone", "warehouses[1].lanes[0].currency", "warehouses[2].cutoffTime",
    ]);
    expect(r.problems.find((p) => p.path === "warehouses[2].cutoffTime")!.message).toContain("HH:MM");
  });

  it("checks what spans fields: duplicate codes, unknown SKUs in stock, inverted transit days, decimals for money", () => {
    const f = base();
    f.warehouses[3]!.code = "VN-HCM";
    f.warehouses[1]!.stock["MYSTERY-SKU"] = 3;
    f.warehouses[0]!.lanes[1]!.transitDaysMin = 30;
    let r = parseWarehouseImportFile(f);
    expect(r.ok ? [] : r.problems).toEqual([
      { path: "warehouses[0].lanes[1].transitDaysMax", message: "must be at least transitDaysMin (30)" },
      { path: 'warehouses[1].stock["MYSTERY-SKU"]', message: 'SKU "MYSTERY-SKU" is not listed in products' },
      { path: "warehouses[3].code", message: 'duplicates warehouse code "VN-HCM"' },
    ]);
    const g = base();
    g.warehouses[0]!.lanes[0]!.baseCost = 4.5;
    r = parseWarehouseImportFile(g);
    expect(r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(["warehouses[0].lanes[0].baseCost: must be a whole number of minor units (cents), not a decimal"]);
  });

  it("reports broken JSON and unknown fields instead of throwing", () => {
    const broken = parseWarehouseImportFile("{ \"version\": 1, ");
    expect(broken.ok ? "" : broken.problems[0]!.message).toMatch(/^is not valid JSON/);
    const f = base();
    f.warehouses[0]!.cutOff = "14:00";
    const r = parseWarehouseImportFile(f);
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(["warehouses[0]"]);
    expect(r.ok ? "" : r.problems[0]!.message).toContain("cutOff");
  });
});
