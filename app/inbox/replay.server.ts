/**
 * Replays a stored delivery after a fix: the row goes back to `pending` and gets a fresh ingest job.
 * The old job (kept on failure for inspection) is removed first, because BullMQ ignores an add whose
 * job id still exists.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { webhookInbox } from "../db/schema";
import { ingestJobId } from "../queues/keys";
import { QUEUE } from "../queues/names";
import type { Queues } from "../queues/queues.server";

export class InboxRowNotFound extends Error {}

export async function replayInbox(deps: { db: Database; queues: Queues }, inboxId: number): Promise<{ previousStatus: string }> {
  const [row] = await deps.db.select({ status: webhookInbox.status, correlationId: webhookInbox.correlationId }).from(webhookInbox).where(eq(webhookInbox.id, inboxId));
  if (!row) throw new InboxRowNotFound(`inbox row ${inboxId} not found`);
  const jobId = ingestJobId(inboxId);
  const queue = deps.queues.get(QUEUE.ingest);
  const existing = await queue.getJob(jobId);
  if (existing && !(await existing.isActive())) await existing.remove();
  await deps.db.update(webhookInbox).set({ status: "pending", error: null, processedAt: null }).where(eq(webhookInbox.id, inboxId));
  await deps.queues.add(QUEUE.ingest, { inboxId, correlationId: row.correlationId }, { jobId });
  return { previousStatus: row.status };
}
