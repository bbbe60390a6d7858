/**
 * The relay: Postgres is the source of truth and Redis only transport, so every inbox row still
 * `pending` after a grace period is (re-)enqueued under its own job id. While its job exists the add
 * is a no-op; after Redis lost it (outage, flush, failover) the add brings it back. Nothing waits on a human.
 */
import type postgres from "postgres";
import { ingestJobId } from "../queues/keys";
import { QUEUE } from "../queues/names";
import type { Queues } from "../queues/queues.server";

export async function relayPendingInbox(deps: { sql: postgres.Sql; queues: Queues }, opts: { olderThanMs?: number; limit?: number } = {}): Promise<number> {
  const olderThan = opts.olderThanMs ?? 5_000;
  const rows = await deps.sql<{ id: string; correlation_id: string }[]>`
    SELECT id, correlation_id FROM webhook_inbox
    WHERE status = 'pending' AND received_at < now() - make_interval(secs => ${olderThan / 1000})
    ORDER BY id LIMIT ${opts.limit ?? 1000}`;
  for (const row of rows) {
    const inboxId = Number(row.id);
    await deps.queues.add(QUEUE.ingest, { inboxId, correlationId: row.correlation_id }, { jobId: ingestJobId(inboxId) });
  }
  return rows.length;
}
