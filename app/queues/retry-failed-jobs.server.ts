/**
 * Adding under a failed job's id is a no-op in BullMQ, so a relay that re-adds what Postgres says is
 * owed must also retry the ones BullMQ holds as failed. One pipelined ZSCORE on the failed set finds
 * them; `mayRetry` decides per job (a cap on attempts, so a poison job does not loop).
 */
import type { Job, Queue } from "bullmq";
import type { Queues } from "./queues.server";

export async function retryFailedJobs(queues: Queues, queue: Queue, jobIds: readonly string[], mayRetry: (job: Job, index: number) => boolean): Promise<number> {
  const failedKey = queue.keys.failed!;
  const scores = (await queues.connection.pipeline(jobIds.map((id) => ["zscore", failedKey, id])).exec()) ?? [];
  let retried = 0;
  for (const [i, [error, score]] of scores.entries()) {
    if (error || score === null) continue;
    const job = await queue.getJob(jobIds[i]!);
    if (!job || !mayRetry(job, i)) continue;
    // Another worker's relay may have retried it a moment ago: then it is no longer failed, and that is fine.
    if (await job.retry("failed").then(() => true, () => false)) retried++;
  }
  return retried;
}
