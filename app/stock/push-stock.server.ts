/**
 * Pushes a storefront connection's stock: the SKUs in the shop's outbox ("changes"), or every SKU
 * ("all": the reconciliation that fixes drift). Computes available-to-sell, diffs it against what
 * the storefront last got, sends batches of ≤ 250 rows, and records each accepted batch before
 * the next. The outbox rows read are deleted only after every batch landed, so a crash re-pushes
 * (the same batches replay under their keys) rather than forgets.
 */
import type { Database } from "../db/client.server";
import type { AdminClient } from "../channels/shopify/admin-client.server";
import { planStockPush, type PushCandidate } from "../domain/stock/plan-stock-push";
import { isRetryable } from "../lib/errors";
import type { Logger } from "../lib/logger.server";
import { activateItem, forgetItemRefs, readLevels, resolveInventoryItems } from "./inventory-items.server";
import { recordAttempt, recordObserved, recordPushed } from "./record-stock-push.server";
import { sendStockBatch } from "./send-stock-batch.server";
import type { StockConnection } from "./stock-connection.server";
import { availableToSell, deleteStockChanges, readStockChanges, storefrontBases } from "./stock-inputs.server";

export interface PushStockDeps {
  db: Database;
  client: AdminClient;
  logger: Logger;
  now(): Date;
}

export interface PushStockOptions {
  scope: "changes" | "all";
  /**
   * Read every mapped SKU's level back from Shopify first and compare against that instead of what
   * we last pushed: finds drift another app or a merchant made (≈ 152 points per 50 SKUs).
   */
  readBack?: boolean;
  /** Called after each batch with rows sent so far and rows planned. */
  onProgress?(done: number, total: number): void;
}

export interface PushStockSummary {
  connectionId: number;
  scope: "changes" | "all";
  /** SKUs looked at. */
  considered: number;
  /** Rows Shopify now holds at their new quantity. */
  pushed: number;
  unchanged: number;
  /** SKUs without a Shopify inventory item. */
  unmapped: number;
  activated: number;
  batches: number;
  staleRetries: number;
  /** With readBack: SKUs whose storefront quantity was not what we last pushed (each one then set to ATS). */
  drifted: string[];
}

