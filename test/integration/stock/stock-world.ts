/**
 * A shop wired for stock sync against the Shopify sandbox: Corridor registered as the shop's
 * fulfillment service (so credentials.locationId is set), an offline session, three warehouses
 * with lanes, N SKUs stocked at Corridor's location in the sandbox. Shared by the integration
 * tests and bench/stock-sync.bench.ts, so it takes a database handle instead of making one.
 */
import { SecretBox } from "../../../app/lib/secret-box.server";
import { sealSessionToken } from "../../../app/shops/sealed-session-storage.server";
import { TEST_ENCRYPTION_KEYS } from "../../helpers/config";
import { sql } from "drizzle-orm";
import { pino } from "pino";
import { createAdminClient } from "../../../app/channels/shopify/admin-client.server";
import { registerFulfillmentService } from "../../../app/channels/shopify/fulfillment/register-fulfillment-service.server";
import type { Config } from "../../../app/config.server";
import type { Database } from "../../../app/db/client.server";
import { sessionTable, shops, skus as skusTable, warehouseLanes, warehouses } from "../../../app/db/schema";
import type { HandlerContext } from "../../../app/inbox/topic-handler";
import type { Queues } from "../../../app/queues/queues.server";
import { ThrottleRegistry } from "../../../app/channels/shopify/throttle";
import type { Plan } from "../../sandboxes/shopify/cost";
import type { ShopifySandbox } from "../../sandboxes/shopify";
import type { InventoryItemRec, ShopState } from "../../sandboxes/shopify/state";

export const skuName = (i: number) => `SKU-${String(i).padStart(5, "0")}`;

export interface StockShop {
  domain: string;
  shopId: number;
  connectionId: number;
  locationId: string;
  warehouseIds: number[];
  sandboxShop: ShopState;
  /** Sandbox inventory item per SKU. */
  items: Map<string, InventoryItemRec>;
  /** The sandbox's `available` at Corridor's location per SKU. */
  storefrontLevels(): Map<string, number>;
}

export function stockContext(db: Database, config: Config, queues: Queues): HandlerContext {
  return { db, queues, config, logger: pino({ level: "silent" }), now: () => new Date() };
}

export async function seedStockShop(
  db: Database,
  sandbox: ShopifySandbox,
  opts: { domain: string; skuCount: number; plan?: Plan; mapRefs?: boolean; stockedAtLocation?: boolean },
): Promise<StockShop> {
  const token = `shpat_${opts.domain.split(".")[0]}`;
  const sandboxShop = sandbox.addShop(opts.domain, { accessToken: token, plan: opts.plan });
  // Sealed as the app stores it (testConfig's key), so the pushers must open it.
  await db.insert(sessionTable).values({ id: `offline_${opts.domain}`, shop: opts.domain, state: "custom-app", isOnline: false, accessToken: sealSessionToken(SecretBox.fromSpec(TEST_ENCRYPTION_KEYS), token) });
  const client = createAdminClient({ shopDomain: opts.domain, accessToken: token, origin: sandbox.url, logger: pino({ level: "silent" }), throttle: new ThrottleRegistry() });
  const registration = await registerFulfillmentService(client, { appUrl: "http://127.0.0.1", db });
  const [shop] = await db.select().from(shops).where(sql`${shops.domain} = ${opts.domain}`);
  const [conn] = await db.execute<{ id: string }>(sql`SELECT id FROM channel_connections WHERE external_account_id = ${opts.domain} AND channel = 'shopify'`);
  const locationNumber = BigInt(registration.locationId.slice(registration.locationId.lastIndexOf("/") + 1));

  const warehouseIds: number[] = [];
  for (const [code, country, destinations] of [["VN-HCM", "VN", ["US", "GB", "AU"]], ["US-RNO", "US", ["US"]], ["GB-LON", "GB", ["GB"]]] as const) {
    const [w] = await db.insert(warehouses).values({ shopId: shop!.id, code, name: code, connector: "sandbox", countryCode: country, kind: country === "VN" ? "origin" : "overseas" }).returning({ id: warehouses.id });
    await db.insert(warehouseLanes).values({ warehouseId: w!.id, destinations: [...destinations], mode: "ground", transitDaysMin: 1, transitDaysMax: 5, baseCost: 500, perKgCost: 100, currency: "USD" });
    warehouseIds.push(w!.id);
  }

  const items = new Map<string, InventoryItemRec>();
  for (let i = 0; i < opts.skuCount; i++) {
    const item = sandbox.merchant.ensureItem(sandboxShop, { sku: skuName(i) });
    if (opts.stockedAtLocation !== false) {
      item.levels.set(locationNumber, { locationId: locationNumber, quantities: { available: 0, on_hand: 0, committed: 0 }, createdAt: sandbox.state.iso(), updatedAt: sandbox.state.iso() });
    }
    items.set(item.sku, item);
  }
  if (opts.mapRefs !== false && opts.skuCount > 0) {
    const rows = [...items.values()].map((it) => ({ shopId: shop!.id, sku: it.sku, channelRefs: { shopify: { inventoryItemId: `gid://shopify/InventoryItem/${it.id}` } } }));
    for (let i = 0; i < rows.length; i += 2_000) await db.insert(skusTable).values(rows.slice(i, i + 2_000));
  }
  return {
    domain: opts.domain,
    shopId: shop!.id,
    connectionId: Number(conn!.id),
    locationId: registration.locationId,
    warehouseIds,
    sandboxShop,
    items,
    storefrontLevels() {
      const out = new Map<string, number>();
      for (const [sku, item] of items) {
        const level = item.levels.get(locationNumber);
        if (level) out.set(sku, level.quantities.available ?? 0);
      }
      return out;
    },
  };
}

