/**
 * One planned batch → inventorySetQuantities on Corridor's location, until Shopify holds it.
 * THROTTLED is the Admin client's business (it paces and retries). Here: a stale
 * changeFromQuantity refuses the whole call, so the stale rows are re-read and the batch is sent
 * again with the storefront's real quantities (a new key: the content changed); rows Shopify
 * says are not stocked at the location are activated with their quantity instead.
 */
import type { AdminClient } from "../admin-client.server";
import { CORRIDOR_INVENTORY_SET_QUANTITIES } from "../operations/inventory";
import { ShopifyUserErrorsError } from "../user-errors";
import { batchKey, type PushBatch, type PushRow } from "../../../domain/stock/plan-stock-push";
import { PartnerError } from "../../../lib/errors";
import type { Logger } from "../../../lib/logger.server";
import { activateItem, readLevels } from "./inventory-items.server";

export interface BatchOutcome {
  /** The key of the call Shopify accepted (or of the last activation when every row was activated). */
  idempotencyKey: string;
  /** Rows now on the storefront at their planned quantity. */
  rows: PushRow[];
  /** Compare-and-swap refusals that were re-read and resent. */
  staleRetries: number;
  activated: number;
  /** Rows Shopify has no such inventory item for (a deleted variant): dropped, their cached mapping is stale. */
  invalid: PushRow[];
  /** Keys of refused attempts, for the push log. */
  refused: Array<{ idempotencyKey: string; code: string; rows: number }>;
}

export interface SendBatchDeps {
  client: AdminClient;
  logger: Logger;
  locationId: string;
  /** gid://corridor/StockSync/<…>: shown in the merchant's inventory history. */
  referenceDocumentUri: string;
  now(): Date;
  maxStaleRetries?: number;
}

/** Row index named in a userError's field path: ["input", "quantities", "3", "changeFromQuantity"]. */
const rowIndex = (field: readonly string[] | null | undefined) => (field && field[1] === "quantities" ? Number(field[2]) : NaN);

export async function sendStockBatch(deps: SendBatchDeps, batch: PushBatch): Promise<BatchOutcome> {
  const maxStale = deps.maxStaleRetries ?? 3;
  let rows = batch.rows;
  let key = batch.idempotencyKey;
  const done: PushRow[] = [];
  const refused: BatchOutcome["refused"] = [];
  let staleRetries = 0;
  let activated = 0;
  const invalid: PushRow[] = [];
  while (rows.length) {
    try {
      await deps.client.request(CORRIDOR_INVENTORY_SET_QUANTITIES, {
        key,
        input: {
          name: "available",
          reason: "correction",
          referenceDocumentUri: deps.referenceDocumentUri,
          quantities: rows.map((r) => ({ inventoryItemId: r.inventoryItemId, locationId: deps.locationId, quantity: r.quantity, changeFromQuantity: r.changeFromQuantity })),
        },
      });
      return { idempotencyKey: key, rows: [...done, ...rows], staleRetries, activated, invalid, refused };
    } catch (error) {
      if (!(error instanceof ShopifyUserErrorsError)) throw error;
      refused.push({ idempotencyKey: key, code: error.code, rows: rows.length });
      const notStocked = new Set(error.userErrors.filter((e) => e.code === "INVALID_LOCATION" && e.field?.[3] === "locationId").map((e) => rowIndex(e.field)));
      const stale = new Set(error.userErrors.filter((e) => e.code === "CHANGE_FROM_QUANTITY_STALE").map((e) => rowIndex(e.field)));
      const gone = new Set(error.userErrors.filter((e) => e.code === "INVALID_INVENTORY_ITEM").map((e) => rowIndex(e.field)));
      const handled = (i: number) => stale.has(i) || notStocked.has(i) || gone.has(i);
      const other = error.userErrors.filter((e) => !handled(rowIndex(e.field)));
      if (other.length) throw error;
      invalid.push(...rows.filter((_, i) => gone.has(i)));
      if (stale.size && staleRetries++ >= maxStale) {
        throw new PartnerError("STOCK_PUSH_STILL_STALE", `inventorySetQuantities still stale after ${maxStale} re-reads: another app keeps changing these levels`, { retryable: true, cause: error });
      }
      const activate = rows.filter((_, i) => notStocked.has(i));
      for (const r of activate) {
        const available = await activateItem(deps.client, { inventoryItemId: r.inventoryItemId, locationId: deps.locationId, available: r.quantity });
        // An item stocked meanwhile keeps its quantity: set it from there in the next call.
        if (available === r.quantity) {
          done.push(r);
          activated++;
        } else rows = rows.map((x) => (x === r ? { ...x, changeFromQuantity: available } : x));
      }
      const staleRows = rows.filter((_, i) => stale.has(i));
      const fresh = staleRows.length ? await readLevels(deps.client, deps.locationId, staleRows.map((r) => r.inventoryItemId)) : new Map();
      const version = `reread@${deps.now().toISOString()}`;
      const next: Array<PushRow & { version: string | null }> = [];
      rows.forEach((r, i) => {
        if (done.includes(r) || gone.has(i)) return;
        if (!stale.has(i)) return next.push({ ...r, version: null });
        const seen = fresh.get(r.inventoryItemId)?.available ?? null;
        deps.logger.info({ sku: r.sku, expected: r.changeFromQuantity, actual: seen }, "storefront level changed behind Corridor; re-read and resending");
        // Already what we want: nothing to send for this row.
        if (seen === r.quantity) done.push(r);
        else next.push({ ...r, changeFromQuantity: seen, version });
      });
      rows = next.map(({ version: _v, ...r }) => r);
      key = batchKey(deps.locationId, next);
    }
  }
  return { idempotencyKey: key, rows: done, staleRetries, activated, invalid, refused };
}
