/**
 * The customs CSV import against a real database: good rows are written, bad rows come back with
 * their line number and per-field reasons, a second import of the same file changes nothing, blank
 * cells keep stored data, and another shop's SKU of the same name is never touched. The CLI runs
 * as operators run it (a child process), with its progress on stderr.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skus } from "../../../app/db/schema";
import { CUSTOMS_COLUMNS } from "../../../app/skus/customs-fields";
import { exportCustomsCsv } from "../../../app/skus/export-customs-csv.server";
import { CsvFileError, importCustomsCsv } from "../../../app/skus/import-customs-csv.server";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { seedShop } from "../../helpers/seed";
import { runCorridor } from "../../helpers/run-cli";

let world: IsolatedWorld;
let dir: string;
let shopId: number;
let otherShopId: number;

const HEADER = "sku,hs_code,hs_us,hs_eu,country_of_origin,customs_description,unit_value,currency,weight_grams,material,lithium,watt_hours,other_dg_classes";
/** Lines 2–4 good, 5–7 bad (line numbers count the header as line 1). */
const FILE = [
  HEADER,
  'TEE-M,6109.10,6109100012,61091000,VN,"Men\'s knitted cotton T-shirt",12.50,USD,180,100% cotton,,,',
  "SPEAKER-1,851822,,,VN,Portable bluetooth speaker,39.00,USD,420,plastic,ion_in_equipment,7.4,magnetized",
  "SCARF-SILK,621410,6214101000,,VN,\"Silk scarf, hand-rolled edges\",850000,VND,60,silk,,,",
  "BAD-HS,61091,,,VN,Cotton socks,3.00,USD,50,,,,",
  "BAD-US,610910,61091000,,XX,Gift,3.00,USD,50,,,,",
  "POWERBANK,850760,,,VN,Power bank 10000 mAh,20.00,USD,200,,UN3480,,",
].join("\n");

const corridor = (...args: string[]) => runCorridor(world, args);

const rowOf = async (shop: number, sku: string) => (await world.db.select().from(skus).where(and(eq(skus.shopId, shop), eq(skus.sku, sku))))[0];