/**
 * Writes stock for SKUs [from, to) at all three warehouses in one statement (the triggers record
 * every row): on hand from `onHand(i, w)`, reserved from `reserved(i, w)`, safety buffer 1 at the origin.
 */
export async function writeStock(db: Database, shop: StockShop, from: number, to: number, onHand: (i: number, w: number) => number, reserved: (i: number, w: number) => number = () => 0): Promise<void> {
  const wh: number[] = [], sk: string[] = [], oh: number[] = [], rs: number[] = [], sb: number[] = [];
  for (let i = from; i < to; i++) {
    shop.warehouseIds.forEach((id, w) => {
      const o = onHand(i, w);
      wh.push(id); sk.push(skuName(i)); oh.push(o); rs.push(Math.min(o, reserved(i, w))); sb.push(w === 0 ? 1 : 0);
    });
  }
  await db.execute(sql`
    INSERT INTO inventory_levels (warehouse_id, sku, on_hand, reserved, safety_buffer)
    SELECT * FROM unnest(${`{${wh.join(",")}}`}::bigint[], ${`{${sk.join(",")}}`}::text[], ${`{${oh.join(",")}}`}::int[], ${`{${rs.join(",")}}`}::int[], ${`{${sb.join(",")}}`}::int[])
    ON CONFLICT (warehouse_id, sku) DO UPDATE SET on_hand = excluded.on_hand, reserved = excluded.reserved, safety_buffer = excluded.safety_buffer, updated_at = now()`);
}

/** ATS per SKU computed independently of app/domain: straight SQL over every warehouse with a lane. */
export async function expectedAts(db: Database, shop: StockShop): Promise<Map<string, number>> {
  const rows = await db.execute<{ sku: string; ats: string }>(sql`
    SELECT l.sku, sum(greatest(0, l.on_hand - l.reserved - l.safety_buffer)) AS ats
    FROM inventory_levels l JOIN warehouses w ON w.id = l.warehouse_id
    WHERE w.shop_id = ${shop.shopId} AND w.active AND exists (SELECT 1 FROM warehouse_lanes wl WHERE wl.warehouse_id = w.id)
    GROUP BY l.sku`);
  return new Map([...rows].map((r) => [r.sku, Number(r.ats)]));
}

/** SKUs whose storefront quantity differs from ATS (empty = the storefront matches). */
export async function mismatches(db: Database, shop: StockShop): Promise<string[]> {
  const ats = await expectedAts(db, shop);
  const levels = shop.storefrontLevels();
  return [...ats].filter(([sku, q]) => levels.get(sku) !== q).map(([sku]) => sku);
}

export function setCalls(sandbox: ShopifySandbox, domain: string, since = 0) {
  const calls = sandbox.log.slice(since).filter((e) => e.shop === domain && e.operationName === "CorridorInventorySetQuantities");
  return { accepted: calls.filter((c) => !c.throttled).length, throttled: calls.filter((c) => c.throttled).length };
}
