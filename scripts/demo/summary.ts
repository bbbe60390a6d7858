/** The demo's live line: orders by stage and open exceptions, read from Postgres (the truth). */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../app/db/client.server";
import { exceptions, orders, webhookInbox } from "../../app/db/schema";

export type Stage = "received" | "routed" | "at_warehouse" | "shipped" | "delivered" | "cancelled" | "exception";

export interface Summary {
  /** Open exceptions by kind and code, most frequent first: what a merchant would look at. */
  exceptionCodes: { kind: string; code: string; n: number }[];
  total: number;
  stages: Record<Stage, number>;
  /** Orders per storefront (shopify, etsy, tiktok). */
  channels: Record<string, number>;
  exceptions: number;
  deliveries: number;
}

export async function readSummary(db: Database, shopId: number): Promise<Summary> {
  const rows = await db.select({ stage: orders.stage, n: sql<number>`count(*)::int` }).from(orders).where(eq(orders.shopId, shopId)).groupBy(orders.stage);
  const stages = { received: 0, routed: 0, at_warehouse: 0, shipped: 0, delivered: 0, cancelled: 0, exception: 0 } as Record<Stage, number>;
  for (const r of rows) stages[r.stage] = r.n;
  const perChannel = await db.select({ channel: orders.channel, n: sql<number>`count(*)::int` }).from(orders).where(eq(orders.shopId, shopId)).groupBy(orders.channel);
  const channels = Object.fromEntries(perChannel.map((c) => [c.channel, c.n]));
  const exceptionCodes = await db
    .select({ kind: exceptions.kind, code: exceptions.code, n: sql<number>`count(*)::int` })
    .from(exceptions)
    .where(and(eq(exceptions.status, "open")))
    .groupBy(exceptions.kind, exceptions.code)
    .orderBy(sql`count(*) desc`);
  const [inbox] = await db.select({ n: sql<number>`count(*)::int` }).from(webhookInbox);
  return { total: rows.reduce((n, r) => n + r.n, 0), stages, channels, exceptions: exceptionCodes.reduce((n, e) => n + e.n, 0), exceptionCodes, deliveries: inbox?.n ?? 0 };
}

export const renderExceptions = (s: Summary) => s.exceptionCodes.map((e) => `${e.kind}/${e.code} ×${e.n}`).join(", ");

export const renderSummary = (s: Summary) =>
  `orders ${s.total}: received ${s.stages.received} · routed ${s.stages.routed} · at warehouse ${s.stages.at_warehouse} · shipped ${s.stages.shipped} · delivered ${s.stages.delivered} | exceptions ${s.exceptions} | webhooks ${s.deliveries}`;

export const renderChannels = (s: Summary) => ["shopify", "etsy", "tiktok"].map((c) => `${c} ${s.channels[c] ?? 0}`).join(" · ");
