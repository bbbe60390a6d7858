/**
 * The Products pages' loaders and actions and the settings' customs registrations, called as Remix
 * calls them with a demo-mode session: filters, search and keyset pages; a SKU's edit form with
 * per-field errors; the CSV upload (check, then import); the Shopify pull against the sandbox; and
 * registrations that routing's duty term then reads. Another shop's session sees and changes nothing.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionTable, shops, skus } from "../../../app/db/schema";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { seedShop } from "../../helpers/seed";
import { startShopifySandbox, type ShopifySandbox } from "../../sandboxes/shopify";
import { TEST_API_KEY, TEST_API_SECRET } from "../../helpers/config";

const A = "products-a.myshopify.com";
const B = "products-b.myshopify.com";
let world: IsolatedWorld;
let sandbox: ShopifySandbox;
let shopA: number;
let shopB: number;
let cookieA: string;
let cookieB: string;
let routes: Awaited<ReturnType<typeof loadRoutes>>;

async function loadRoutes() {
  return {
    list: await import("../../../app/routes/app.products._index/route"),
    edit: await import("../../../app/routes/app.products.$id/route"),
    settings: await import("../../../app/routes/app.settings"),
    exportCsv: await import("../../../app/routes/app.products.export"),
  };
}

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;

/** Calls a loader or action as Remix does; a thrown Response (404) is returned. */
async function call<T = unknown>(handler: unknown, path: string, cookie: string, opts: { params?: Record<string, string>; body?: FormData | Record<string, string | string[]> } = {}): Promise<T> {
  const init: RequestInit = { headers: { Cookie: cookie } };
  if (opts.body instanceof FormData) init.body = opts.body;
  else if (opts.body) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.body)) for (const item of [v].flat()) form.append(k, item);
    init.body = form;
  }
  if (init.body) init.method = "POST";
  try {
    return (await (handler as Handler)({ request: new Request(`http://127.0.0.1${path}`, init), params: opts.params ?? {}, context: {} })) as T;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown as T;
    throw thrown;
  }
}

type List = { rows: { id: number; sku: string; national: string[]; lithium: string | null }[]; nextCursor: string | null; gaps: Record<string, number> };
const rowOf = async (shopId: number, sku: string) => (await world.db.select().from(skus).where(and(eq(skus.shopId, shopId), eq(skus.sku, sku))))[0]!;

/** Every field of the edit form, as the browser sends it. */
const FORM = {
  hs_code: "610910", hs_us: "6109100012", hs_eu: "", hs_gb: "", hs_jp: "", hs_au: "", hs_ca: "", country_of_origin: "VN",
  customs_description: "Men's knitted cotton T-shirt", unit_value: "12.50", currency: "USD", weight_grams: "180", material: "cotton",
  lithium: "none", other_dg_classes: [] as string[],
};

beforeAll(async () => {
  world = await isolatedWorld();
  sandbox = await startShopifySandbox({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, plan: "standard" });
  Object.assign(process.env, {
    NODE_ENV: "test", CORRIDOR_DEMO_MODE: "1", SHOPIFY_API_KEY: TEST_API_KEY, SHOPIFY_API_SECRET: TEST_API_SECRET, SCOPES: "read_inventory",
    SHOPIFY_APP_URL: "http://127.0.0.1", DATABASE_URL: world.databaseUrl, REDIS_URL: world.redisUrl, QUEUE_PREFIX: world.queuePrefix,
    LOG_LEVEL: "silent", SHOPIFY_ADMIN_API_ORIGIN: sandbox.url,
  });
  shopA = (await seedShop(world.db, A)).id;
  shopB = (await seedShop(world.db, B)).id;
  // 60 SKUs for shop A: every 3rd lacks an HS code, every 5th its origin, every 7th has a battery.
  await world.db.insert(skus).values(
    Array.from({ length: 60 }, (_, i) => ({
      shopId: shopA,
      sku: `A-${String(i).padStart(3, "0")}`,
      title: i === 42 ? "Blue ceramic mug" : `Item ${i}`,
      hsCode: i % 3 === 0 ? null : "610910",
      countryOfOrigin: i % 5 === 0 ? null : "VN",
      dangerousGoods: i % 7 === 0 ? { lithium: "ion_in_equipment" as const, wattHours: 5 } : {},
    })),
  );
  await world.db.insert(skus).values({ shopId: shopB, sku: "B-SECRET", title: "bravo only", hsCode: "420222", countryOfOrigin: "CN" });
  const shopifyShop = sandbox.addShop(A, { accessToken: "shpat_products_a" });
  await world.db.insert(sessionTable).values({ id: `offline_${A}`, shop: A, state: "custom-app", isOnline: false, accessToken: "shpat_products_a" });
  sandbox.merchant.ensureItem(shopifyShop, { sku: "A-000", hsCode: "691200", countryOfOrigin: "TH", weightGrams: 350, countryHsCodes: [{ countryCode: "GB", harmonizedSystemCode: "6912002310" }] });
  const { demoSignInCookie } = await import("../../../app/auth/demo-session.server");
  cookieA = (await demoSignInCookie(A)).split(";")[0]!;
  cookieB = (await demoSignInCookie(B)).split(";")[0]!;
  routes = await loadRoutes();
});

