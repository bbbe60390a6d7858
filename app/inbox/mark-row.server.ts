/**
 * The end of a delivery's processing: its inbox row leaves `pending`. A handler that applies a
 * delivery in one transaction marks the row in that same transaction (the change and its "done"
 * commit together, and the ingest step saves a round trip); otherwise the ingest step marks it after.
 */
import { and, eq } from "drizzle-orm";
import type { Database, Transaction } from "../db/client.server";
import { webhookInbox } from "../db/schema";

export type RowEnd = "processed" | "ignored" | "failed";

export async function markInboxRow(db: Database | Transaction, id: number, status: RowEnd, note: string | null, at: Date): Promise<void> {
  await db
    .update(webhookInbox)
    .set({ status, error: status === "failed" ? note : null, processedAt: at })
    .where(and(eq(webhookInbox.id, id), eq(webhookInbox.status, "pending")));
}
