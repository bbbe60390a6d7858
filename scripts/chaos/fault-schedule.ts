/**
 * The faults of a chaos run, one after another in a fixed rotation (so every kind happens, in a
 * replayable order): SIGKILL a worker mid-job and start it again, restart Redis, restart Postgres
 * (fast shutdown), and a window in which the sandbox 3PL answers 5xx, 429, times out before and
 * after acting, and delivers its own webhooks twice and out of order.
 */
import { seededRandom } from "../../app/lib/seeded-random";
import type { Stack } from "../stack/start-stack";
import type { OwnService } from "./own-services";

export type FaultKind = "kill-worker" | "restart-redis" | "restart-postgres" | "warehouse-faults";
/** Every kind within the first four faults, so even a short run sees each once. */
export const FAULT_ROTATION: readonly FaultKind[] = ["kill-worker", "restart-redis", "warehouse-faults", "restart-postgres", "kill-worker", "warehouse-faults"];

export interface FaultSchedule {
  counts: Record<FaultKind, number>;
  /** Processes down on purpose right now (a supervisor must leave them to the schedule). */
  downOnPurpose: Set<string>;
  /** Stops once every kind has happened at least once (after the fault in progress); the 3PL answers normally again. */
  stop(): Promise<void>;
}

export function startFaultSchedule(opts: { stack: Stack; postgres: OwnService; redis: OwnService; everyMs: number; seed: number; say: (m: string) => void }): FaultSchedule {
  const { stack, say } = opts;
  const random = seededRandom(opts.seed);
  const between = (lo: number, hi: number) => Math.round(lo + random() * (hi - lo));
  const counts: Record<FaultKind, number> = { "kill-worker": 0, "restart-redis": 0, "restart-postgres": 0, "warehouse-faults": 0 };
  const downOnPurpose = new Set<string>();
  let stopped = false;
  let step = 0;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function inject(kind: FaultKind) {
    counts[kind]++;
    switch (kind) {
      case "kill-worker": {
        const worker = stack.workers[Math.floor(random() * stack.workers.length)]!;
        downOnPurpose.add(worker.name);
        try {
          await worker.kill("SIGKILL");
          await sleep(between(300, 2000));
          if (!worker.alive) worker.restart();
        } finally {
          downOnPurpose.delete(worker.name);
        }
        say(`fault: SIGKILLed ${worker.name} and started it again`);
        return;
      }
      case "restart-redis": {
        const down = between(1000, 3000);
        await opts.redis.restart(down);
        say(`fault: Redis down for ${down} ms`);
        return;
      }
      case "restart-postgres": {
        const down = between(1000, 3000);
        await opts.postgres.restart(down);
        say(`fault: Postgres fast shutdown, down for ${down} ms`);
        return;
      }
      case "warehouse-faults": {
        const windowMs = Math.max(2000, Math.round(opts.everyMs * 0.6));
        stack.warehouse.faults.update({ errorRate: 0.15, throttleRate: 0.1, retryAfterSeconds: 1, timeoutRate: 0.04, timeoutAfterCommitRate: 0.04, hangMs: 3000, duplicateWebhookRate: 0.3, outOfOrderWebhookRate: 0.3 });
        await sleep(windowMs);
        stack.warehouse.faults.reset();
        say(`fault: the 3PL answered 5xx/429/timeouts and sent webhooks twice and out of order for ${windowMs} ms`);
        return;
      }
    }
  }

  const loop = (async () => {
    while (!stopped) {
      await sleep(opts.everyMs);
      if (stopped) break;
      const kind = FAULT_ROTATION[step++ % FAULT_ROTATION.length]!;
      await inject(kind).catch((e: unknown) => say(`fault ${kind} failed: ${String(e)}`));
    }
  })();

  return {
    counts,
    downOnPurpose,
    async stop() {
      while (Object.values(counts).some((n) => n === 0)) await sleep(200);
      stopped = true;
      await loop;
      stack.warehouse.faults.reset();
    },
  };
}
