/**
 * Shopify's Channel.pushStock: available quantities at Corridor's fulfillment-service location via
 * inventorySetQuantities, ≤ 250 rows a call, each row a compare-and-swap from what Corridor last
 * pushed (changeFromQuantity) and each call @idempotent under a key derived from its content
 * (domain/stock/plan-stock-push). SKUs without a known inventory item are looked up by SKU and
 * reported as learnt (the caller caches them); items not stocked at the location yet are
 * activated with their quantity. Nothing here touches the database.
 */
import type { StockLevel, StockPushOptions, StockPushResult } from "../../channel";
import { planStockPush, type PushBase, type PushCandidate } from "../../../domain/stock/plan-stock-push";
import type { Logger } from "../../../lib/logger.server";
import type { AdminClient } from "../admin-client.server";
import { activateItem, activationKey, lookupItemsBySku, readLevels } from "./inventory-items.server";
import { sendStockBatch } from "./send-stock-batch.server";

export interface ShopifyStockDeps {
  client: AdminClient;
  /** gid://shopify/Location/<n>: Corridor's fulfillment-service location. */
  locationId: string;
  logger: Logger;
  now(): Date;
  /** gid://corridor/StockSync/<…>: shown in the merchant's inventory history. */
  referenceDocumentUri: string;
}

type Result = Required<Omit<StockPushResult, "stats">> & { stats: { activated: number; staleRetries: number; drifted: string[] } };

export async function pushShopifyStock(deps: ShopifyStockDeps, levels: readonly StockLevel[], opts: StockPushOptions = {}): Promise<StockPushResult> {
  const { client, locationId, logger } = deps;
  const readAt = `read@${deps.now().toISOString()}`;
  const result: Result = { pushed: [], skipped: [], observed: [], learnedRefs: [], staleRefs: [], calls: [], stats: { activated: 0, staleRetries: 0, drifted: [] } };
  const want = new Map(levels.map((l) => [l.sku, Math.max(0, Math.trunc(l.available))]));
  const items = new Map<string, string>();
  const bases = new Map<string, PushBase>();
  /** SKUs whose base was read from Shopify just now (not what we pushed): reported as observed. */
  const read = new Set<string>();
  for (const l of levels) {
    if (l.channelRef?.inventoryItemId) items.set(l.sku, l.channelRef.inventoryItemId);
    if (l.expected) bases.set(l.sku, l.expected);
  }

  const missing = levels.filter((l) => !items.has(l.sku)).map((l) => l.sku);
  const found = missing.length ? await lookupItemsBySku(client, locationId, missing) : new Map();
  for (const sku of missing) {
    const level = found.get(sku);
    if (!level) {
      result.skipped.push({ sku, reason: "Shopify has no inventory item with this SKU" });
      continue;
    }
    result.learnedRefs.push({ sku, channelRef: { inventoryItemId: level.inventoryItemId } });
    if (level.available !== null) {
      // Just read while looking the SKU up: compare against Shopify's real level rather than skip the check.
      if ((bases.get(sku)?.quantity ?? null) === null) {
        bases.set(sku, { quantity: level.available, version: readAt });
        read.add(sku);
      }
      items.set(sku, level.inventoryItemId);
      continue;
    }
    // Not stocked at Corridor's location yet: activation sets its quantity.
    const quantity = want.get(sku)!;
    const available = await activateItem(client, { inventoryItemId: level.inventoryItemId, locationId, available: quantity });
    result.stats.activated++;
    if (available === quantity) {
      result.pushed.push({ sku, locationRef: locationId, quantity });
      result.calls.push({ idempotencyKey: activationKey(level.inventoryItemId, locationId, quantity), outcome: "pushed", skus: [sku], rows: 1 });
      continue;
    }
    // Stocked meanwhile by someone else: set it from what it holds.
    bases.set(sku, { quantity: available, version: `activated@${deps.now().toISOString()}` });
    read.add(sku);
    items.set(sku, level.inventoryItemId);
  }

  if (opts.readBack) {
    const known = [...items].filter(([sku]) => !found.has(sku));
    const actual = await readLevels(client, locationId, known.map(([, item]) => item));
    for (const [sku, item] of known) {
      const quantity = actual.get(item)?.available ?? null;
      if (quantity === null || quantity === bases.get(sku)?.quantity) continue;
      result.stats.drifted.push(sku);
      bases.set(sku, { quantity, version: readAt });
      read.add(sku);
    }
    if (result.stats.drifted.length) logger.warn({ drifted: result.stats.drifted.length, sample: result.stats.drifted.slice(0, 5) }, "storefront stock drifted from what Corridor pushed; setting it back to ATS");
  }

  const candidates: PushCandidate[] = [...items].map(([sku, inventoryItemId]) => ({ sku, inventoryItemId, quantity: want.get(sku)!, base: bases.get(sku) ?? { quantity: null, version: null } }));
  const plan = planStockPush(candidates, { locationId });
  for (const sku of plan.unchanged) if (read.has(sku)) result.observed.push({ sku, locationRef: locationId, quantity: want.get(sku)! });
  if (plan.duplicates.length) logger.warn({ duplicates: plan.duplicates }, "SKUs sharing one Shopify inventory item: only the first is pushed");
  for (const sku of plan.duplicates) result.skipped.push({ sku, reason: "shares its Shopify inventory item with another SKU" });

  for (const batch of plan.batches) {
    const outcome = await sendStockBatch({ client, logger, locationId, referenceDocumentUri: deps.referenceDocumentUri, now: deps.now }, batch);
    for (const r of outcome.refused) {
      if (r.code === "CHANGE_FROM_QUANTITY_STALE") result.calls.push({ idempotencyKey: r.idempotencyKey, outcome: "stale", skus: [], rows: r.rows, code: r.code });
    }
    for (const r of outcome.rows) result.pushed.push({ sku: r.sku, locationRef: locationId, quantity: r.quantity });
    if (outcome.rows.length) result.calls.push({ idempotencyKey: outcome.idempotencyKey, outcome: "pushed", skus: outcome.rows.map((r) => r.sku), rows: outcome.rows.length });
    for (const r of outcome.invalid) result.skipped.push({ sku: r.sku, reason: "Shopify no longer has this inventory item (a deleted variant)" });
    result.staleRefs.push(...outcome.invalid.map((r) => r.sku));
    result.stats.activated += outcome.activated;
    result.stats.staleRetries += outcome.staleRetries;
  }
  return result;
}
