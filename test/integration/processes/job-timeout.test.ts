/**
 * A job that never settles (a call whose connection died with no error reaching it) must not hold its
 * slot for ever: its attempt times out, the job is retried, and the queue keeps being served.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import { QUEUE } from "../../../app/queues/names";
import { startWorkers, type WorkerPool } from "../../../app/queues/run-workers.server";
import { testConfig } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";

let world: IsolatedWorld;
let pool: WorkerPool | undefined;
beforeAll(async () => {
  world = await isolatedWorld();
});
afterAll(async () => {
  await pool?.close();
  await world?.cleanup();
});

describe("a job that never settles", () => {
  it("GIVEN a processor whose first attempt hangs WHEN the job runs with one slot THEN the attempt times out, the retry completes, and the next job is served", async () => {
    const seen: string[] = [];
    pool = await startWorkers({
      config: testConfig(world),
      db: world,
      logger: pino({ level: "silent" }),
      concurrency: 1,
      relayEveryMs: 60_000,
      jobTimeoutMs: { [QUEUE.routeOrder]: 300 },
      processors: {
        [QUEUE.routeOrder]: async (_ctx, data, job) => {
          seen.push(`${data.correlationId}#${job.attemptsMade}`);
          if (data.correlationId === "hangs" && job.attemptsMade === 0) return new Promise(() => {});
          return "done";
        },
      },
    });
    const queue = pool.queues.get(QUEUE.routeOrder);
    await pool.queues.add(QUEUE.routeOrder, { orderId: 1, revision: 1, correlationId: "hangs" }, { jobId: "hangs", backoff: { type: "fixed", delay: 10 } });
    await pool.queues.add(QUEUE.routeOrder, { orderId: 2, revision: 1, correlationId: "next" }, { jobId: "next" });

    await vi.waitFor(async () => {
      expect(await queue.getJobState("hangs")).toBe("completed");
      expect(await queue.getJobState("next")).toBe("completed");
    }, { timeout: 10_000, interval: 50 });
    // The first attempt was abandoned and the second ran: one retry, nothing else.
    expect(seen.filter((s) => s.startsWith("hangs"))).toEqual(["hangs#0", "hangs#1"]);
  });
});
