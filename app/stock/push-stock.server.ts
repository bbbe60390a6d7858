/**
 * Pushes one storefront connection's stock through its Channel: the SKUs in the connection's
 * outbox ("changes"), or every SKU ("all": the reconciliation that fixes drift). Computes
 * available-to-sell for the connection's markets, leaves out what the storefront already got from
 * us, and hands the rest to Channel.pushStock in runs of ≤ 250, recording each accepted run before
 * the next. The outbox rows read are deleted only after every run landed, so a crash re-pushes
 * (Shopify replays the same batches under their keys; Etsy and TikTok take absolute quantities)
 * rather than forgets. A run's bases are in doubt from before its call until its record, so a run
 * that landed unrecorded is sent again rather than taken as already there. A connection that needs
 * reconnecting keeps its rows for later.
 */
import { ChannelAuthError, type StockLevel, type StockPushOptions, type StockPushResult } from "../channels/channel";
import type { Database } from "../db/client.server";
import { batchKey, MAX_PUSH_ROWS } from "../domain/stock/plan-stock-push";
import { isRetryable, PartnerThrottledError } from "../lib/errors";
import type { Logger } from "../lib/logger.server";
import { forgetChannelRefs, loadChannelRefs, saveChannelRefs } from "./channel-refs.server";
import { markInDoubt, recordAttempt, recordObserved, recordPushed } from "./record-stock-push.server";
import type { StockTarget } from "./stock-connection.server";
import { availableToSell, chunks, deleteStockChanges, readStockChanges, storefrontBases } from "./stock-inputs.server";

export interface PushStockDeps {
  db: Database;
  logger: Logger;
  now(): Date;
  /** One Channel.pushStock call with the connection's credentials made fresh. */
  push(levels: readonly StockLevel[], opts: StockPushOptions): Promise<StockPushResult>;
  sleep?(ms: number): Promise<void>;
}

export interface PushStockOptions {
  scope: "changes" | "all";
  /**
   * Read every level back from the storefront first and compare against that instead of what we
   * last pushed: finds drift another app or a merchant made (Shopify: ≈ 152 points per 50 SKUs).
   */
  readBack?: boolean;
  /** Called after each run with rows sent so far and rows planned. */
  onProgress?(done: number, total: number): void;
}

export interface PushStockSummary {
  connectionId: number;
  channel: string;
  scope: "changes" | "all";
  /** SKUs looked at. */
  considered: number;
  /** Rows the storefront now holds at their new quantity. */
  pushed: number;
  unchanged: number;
  /** SKUs the storefront has no listing, variant or item for: not pushed. */
  unmapped: number;
  activated: number;
  batches: number;
  staleRetries: number;
  /** With readBack: SKUs whose storefront quantity was not what we last pushed (each one then set to ATS). */
  drifted: string[];
}

/** Waits this long at most for a platform's rate limit inside a job; longer, the job retries later. */
const MAX_THROTTLE_WAIT_MS = 30_000;
const MAX_THROTTLE_WAITS = 5;

export async function pushStock(deps: PushStockDeps, target: StockTarget, opts: PushStockOptions): Promise<PushStockSummary> {
  const { db, logger } = deps;
  const startedAt = deps.now();
  const summary: PushStockSummary = { connectionId: target.connectionId, channel: target.channel, scope: opts.scope, considered: 0, pushed: 0, unchanged: 0, unmapped: 0, activated: 0, batches: 0, staleRetries: 0, drifted: [] };
  const claimed = opts.scope === "changes" ? await readStockChanges(db, target.connectionId) : undefined;
  if (claimed && claimed.ids.length === 0) return summary;

  const ats = await availableToSell(db, { ...target, skus: claimed ? [...claimed.seenAt.keys()] : "all" });
  // Sorted, so the same changes always form the same runs (and Shopify batches, and keys).
  const skus = [...ats.keys()].sort();
  summary.considered = skus.length;
  const refs = await loadChannelRefs(db, target.shopId, target.channel, skus);
  const bases = await storefrontBases(db, target.connectionId, target.locationRef, skus);
  const seenAt = (sku: string) => claimed?.seenAt.get(sku) ?? startedAt;
  const levels: StockLevel[] = [];
  for (const sku of skus) {
    const available = Math.max(0, Math.trunc(ats.get(sku) ?? 0));
    const base = bases.get(sku) ?? { quantity: null, version: null };
    // A base without pushed-at is in doubt (markInDoubt): its run may have landed unrecorded.
    if (!opts.readBack && base.quantity === available && base.version !== null) {
      summary.unchanged++;
      continue;
    }
    const channelRef = refs.get(sku);
    levels.push({ sku, available, expected: base, ...(target.locationRef ? { locationRef: target.locationRef } : {}), ...(channelRef ? { channelRef } : {}) });
  }
  opts.onProgress?.(0, levels.length);

  let refusal: unknown;
  for (const run of chunks(levels, MAX_PUSH_ROWS)) {
    let result: StockPushResult;
    await markInDoubt(db, { connectionId: target.connectionId, locationRef: target.locationRef, skus: run.map((l) => l.sku) });
    try {
      result = await pushWaitingOutThrottles(deps, run, { readBack: opts.readBack });
    } catch (error) {
      await recordAttempt(db, { connectionId: target.connectionId, idempotencyKey: runKey(target, run), outcome: "failed", rows: run.length, errorCode: (error as { code?: string }).code ?? "ERROR", at: deps.now() });
      // Retryable (platform down, still throttled) or the connection needs reconnecting: the outbox rows stay.
      if (isRetryable(error) || error instanceof ChannelAuthError) throw error;
      // Refused for good (a bad input the platform will refuse again): push the other runs, then fail
      // the job once so an operator sees it, rather than re-sending the same refusal every window.
      logger.error({ err: error, rows: run.length }, "storefront refused a stock push; the other runs go on");
      refusal ??= error;
      continue;
    }
    await recordResult(deps, target, run, result, seenAt);
    summary.pushed += result.pushed.length;
    summary.unmapped += result.skipped.length;
    summary.activated += result.stats?.activated ?? 0;
    summary.staleRetries += result.stats?.staleRetries ?? 0;
    summary.drifted.push(...(result.stats?.drifted ?? []));
    if (result.pushed.length) summary.batches++;
    opts.onProgress?.(summary.pushed, levels.length);
  }
  if (claimed) await deleteStockChanges(db, claimed.ids);
  logger.info({ ...summary, drifted: summary.drifted.length, ms: deps.now().getTime() - startedAt.getTime() }, "stock pushed");
  if (refusal) throw refusal;
  return summary;
}

