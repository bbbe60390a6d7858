/**
 * What to send to a storefront: the SKUs whose available-to-sell differs from what it last got
 * from us, in batches of at most 250 rows (Shopify caps input arrays at 250, contract §4.3). Each
 * row carries changeFromQuantity = what we last pushed (compare-and-swap), or null on a first push
 * where we have no base. Each batch carries an idempotency key derived from its content.
 */
import { createHash } from "node:crypto";

export const MAX_PUSH_ROWS = 250;

export interface PushBase {
  /** Quantity we last pushed (or read back); null when we have never pushed this SKU here. */
  quantity: number | null;
  /**
   * Version of that base (the time it was recorded). Part of the key: without it, stock that goes
   * 5 → 10 → 5 → 10 would resend a byte-identical batch whose key Shopify replays as a no-op.
   */
  version: string | null;
}

export interface PushCandidate {
  sku: string;
  /** gid://shopify/InventoryItem/<n> */
  inventoryItemId: string;
  /** Available-to-sell now. */
  quantity: number;
  base: PushBase;
}

export interface PushRow {
  sku: string;
  inventoryItemId: string;
  quantity: number;
  changeFromQuantity: number | null;
}

export interface PushBatch {
  /** For `@idempotent(key:)`: a retry of this batch replays, a batch with other content differs. */
  idempotencyKey: string;
  rows: PushRow[];
}

export interface StockPushPlan {
  batches: PushBatch[];
  /** SKUs whose storefront quantity already equals available-to-sell. */
  unchanged: string[];
  /** SKUs dropped because another SKU maps to the same inventory item (Shopify refuses duplicates). */
  duplicates: string[];
}

export function planStockPush(candidates: readonly PushCandidate[], opts: { locationId: string; maxRows?: number }): StockPushPlan {
  const maxRows = Math.min(opts.maxRows ?? MAX_PUSH_ROWS, MAX_PUSH_ROWS);
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a positive integer, got ${maxRows}`);
  // Sorted, so the same changes always form the same batches and so the same keys.
  const sorted = [...candidates].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  const unchanged: string[] = [];
  const duplicates: string[] = [];
  const seenItems = new Set<string>();
  const seenSkus = new Set<string>();
  const rows: Array<PushRow & { version: string | null }> = [];
  for (const c of sorted) {
    if (seenSkus.has(c.sku) || seenItems.has(c.inventoryItemId)) {
      duplicates.push(c.sku);
      continue;
    }
    seenSkus.add(c.sku);
    seenItems.add(c.inventoryItemId);
    const quantity = Math.max(0, Math.trunc(c.quantity));
    if (c.base.quantity === quantity) {
      unchanged.push(c.sku);
      continue;
    }
    rows.push({ sku: c.sku, inventoryItemId: c.inventoryItemId, quantity, changeFromQuantity: c.base.quantity, version: c.base.version });
  }
  const batches: PushBatch[] = [];
  for (let i = 0; i < rows.length; i += maxRows) {
    const chunk = rows.slice(i, i + maxRows);
    batches.push({
      idempotencyKey: batchKey(opts.locationId, chunk),
      rows: chunk.map(({ version: _version, ...row }) => row),
    });
  }
  return { batches, unchanged, duplicates };
}

/** A UUID-shaped (v8, RFC 9562) SHA-256 of the batch: Shopify asks for a UUID. */
export function batchKey(locationId: string, rows: ReadonlyArray<PushRow & { version: string | null }>): string {
  const hash = createHash("sha256");
  hash.update(locationId);
  for (const r of rows) hash.update(`\n${r.inventoryItemId}\t${r.quantity}\t${r.changeFromQuantity ?? "null"}\t${r.version ?? "null"}`);
  const hex = hash.digest("hex").slice(0, 32).split("");
  hex[12] = "8";
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
