/**
 * Exceptions belong to a shop by domain (a malformed webhook may arrive before we know more), so
 * every query here filters on shop_domain.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "../client.server";
import { exceptions } from "../schema";

export type ExceptionRow = typeof exceptions.$inferSelect;
export type ExceptionStatus = ExceptionRow["status"];

export async function listExceptions(db: Database, shopDomain: string, status: ExceptionStatus, limit = 100) {
  return db
    .select({
      id: exceptions.id,
      kind: exceptions.kind,
      subject: exceptions.subject,
      code: exceptions.code,
      merchantMessage: exceptions.merchantMessage,
      status: exceptions.status,
      createdAt: exceptions.createdAt,
      replay: exceptions.replay,
    })
    .from(exceptions)
    .where(and(eq(exceptions.shopDomain, shopDomain), eq(exceptions.status, status)))
    .orderBy(desc(exceptions.createdAt), desc(exceptions.id))
    .limit(limit);
}

/** The open exceptions among `ids` that belong to the shop; ids of other shops are silently absent. */
export async function openExceptionsByIds(db: Database, shopDomain: string, ids: number[]): Promise<ExceptionRow[]> {
  if (!ids.length) return [];
  return db
    .select()
    .from(exceptions)
    .where(and(eq(exceptions.shopDomain, shopDomain), eq(exceptions.status, "open"), inArray(exceptions.id, ids)));
}

/** Closes exceptions of this shop; returns how many changed. */
export async function closeExceptions(
  db: Database,
  shopDomain: string,
  ids: number[],
  status: "resolved" | "dismissed",
): Promise<number> {
  if (!ids.length) return 0;
  const rows = await db
    .update(exceptions)
    .set({ status, resolvedAt: new Date() })
    .where(and(eq(exceptions.shopDomain, shopDomain), eq(exceptions.status, "open"), inArray(exceptions.id, ids)))
    .returning({ id: exceptions.id });
  return rows.length;
}