export async function pushStock(deps: PushStockDeps, conn: StockConnection, opts: PushStockOptions): Promise<PushStockSummary> {
  const { db, client, logger } = deps;
  const startedAt = deps.now();
  const summary: PushStockSummary = { connectionId: conn.connectionId, scope: opts.scope, considered: 0, pushed: 0, unchanged: 0, unmapped: 0, activated: 0, batches: 0, staleRetries: 0, drifted: [] };
  const claimed = opts.scope === "changes" ? await readStockChanges(db, conn.shopId) : undefined;
  if (claimed && claimed.ids.length === 0) return summary;

  const ats = await availableToSell(db, { ...conn, skus: claimed ? [...claimed.seenAt.keys()] : "all" });
  const skus = [...ats.keys()];
  summary.considered = skus.length;
  const resolved = await resolveInventoryItems(db, client, { shopId: conn.shopId, locationId: conn.locationId, skus });
  summary.unmapped = resolved.unknown.length;
  if (resolved.unknown.length) logger.warn({ unmapped: resolved.unknown.length, sample: resolved.unknown.slice(0, 5) }, "SKUs with stock but no Shopify inventory item: not pushed");

  const bases = await storefrontBases(db, conn.connectionId, conn.locationId, skus);
  const seenAt = (sku: string) => claimed?.seenAt.get(sku) ?? startedAt;
  // Items we just learnt are not stocked at Corridor's location: activation sets their quantity.
  for (const [sku, level] of resolved.levels) {
    // Just read while looking the SKU up: compare against Shopify's real level rather than skip the check.
    if (level.available !== null) {
      if (!bases.has(sku)) bases.set(sku, { quantity: level.available, version: `read@${startedAt.toISOString()}` });
      continue;
    }
    const quantity = ats.get(sku) ?? 0;
    const available = await activateItem(client, { inventoryItemId: level.inventoryItemId, locationId: conn.locationId, available: quantity });
    const at = deps.now();
    if (available === quantity) {
      await recordPushed(db, { connectionId: conn.connectionId, locationId: conn.locationId, idempotencyKey: `activate-${level.inventoryItemId}-${quantity}`, rows: [{ sku, quantity, seenAt: seenAt(sku) }], pushedAt: at });
    } else await recordObserved(db, { connectionId: conn.connectionId, locationId: conn.locationId, levels: [{ sku, quantity: available }], at });
    bases.set(sku, { quantity: available, version: `activated@${at.toISOString()}` });
    summary.activated++;
  }

  if (opts.readBack) {
    const wanted = [...resolved.items].filter(([sku]) => !resolved.levels.has(sku));
    const levels = await readLevels(client, conn.locationId, wanted.map(([, item]) => item));
    const at = deps.now().toISOString();
    for (const [sku, item] of wanted) {
      const actual = levels.get(item)?.available ?? null;
      if (actual === null || actual === bases.get(sku)?.quantity) continue;
      summary.drifted.push(sku);
      bases.set(sku, { quantity: actual, version: `read@${at}` });
    }
    if (summary.drifted.length) logger.warn({ drifted: summary.drifted.length, sample: summary.drifted.slice(0, 5) }, "storefront stock drifted from what Corridor pushed; setting it back to ATS");
  }

  const candidates: PushCandidate[] = [];
  for (const [sku, inventoryItemId] of resolved.items) {
    candidates.push({ sku, inventoryItemId, quantity: ats.get(sku) ?? 0, base: bases.get(sku) ?? { quantity: null, version: null } });
  }
  const plan = planStockPush(candidates, { locationId: conn.locationId });
  summary.unchanged = plan.unchanged.length;
  if (plan.duplicates.length) logger.warn({ duplicates: plan.duplicates }, "SKUs sharing one Shopify inventory item: only the first is pushed");
  const total = plan.batches.reduce((n, b) => n + b.rows.length, 0);
  opts.onProgress?.(0, total);
  const referenceDocumentUri = `gid://corridor/StockSync/${conn.connectionId}-${startedAt.getTime()}`;

  let refusal: unknown;
  for (const batch of plan.batches) {
    let outcome;
    try {
      outcome = await sendStockBatch({ client, logger, locationId: conn.locationId, referenceDocumentUri, now: deps.now }, batch);
    } catch (error) {
      await recordAttempt(db, { connectionId: conn.connectionId, idempotencyKey: batch.idempotencyKey, outcome: "failed", rows: batch.rows.length, errorCode: (error as { code?: string }).code ?? "ERROR", at: deps.now() });
      // Retryable (Shopify down, still throttled, still stale): the outbox rows stay and the job retries.
      if (isRetryable(error)) throw error;
      // Refused for good (a bad input Shopify will refuse again): push the other batches, then fail
      // the job once so an operator sees it, rather than re-sending the same refusal every window.
      logger.error({ err: error, rows: batch.rows.length }, "Shopify refused a stock batch; the other batches go on");
      refusal ??= error;
      continue;
    }
    for (const r of outcome.refused) {
      if (r.code === "CHANGE_FROM_QUANTITY_STALE") await recordAttempt(db, { connectionId: conn.connectionId, idempotencyKey: r.idempotencyKey, outcome: "stale", rows: r.rows, errorCode: r.code, at: deps.now() });
    }
    await recordPushed(db, { connectionId: conn.connectionId, locationId: conn.locationId, idempotencyKey: outcome.idempotencyKey, rows: outcome.rows.map((r) => ({ sku: r.sku, quantity: r.quantity, seenAt: seenAt(r.sku) })), pushedAt: deps.now() });
    if (outcome.invalid.length) await forgetItemRefs(db, conn.shopId, outcome.invalid.map((r) => r.sku));
    summary.pushed += outcome.rows.length;
    summary.activated += outcome.activated;
    summary.staleRetries += outcome.staleRetries;
    summary.batches++;
    opts.onProgress?.(summary.pushed, total);
  }
  if (claimed) await deleteStockChanges(db, claimed.ids);
  logger.info({ ...summary, ms: deps.now().getTime() - startedAt.getTime() }, "stock pushed");
  if (refusal) throw refusal;
  return summary;
}
