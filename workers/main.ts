/**
 * The worker process: every queue's Worker, the inbox relay, and a health endpoint. No business logic
 * here. SIGTERM/SIGINT: stop taking jobs, finish in-flight ones, close connections, exit 0.
 */
import { createServer } from "node:http";
import { getConfig } from "../app/config.server";
import { createDb } from "../app/db/client.server";
import { logger } from "../app/lib/logger.server";
import { SCHEDULED_TASKS } from "../app/queues/processors/maintenance.server";
import { startWorkers } from "../app/queues/run-workers.server";
import { startStockChangeDispatcher } from "../app/stock/stock-change-dispatcher.server";

const config = getConfig();
const db = createDb(config.DATABASE_URL, { max: config.DATABASE_POOL_MAX ?? 20, prepare: true });
const pool = await startWorkers({ config, db, logger, concurrency: config.WORKER_CONCURRENCY, schedules: SCHEDULED_TASKS });
// Stock changes (recorded by Postgres triggers) become coalesced push-stock jobs.
const stockDispatcher = await startStockChangeDispatcher({ sql: db.sql, queues: pool.queues, logger });

// Health signal: 200 while every worker is running, 503 once one stopped or shutdown began.
let stopping = false;
const health = config.WORKER_HEALTH_PORT
  ? createServer((_req, res) => {
      const running = pool.workers.every((w) => w.isRunning());
      const ok = running && !stopping;
      res.writeHead(ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ ok, workers: pool.workers.map((w) => ({ queue: w.name, running: w.isRunning() })) }));
    }).listen(config.WORKER_HEALTH_PORT, "127.0.0.1")
  : undefined;

const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "workers: stopping — finishing in-flight jobs");
  try {
    await stockDispatcher.close();
    await pool.close();
    await db.close();
    health?.close();
    logger.info("workers: stopped cleanly");
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, "workers: unclean shutdown");
    process.exit(1);
  }
};
process.once("SIGTERM", () => void stop("SIGTERM"));
process.once("SIGINT", () => void stop("SIGINT"));
// Announce readiness only once the handlers are installed: a SIGTERM that follows "started" must
// find them (before them, the OS default would kill the process mid-job).
logger.info({ queues: pool.workers.map((w) => w.name), pid: process.pid }, "workers: started");
process.send?.("ready");