afterAll(async () => {
  const { closeDb } = await import("../../../app/db/db.server");
  await closeDb();
  await sandbox?.close();
  await world?.cleanup();
});

describe("the products list", () => {
  it("pages through the shop's SKUs 50 at a time and counts what is missing", async () => {
    const first = await call<List>(routes.list.loader, "/app/products", cookieA);
    expect(first.rows).toHaveLength(50);
    expect(first.gaps).toEqual({ total: 60, missing_hs: 20, missing_origin: 12, dangerous: 9 });
    const second = await call<List>(routes.list.loader, `/app/products?after=${first.nextCursor}`, cookieA);
    expect(second.rows.map((r) => r.sku)).toEqual(Array.from({ length: 10 }, (_, i) => `A-0${50 + i}`));
    expect(second.nextCursor).toBeNull();
  });

  it("filters by missing HS code, missing origin and dangerous goods, and searches titles", async () => {
    const missingHs = await call<List>(routes.list.loader, "/app/products?filter=missing_hs", cookieA);
    expect(missingHs.rows.map((r) => r.sku).slice(0, 3)).toEqual(["A-000", "A-003", "A-006"]);
    expect((await call<List>(routes.list.loader, "/app/products?filter=missing_origin", cookieA)).rows).toHaveLength(12);
    const dg = await call<List>(routes.list.loader, "/app/products?filter=dangerous", cookieA);
    expect(dg.rows.every((r) => r.lithium === "ion_in_equipment")).toBe(true);
    expect(dg.rows).toHaveLength(9);
    expect((await call<List>(routes.list.loader, "/app/products?q=ceramic%20MUG", cookieA)).rows.map((r) => r.sku)).toEqual(["A-042"]);
  });

  it("exports only the session shop's SKUs as CSV", async () => {
    const asB = await call<{ csv: string; rows: number; filename: string }>(routes.exportCsv.loader, "/app/products/export", cookieB);
    expect(asB).toMatchObject({ rows: 1, filename: "products-b-customs.csv" });
    expect(asB.csv).toContain("B-SECRET,420222");
    expect(asB.csv).not.toContain("A-0");
  });

  it("shows another shop's session only its own SKUs", async () => {
    const asB = await call<List>(routes.list.loader, "/app/products?q=A-", cookieB);
    expect(asB.rows).toEqual([]);
    const allB = await call<List>(routes.list.loader, "/app/products", cookieB);
    expect(allB.rows.map((r) => r.sku)).toEqual(["B-SECRET"]);
    expect(allB.gaps.total).toBe(1);
  });
});

