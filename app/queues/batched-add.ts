/**
 * Coalesces the adds that concurrent requests make in one event-loop turn into one BullMQ addBulk (one
 * Redis round trip instead of one per job). Each caller still waits for its own job to be in Redis, so
 * "enqueue, then answer" holds per request; job ids keep their meaning (an existing id is a no-op).
 */
import type { JobsOptions, Queue } from "bullmq";

interface Pending {
  data: unknown;
  opts: JobsOptions;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function batchedAdder(queue: Queue, maxBatch = 200): (data: unknown, opts: JobsOptions) => Promise<void> {
  let pending: Pending[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    queue.addBulk(batch.map((p) => ({ name: queue.name, data: p.data, opts: p.opts }))).then(
      () => batch.forEach((p) => p.resolve()),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
  };
  return (data, opts) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ data, opts, resolve, reject });
      if (pending.length >= maxBatch) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
