/**
 * Learns where each SKU lives on an Etsy shop or TikTok Shop, so stock can be pushed there. Those
 * platforms cannot be asked "which listing sells SKU X?" (Shopify can, and its push looks items up
 * itself), so Corridor pages through the storefront's catalog (`Channel.listCatalog`) and merges
 * each SKU's ids into skus.channel_refs[channel] — that channel's key only, never the others'.
 * Then it queues a full push ("all") for the connection: levels the storefront never got from us
 * (a connection made after the stock changed, SKUs just matched) go out at once.
 *
 * What is never done: a SKU the storefront lists but Corridor does not know is reported, not
 * created; a SKU listed in two places is reported as ambiguous and its ref dropped, so it is not
 * pushed until the merchant fixes the listing. Refs are never forgotten because a listing is
 * missing from one run (Etsy lists a sold-out listing under another state): running again changes
 * nothing that did not change on the storefront.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { CatalogEntry, CatalogPage, Channel } from "../channels/channel";
import { findConnection, requireChannel, withConnection, type MarketplaceId } from "../channels/marketplace-ingest.server";
import { marketplaceChannels } from "../channels/registry.server";
import { inventoryLevels, skus as skusTable, warehouses } from "../db/schema";
import { recordException, resolveExceptions } from "../exceptions/record-exception.server";
import type { HandlerContext } from "../inbox/topic-handler";
import { CorridorError, PartnerThrottledError } from "../lib/errors";
import { fullStockPushJobId } from "../queues/keys";
import { QUEUE } from "../queues/names";
import { forgetChannelRefs, loadChannelRefs, saveChannelRefs, type ChannelRef } from "./channel-refs.server";
import { loadStockTarget, stockConnectionIds } from "./stock-connection.server";
import { chunks } from "./stock-inputs.server";

type Ctx = Pick<HandlerContext, "db" | "config" | "logger" | "now" | "queues">;

export interface DiscoveryReport {
  connectionId: number;
  channel: MarketplaceId;
  pages: number;
  /** SKU entries the storefront listed (a SKU listed twice counts twice). */
  listed: number;
  /** Listings/products with a variant that has no SKU: nothing to match them by. */
  withoutSku: number;
  /** Corridor SKUs now mapped on this storefront. */
  matched: number;
  /** Of those, refs new or changed by this run (0 on a re-run with nothing changed). */
  changed: number;
  /** Listed on the storefront, unknown to Corridor: reported, never created. */
  unknown: string[];
  /** Listed in more than one place: not mapped, not pushed. */
  ambiguous: string[];
  /** The full push queued afterwards. */
  pushJobId?: string;
}

export interface DiscoverOptions {
  correlationId: string;
  /** After each page: pages read, entries so far, and the platform's total of listings when it says. */
  onProgress?(progress: { pages: number; listed: number; total?: number }): void;
  sleep?(ms: number): Promise<void>;
}

/** A page waits out a platform's short rate-limit answer this often before the job fails (and retries later). */
const MAX_THROTTLE_WAITS = 5;
const MAX_THROTTLE_WAIT_MS = 30_000;