/**
 * Etsy and TikTok answer a burst with 429: wait the platform's delay and send the run again (their
 * quantities are absolute, Shopify's batches replay by key). A wait longer than a job should
 * hold its worker (Etsy's daily quota) fails the job instead; the outbox keeps the changes.
 */
async function pushWaitingOutThrottles(deps: PushStockDeps, run: readonly StockLevel[], opts: StockPushOptions): Promise<StockPushResult> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let waits = 0; ; waits++) {
    try {
      return await deps.push(run, opts);
    } catch (error) {
      if (!(error instanceof PartnerThrottledError) || error.retryAfterMs > MAX_THROTTLE_WAIT_MS || waits >= MAX_THROTTLE_WAITS) throw error;
      deps.logger.info({ retryAfterMs: error.retryAfterMs, attempt: waits + 1 }, "storefront throttled a stock push; waiting its delay");
      await sleep(error.retryAfterMs);
    }
  }
}

async function recordResult(deps: PushStockDeps, target: StockTarget, run: readonly StockLevel[], result: StockPushResult, seenAt: (sku: string) => Date): Promise<void> {
  const { db, logger } = deps;
  const base = { connectionId: target.connectionId, locationRef: target.locationRef };
  if (result.learnedRefs?.length) await saveChannelRefs(db, target.shopId, target.channel, result.learnedRefs);
  if (result.staleRefs?.length) await forgetChannelRefs(db, target.shopId, target.channel, result.staleRefs);
  if (result.skipped.length) logger.info({ skipped: result.skipped.length, sample: result.skipped.slice(0, 5) }, "SKUs with stock but nothing to set on the storefront: not pushed");
  const quantity = new Map(result.pushed.map((p) => [p.sku, p.quantity]));
  // Channels without per-call keys (Etsy, TikTok) are logged as one call named by its content.
  const calls = result.calls ?? (result.pushed.length ? [{ idempotencyKey: runKey(target, run), outcome: "pushed" as const, skus: result.pushed.map((p) => p.sku), rows: result.pushed.length }] : []);
  for (const call of calls) {
    if (call.outcome === "stale") {
      await recordAttempt(db, { connectionId: target.connectionId, idempotencyKey: call.idempotencyKey, outcome: "stale", rows: call.rows, errorCode: call.code ?? "STALE", at: deps.now() });
      continue;
    }
    const rows = call.skus.filter((sku) => quantity.has(sku)).map((sku) => ({ sku, quantity: quantity.get(sku)!, seenAt: seenAt(sku) }));
    await recordPushed(db, { ...base, idempotencyKey: call.idempotencyKey, rows, pushedAt: deps.now() });
  }
  if (result.observed?.length) await recordObserved(db, { ...base, levels: result.observed, at: deps.now() });
}

/** A key naming a run by its content and bases, for the push log of channels without their own keys. */
const runKey = (target: StockTarget, run: readonly StockLevel[]) =>
  `${target.channel}-${batchKey(target.locationRef, run.map((l) => ({ sku: l.sku, inventoryItemId: l.sku, quantity: l.available, changeFromQuantity: l.expected?.quantity ?? null, version: l.expected?.version ?? null })))}`;