describe("editing one SKU", () => {
  it("saves a valid form and shows each invalid field's own error", async () => {
    const { id } = await rowOf(shopA, "A-001");
    const bad = await call<{ ok: false; errors: { field: string; key: string }[] }>(routes.edit.action, `/app/products/${id}`, cookieA, {
      params: { id: String(id) },
      body: { ...FORM, hs_us: "61091000", country_of_origin: "Vietnam", customs_description: "clothes", lithium: "ion_loose" },
    });
    expect(bad.errors.map((e) => [e.field, e.key])).toEqual([
      ["hs_us", "skus.error.hsNationalLength"],
      ["country_of_origin", "skus.error.country"],
      ["customs_description", "skus.error.descriptionVague"],
    ]);
    expect(await rowOf(shopA, "A-001")).toMatchObject({ hsCode: "610910", countryOfOrigin: "VN", customsDescription: null });
    const good = await call(routes.edit.action, `/app/products/${id}`, cookieA, {
      params: { id: String(id) },
      body: { ...FORM, lithium: "ion_with_equipment", watt_hours: "12", state_of_charge_pct: "30", other_dg_classes: ["magnetized"] },
    });
    expect(good).toEqual({ ok: true });
    expect(await rowOf(shopA, "A-001")).toMatchObject({
      hsCodesByCountry: { US: "6109100012" }, unitValue: 1250, currency: "USD", weightGrams: 180, material: "cotton",
      dangerousGoods: { lithium: "ion_with_equipment", wattHours: 12, stateOfChargePct: 30, otherClasses: ["magnetized"] },
    });
    const loaded = await call<{ fields: Record<string, string> }>(routes.edit.loader, `/app/products/${id}`, cookieA, { params: { id: String(id) } });
    expect(loaded.fields).toMatchObject({ hs_us: "6109100012", unit_value: "12.50", lithium: "ion_with_equipment", watt_hours: "12", other_dg_classes: "magnetized" });
  });

  it("answers 404 to another shop's session for both the page and the save, and changes nothing", async () => {
    const { id } = await rowOf(shopA, "A-002");
    const page = await call<Response>(routes.edit.loader, `/app/products/${id}`, cookieB, { params: { id: String(id) } });
    expect(page.status).toBe(404);
    const save = await call<Response>(routes.edit.action, `/app/products/${id}`, cookieB, { params: { id: String(id) }, body: { ...FORM, hs_code: "999999" } });
    expect(save.status).toBe(404);
    expect(await rowOf(shopA, "A-002")).toMatchObject({ hsCode: "610910", customsDescription: null });
  });
});

describe("bulk imports from the page", () => {
  const upload = (intent: string, text: string) => {
    const data = new FormData();
    data.append("intent", intent);
    data.append("file", new File([text], "customs.csv", { type: "text/csv" }));
    return data;
  };
  const CSV = "sku,hs_code,country_of_origin,customs_description\nA-003,620520,VN,Men's cotton shirt\nA-004,12,VN,Cotton shirt\nNEW-1,420222,VN,Leather handbag\n";

  it("checks a CSV without writing, then imports it with a per-line summary", async () => {
    type Csv = { kind: "csv"; ok: true; summary: { created: number; updated: number; rejectedCount: number; rejected: { line: number }[]; dryRun: boolean } };
    const checked = await call<Csv>(routes.list.action, "/app/products", cookieA, { body: upload("check-csv", CSV) });
    expect(checked.summary).toMatchObject({ dryRun: true, created: 1, updated: 1, rejectedCount: 1, rejected: [{ line: 3 }] });
    expect((await rowOf(shopA, "A-003")).hsCode).toBeNull();
    const imported = await call<Csv>(routes.list.action, "/app/products", cookieA, { body: upload("import-csv", CSV) });
    expect(imported.summary).toMatchObject({ dryRun: false, created: 1, updated: 1, rejectedCount: 1 });
    expect(await rowOf(shopA, "A-003")).toMatchObject({ hsCode: "620520", customsDescription: "Men's cotton shirt" });
    // The same upload as shop B writes into shop B only.
    await call(routes.list.action, "/app/products", cookieB, { body: upload("import-csv", "sku,hs_code\nA-003,999999\n") });
    expect((await rowOf(shopA, "A-003")).hsCode).toBe("620520");
    expect((await rowOf(shopB, "A-003")).hsCode).toBe("999999");
  });

  it("says what is wrong with a file it cannot read", async () => {
    expect(await call(routes.list.action, "/app/products", cookieA, { body: upload("import-csv", "") })).toEqual({ kind: "csv", ok: false, key: "skus.csv.noFile" });
    expect(await call(routes.list.action, "/app/products", cookieA, { body: upload("import-csv", "hs_code\n610910\n") })).toEqual({ kind: "csv", ok: false, key: "skus.csv.noSkuColumn", vars: {} });
  });

  it("imports from Shopify into the session's shop only, filling only empty fields", async () => {
    const pulled = await call<{ kind: "pull"; ok: true; summary: { items: number; filled: number } }>(routes.list.action, "/app/products", cookieA, { body: { intent: "pull-shopify" } });
    expect(pulled).toMatchObject({ kind: "pull", ok: true, summary: { items: 1, filled: 1 } });
    // A-000 had no HS code and no origin: both come from Shopify, with the UK code and the weight.
    expect(await rowOf(shopA, "A-000")).toMatchObject({ hsCode: "691200", countryOfOrigin: "TH", weightGrams: 350, hsCodesByCountry: { GB: "6912002310" } });
    // Shop B has no Shopify connection: it is told so, and nothing is written anywhere.
    expect(await call(routes.list.action, "/app/products", cookieB, { body: { intent: "pull-shopify" } })).toMatchObject({ kind: "pull", ok: false, reason: expect.stringMatching(/offline access token/) });
  });
});