export async function discoverChannelRefs(ctx: Ctx, connectionId: number, opts: DiscoverOptions): Promise<DiscoveryReport> {
  const found = await loadStockTarget(ctx.db, connectionId);
  if (!found.ok) throw new CorridorError("DISCOVERY_NOT_POSSIBLE", `connection ${connectionId}: ${found.reason}`);
  const target = found.target;
  if (target.channel === "shopify") throw new CorridorError("DISCOVERY_NOT_NEEDED", "Shopify items are looked up by SKU during each push; nothing to discover");
  const id: MarketplaceId = target.channel;
  const log = ctx.logger.child({ connectionId, channel: id, shop: target.shopDomain, correlationId: opts.correlationId });
  const channel = requireChannel<{ refreshToken: string }>(marketplaceChannels(ctx.config)[id] as Channel<{ refreshToken: string }> | undefined, id);
  if (!channel.listCatalog) throw new CorridorError("DISCOVERY_NOT_SUPPORTED", `${id} cannot list its catalog`);
  const connection = await findConnection<{ refreshToken: string }>(ctx, id, target.externalAccountId);
  if (!connection) throw new CorridorError("CHANNEL_CONNECTION_GONE", `${id} connection ${connectionId} is gone`);

  const report: DiscoveryReport = { connectionId, channel: id, pages: 0, listed: 0, withoutSku: 0, matched: 0, changed: 0, unknown: [], ambiguous: [] };
  const places = new Map<string, CatalogEntry[]>();
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let cursor: string | null = null;
  do {
    const at: string | null = cursor;
    const page: CatalogPage = await waitingOutThrottles(() => withConnection(ctx, channel, connection, (fresh) => channel.listCatalog!(fresh, at)), sleep, log);
    report.pages++;
    report.listed += page.entries.length;
    report.withoutSku += page.withoutSku;
    for (const entry of page.entries) places.set(entry.sku, [...(places.get(entry.sku) ?? []), entry]);
    opts.onProgress?.({ pages: report.pages, listed: report.listed, ...(page.total !== undefined ? { total: page.total } : {}) });
    cursor = page.cursor;
  } while (cursor !== null);

  const known = await corridorSkus(ctx, target.shopId, [...places.keys()]);
  const current = await loadChannelRefs(ctx.db, target.shopId, id, [...known]);
  const learnt: { sku: string; channelRef: ChannelRef }[] = [];
  const dropped: string[] = [];
  for (const [sku, entries] of [...places].sort(([a], [b]) => a.localeCompare(b))) {
    if (!known.has(sku)) {
      report.unknown.push(sku);
      continue;
    }
    const distinct = new Set(entries.map((e) => canonical(e.channelRef)));
    if (distinct.size > 1) {
      report.ambiguous.push(sku);
      if (current.has(sku)) dropped.push(sku);
      continue;
    }
    report.matched++;
    const ref = entries[0]!.channelRef;
    const before = current.get(sku);
    if (!before || Object.entries(ref).some(([k, v]) => before[k] !== v)) learnt.push({ sku, channelRef: ref });
  }
  report.changed = learnt.length;
  await saveChannelRefs(ctx.db, target.shopId, id, learnt);
  await forgetChannelRefs(ctx.db, target.shopId, id, dropped);

  await reportAmbiguous(ctx, target.shopDomain, report, opts.correlationId);

  const now = ctx.now();
  report.pushJobId = fullStockPushJobId(connectionId, now);
  await ctx.queues.add(QUEUE.pushStock, { connectionId, correlationId: opts.correlationId, scope: "all" }, { jobId: report.pushJobId });
  log.info({ ...report, unknown: report.unknown.length, ambiguous: report.ambiguous.length, unknownSample: report.unknown.slice(0, 10), ambiguousSample: report.ambiguous.slice(0, 10) }, "channel refs discovered; full stock push queued");
  return report;
}