beforeAll(async () => {
  world = await isolatedWorld();
  dir = await mkdtemp(path.join(os.tmpdir(), "skus-csv-"));
  shopId = (await seedShop(world.db, "csv-shop.myshopify.com")).id;
  otherShopId = (await seedShop(world.db, "other-shop.myshopify.com")).id;
  // Another shop already has a TEE-M of its own.
  await world.db.insert(skus).values({ shopId: otherShopId, sku: "TEE-M", hsCode: "999999", countryOfOrigin: "CN", weightGrams: 1 });
});
afterAll(async () => {
  await world?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("customs CSV import", () => {
  it("checks a file without writing anything when asked for a dry run", async () => {
    const summary = await importCustomsCsv(world.db, shopId, FILE, { dryRun: true });
    expect(summary).toMatchObject({ rows: 6, created: 3, updated: 0, unchanged: 0, dryRun: true });
    expect(summary.rejected.map((r) => r.line)).toEqual([5, 6, 7]);
    expect(await world.db.select().from(skus).where(eq(skus.shopId, shopId))).toEqual([]);
  });

  it("writes the good rows and rejects the bad ones with line numbers and per-field reasons", async () => {
    const summary = await importCustomsCsv(world.db, shopId, FILE);
    expect(summary).toMatchObject({ rows: 6, created: 3, updated: 0, unchanged: 0 });
    expect(summary.rejected).toEqual([
      { line: 5, sku: "BAD-HS", errors: [{ field: "hs_code", key: "skus.error.hsCode" }] },
      {
        line: 6,
        sku: "BAD-US",
        errors: [
          { field: "hs_us", key: "skus.error.hsNationalLength", vars: { country: "US", digits: "10" } },
          { field: "country_of_origin", key: "skus.error.country" },
          { field: "customs_description", key: "skus.error.descriptionVague", vars: { word: "Gift" } },
        ],
      },
      { line: 7, sku: "POWERBANK", errors: [{ field: "watt_hours", key: "skus.error.wattHoursNeeded" }] },
    ]);
    expect(await rowOf(shopId, "TEE-M")).toMatchObject({
      hsCode: "610910", hsCodesByCountry: { US: "6109100012", EU: "61091000" }, countryOfOrigin: "VN",
      customsDescription: "Men's knitted cotton T-shirt", unitValue: 1250, currency: "USD", weightGrams: 180, material: "100% cotton", dangerousGoods: {},
    });
    expect(await rowOf(shopId, "SPEAKER-1")).toMatchObject({ dangerousGoods: { lithium: "ion_in_equipment", wattHours: 7.4, otherClasses: ["magnetized"] } });
    expect(await rowOf(shopId, "SCARF-SILK")).toMatchObject({ unitValue: 850000, currency: "VND", customsDescription: "Silk scarf, hand-rolled edges" });
    expect(await rowOf(shopId, "BAD-HS")).toBeUndefined();
    // THEN the other shop's TEE-M is exactly as it was
    expect(await rowOf(otherShopId, "TEE-M")).toMatchObject({ hsCode: "999999", countryOfOrigin: "CN", weightGrams: 1, hsCodesByCountry: {} });
  });

  it("re-importing the same file changes nothing", async () => {
    const before = await world.db.select().from(skus).where(eq(skus.shopId, shopId)).orderBy(skus.sku);
    const summary = await importCustomsCsv(world.db, shopId, FILE);
    expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(summary.rejected).toHaveLength(3);
    expect(await world.db.select().from(skus).where(eq(skus.shopId, shopId)).orderBy(skus.sku)).toEqual(before);
  });

  it("a partial sheet with ';' separators updates only its columns; blank cells keep stored values", async () => {
    const summary = await importCustomsCsv(world.db, shopId, "\uFEFFSKU;Country of origin;Material\nTEE-M;TH;\n");
    expect(summary).toMatchObject({ updated: 1, rejected: [] });
    expect(await rowOf(shopId, "TEE-M")).toMatchObject({ countryOfOrigin: "TH", material: "100% cotton", hsCode: "610910", unitValue: 1250 });
  });

  it("refuses a file with an unknown column or a repeated SKU, naming them", async () => {
    await expect(importCustomsCsv(world.db, shopId, "sku,hs,origin\nA,610910,VN\n")).rejects.toMatchObject(
      Object.assign(Object.create(CsvFileError.prototype), { key: "skus.csv.unknownColumns", vars: expect.objectContaining({ columns: "hs, origin" }) }),
    );
    const dup = await importCustomsCsv(world.db, shopId, "sku,hs_code\nDUP-1,610910\nDUP-1,620520\n");
    expect(dup.rejected).toEqual([{ line: 3, sku: "DUP-1", errors: [{ field: "sku", key: "skus.csv.duplicateSku", vars: { line: 2 } }] }]);
    expect(await rowOf(shopId, "DUP-1")).toMatchObject({ hsCode: "610910" });
  });

  it("exports the shop's data as a CSV that re-imports without changing anything", async () => {
    const exported = await exportCustomsCsv(world.db, shopId);
    expect(exported.csv.split("\r\n")[0]).toBe(CUSTOMS_COLUMNS.join(","));
    expect(exported.csv).toContain('SCARF-SILK,621410,6214101000,,,,,,VN,"Silk scarf, hand-rolled edges",850000,VND,60,silk,none,,,,,');
    expect(exported.csv).not.toContain("999999"); // the other shop's TEE-M
    const summary = await importCustomsCsv(world.db, shopId, exported.csv);
    expect(summary).toMatchObject({ rows: exported.rows, created: 0, updated: 0, unchanged: exported.rows, rejected: [] });
  });

  it("`corridor skus import` prints the summary, each rejected line in English, progress on stderr, and exits 1 when lines were rejected", async () => {
    const file = path.join(dir, "customs.csv");
    await writeFile(file, FILE.replace("TEE-M,6109.10", "TEE-L,6109.10"));
    const result = await corridor("skus", "import", file, "--shop", "csv-shop.myshopify.com");
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain("6 rows: 1 added, 0 updated, 2 unchanged, 3 rejected");
    expect(result.stdout).toContain("line 6 (BAD-US): United States (HTS): US tariff codes have 10 digits. Country of origin: A two-letter ISO country code, e.g. VN.");
    expect(result.stderr).toMatch(/\[#+\] 4\/4 rows/);
    expect(result.stderr).toContain("3 line(s) rejected");
    expect(await rowOf(shopId, "TEE-L")).toMatchObject({ hsCode: "610910", countryOfOrigin: "VN" });
    const dry = await corridor("skus", "import", file, "--shop", "csv-shop.myshopify.com", "--dry-run", "--json");
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, created: 0, unchanged: 3 });
    expect((await corridor("skus", "import", file, "--shop", "nobody.myshopify.com")).stderr).toContain("no shop nobody.myshopify.com");
  });
});
