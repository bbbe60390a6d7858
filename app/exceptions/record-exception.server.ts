/**
 * Work that needs a human lands here: one open exception per (kind, subject), with the operator's
 * reason, the merchant's sentence, and what a replay needs.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "../db/client.server";
import { exceptions } from "../db/schema";

type ExceptionKind = (typeof exceptions.$inferInsert)["kind"];

export interface NewException {
  kind: ExceptionKind;
  subject: string;
  shopDomain?: string | null;
  code: string;
  reason: string;
  merchantMessage?: string | null;
  replay?: Record<string, unknown> | null;
  correlationId?: string | null;
}

export async function recordException(db: Database | Transaction, e: NewException): Promise<number> {
  const dedupeKey = `${e.kind}:${e.subject}`;
  const [row] = await db
    .insert(exceptions)
    .values({ ...e, dedupeKey })
    .onConflictDoUpdate({
      target: exceptions.dedupeKey,
      targetWhere: sql`${exceptions.status} = 'open'`,
      set: { code: e.code, reason: e.reason, merchantMessage: e.merchantMessage ?? null, replay: e.replay ?? null },
    })
    .returning({ id: exceptions.id });
  return row!.id;
}

/** Closes the open exception of a subject once its work succeeded (e.g. after a replay). */
export async function resolveExceptions(db: Database | Transaction, kind: ExceptionKind, subject: string): Promise<void> {
  await db
    .update(exceptions)
    .set({ status: "resolved", resolvedAt: new Date() })
    .where(and(eq(exceptions.dedupeKey, `${kind}:${subject}`), eq(exceptions.status, "open")));
}