/** Every live Etsy and TikTok connection (the daily run); one failing does not stop the others. */
export async function discoverAllChannelRefs(ctx: Ctx, opts: DiscoverOptions): Promise<{ reports: DiscoveryReport[]; failed: { connectionId: number; error: string }[] }> {
  const configured = marketplaceChannels(ctx.config);
  const ids = (await stockConnectionIds(ctx.db, undefined, ["etsy", "tiktok"])).filter((c) => configured[c.channel as MarketplaceId]);
  const reports: DiscoveryReport[] = [];
  const failed: { connectionId: number; error: string }[] = [];
  for (const { connectionId } of ids) {
    try {
      reports.push(await discoverChannelRefs(ctx, connectionId, opts));
    } catch (error) {
      // Auth failures have flagged the connection for the merchant already; the rest is for operators.
      ctx.logger.warn({ err: error, connectionId }, "channel ref discovery failed for one connection; the others go on");
      failed.push({ connectionId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { reports, failed };
}

/** One line for logs, the CLI and the maintenance job's return value. */
export function describeDiscovery(r: DiscoveryReport): string {
  const sample = (list: string[]) => (list.length ? ` (${list.slice(0, 5).join(", ")}${list.length > 5 ? ", …" : ""})` : "");
  return (
    `${r.channel} connection ${r.connectionId}: ${r.listed} SKUs listed on ${r.pages} page(s), ${r.matched} matched (${r.changed} new or changed), ` +
    `${r.unknown.length} not in Corridor${sample(r.unknown)}, ${r.ambiguous.length} listed twice, not pushed${sample(r.ambiguous)}, ${r.withoutSku} listings without SKU; full push ${r.pushJobId ?? "not queued"}`
  );
}

const CHANNEL_NAMES: Record<MarketplaceId, string> = { etsy: "Etsy shop", tiktok: "TikTok Shop" };

/**
 * SKUs listed twice get no stock until the merchant fixes the listing, so they are an exception the
 * merchant sees (one open per connection, its retry runs discovery again); it closes once a run
 * finds none. Unknown SKUs are not: selling items on Etsy that Corridor does not stock is normal.
 */
async function reportAmbiguous(ctx: Ctx, shopDomain: string, r: DiscoveryReport, correlationId: string): Promise<void> {
  const subject = `catalog:${r.connectionId}`;
  if (r.ambiguous.length === 0) return resolveExceptions(ctx.db, "sync_failed", subject);
  const list = `${r.ambiguous.slice(0, 10).join(", ")}${r.ambiguous.length > 10 ? ", …" : ""}`;
  await recordException(ctx.db, {
    kind: "sync_failed",
    subject,
    shopDomain,
    code: "CATALOG_AMBIGUOUS_SKUS",
    reason: `${r.channel} connection ${r.connectionId}: ${r.ambiguous.length} SKUs listed in more than one place: ${r.ambiguous.join(", ")}`,
    merchantMessage: `${r.ambiguous.length} SKUs are listed more than once on your ${CHANNEL_NAMES[r.channel]} (${list}). Corridor does not update their stock there until each SKU is on one listing only.`,
    replay: { queue: QUEUE.maintenance, data: { task: "discover-channel-refs", connectionId: r.connectionId } },
    correlationId,
  });
}

/** SKUs Corridor knows for the shop: a skus row, or stock at one of its warehouses. */
async function corridorSkus(ctx: Ctx, shopId: number, candidates: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (const part of chunks(candidates)) {
    for (const r of await ctx.db.select({ sku: skusTable.sku }).from(skusTable).where(and(eq(skusTable.shopId, shopId), inArray(skusTable.sku, part)))) known.add(r.sku);
    const stocked = await ctx.db
      .selectDistinct({ sku: inventoryLevels.sku })
      .from(inventoryLevels)
      .innerJoin(warehouses, eq(warehouses.id, inventoryLevels.warehouseId))
      .where(and(eq(warehouses.shopId, shopId), inArray(inventoryLevels.sku, part)));
    for (const r of stocked) known.add(r.sku);
  }
  return known;
}

const canonical = (ref: ChannelRef) => JSON.stringify(Object.entries(ref).sort(([a], [b]) => a.localeCompare(b)));

async function waitingOutThrottles<T>(call: () => Promise<T>, sleep: (ms: number) => Promise<void>, log: Ctx["logger"]): Promise<T> {
  for (let waits = 0; ; waits++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof PartnerThrottledError) || error.retryAfterMs > MAX_THROTTLE_WAIT_MS || waits >= MAX_THROTTLE_WAITS) throw error;
      log.info({ retryAfterMs: error.retryAfterMs, attempt: waits + 1 }, "storefront throttled catalog discovery; waiting its delay");
      await sleep(error.retryAfterMs);
    }
  }
}

/** The maintenance task: one connection (connect callback, CLI), or every live one (the daily schedule). */
export async function runDiscoveryTask(ctx: Ctx, job: { connectionId?: number; correlationId: string }, progress?: (p: object) => Promise<void>): Promise<string> {
  if (job.connectionId === undefined) {
    const { reports, failed } = await discoverAllChannelRefs(ctx, { correlationId: job.correlationId });
    return [...reports.map(describeDiscovery), ...failed.map((f) => `connection ${f.connectionId}: failed (${f.error})`)].join("\n") || "no Etsy or TikTok connections";
  }
  const report = await discoverChannelRefs(ctx, job.connectionId, {
    correlationId: job.correlationId,
    onProgress: (p) => void progress?.(p)?.catch(() => undefined),
  });
  await progress?.({ done: true, report });
  return describeDiscovery(report);
}