describe("customs registrations in settings", () => {
  const base = { routingPolicy: "balanced", promiseDays: "10", maxSplits: "2", lowStockThreshold: "5", language: "auto" };

  it("saves valid registrations normalised, refuses invalid ones by field, and routing's duty term reads them", async () => {
    const bad = await call(routes.settings.action, "/app/settings", cookieA, { body: { ...base, ioss: "IM12", gb_vat: "GB 123 4567 89", au_gst: "", jp_ct: "" } });
    expect(bad).toEqual({ ok: false, fields: ["ioss"] });
    const good = await call(routes.settings.action, "/app/settings", cookieA, { body: { ...base, ioss: "im2500000001", gb_vat: "GB 123 4567 89", au_gst: "", jp_ct: "" } });
    expect(good).toEqual({ ok: true });
    const [row] = await world.db.select({ settings: shops.settings }).from(shops).where(eq(shops.id, shopA));
    expect(row!.settings.customsRegistrations).toEqual({ ioss: "IM2500000001", gb_vat: "GB123456789" });
    const { sellerFromSettings } = await import("../../../app/routing/cost-terms.server");
    expect(sellerFromSettings(row!.settings)).toEqual({ registrations: { ioss: "IM2500000001", gb_vat: "GB123456789" } });
    const loaded = await call<{ settings: { customsRegistrations: Record<string, string> } }>(routes.settings.loader, "/app/settings", cookieA);
    expect(loaded.settings.customsRegistrations).toEqual({ ioss: "IM2500000001", gb_vat: "GB123456789" });
  });

  it("a post without the registration fields keeps them; another shop's save never touches them", async () => {
    expect(await call(routes.settings.action, "/app/settings", cookieA, { body: { ...base, promiseDays: "12" } })).toEqual({ ok: true });
    expect(await call(routes.settings.action, "/app/settings", cookieB, { body: { ...base, ioss: "IM9990000009", gb_vat: "", au_gst: "", jp_ct: "" } })).toEqual({ ok: true });
    const rows = await world.db.select({ id: shops.id, settings: shops.settings }).from(shops);
    expect(rows.find((r) => r.id === shopA)!.settings).toMatchObject({ promiseDays: 12, customsRegistrations: { ioss: "IM2500000001", gb_vat: "GB123456789" } });
    expect(rows.find((r) => r.id === shopB)!.settings.customsRegistrations).toEqual({ ioss: "IM9990000009" });
    const asB = await call(routes.settings.loader, "/app/settings", cookieB);
    expect(JSON.stringify(asB)).not.toContain("IM2500000001");
  });
});
