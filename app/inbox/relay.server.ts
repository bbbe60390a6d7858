/**
 * The relay: Postgres is the source of truth and Redis only transport, so every inbox row still
 * `pending` after a grace period is (re-)enqueued under its own job id, all in one round trip. While
 * its job waits or runs the add is a no-op; after Redis lost it (outage, flush, failover) the add
 * brings it back. A row whose job BullMQ has *failed* (a worker killed under it more often than the
 * stall limit, or retries spent while Postgres was down) would stay pending for ever, since adding
 * under a failed job's id does nothing: that job is retried, up to MAX_RELAYED_ATTEMPTS ingest
 * attempts, after which the row waits for an operator (its job_failed exception says so).
 */
import type postgres from "postgres";
import { ingestJobId } from "../queues/keys";
import { QUEUE } from "../queues/names";
import type { Queues } from "../queues/queues.server";
import { retryFailedJobs } from "../queues/retry-failed-jobs.server";

/** Ingest attempts after which a failed job is left to an operator (a poison delivery must not loop). */
export const MAX_RELAYED_ATTEMPTS = 10;

export interface RelayOutcome {
  /** Pending rows seen (their adds are no-ops while their jobs live). */
  relayed: number;
  /** Failed jobs of pending rows retried. */
  retried: number;
}

export async function relayPendingInbox(deps: { sql: postgres.Sql; queues: Queues }, opts: { olderThanMs?: number; limit?: number } = {}): Promise<RelayOutcome> {
  const olderThan = opts.olderThanMs ?? 5_000;
  const rows = await deps.sql<{ id: string; correlation_id: string; attempts: number }[]>`
    SELECT id, correlation_id, attempts FROM webhook_inbox
    WHERE status = 'pending' AND received_at < now() - make_interval(secs => ${olderThan / 1000})
    ORDER BY id LIMIT ${opts.limit ?? 1000}`;
  if (rows.length === 0) return { relayed: 0, retried: 0 };
  const queue = deps.queues.get(QUEUE.ingest);
  const jobs = rows.map((r) => ({ inboxId: Number(r.id), correlationId: r.correlation_id, attempts: r.attempts, jobId: ingestJobId(Number(r.id)) }));
  await queue.addBulk(jobs.map((j) => ({ name: QUEUE.ingest, data: { inboxId: j.inboxId, correlationId: j.correlationId }, opts: { jobId: j.jobId } })));

  const retried = await retryFailedJobs(deps.queues, queue, jobs.map((j) => j.jobId), (_job, i) => jobs[i]!.attempts < MAX_RELAYED_ATTEMPTS);
  return { relayed: rows.length, retried };
}
