/**
 * Process-level promises: SIGTERM while a job runs finishes that job (never loses it), and a web
 * process with a missing setting stops with one line naming it.
 */
import { fork, spawn } from "node:child_process";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueues, type Queues } from "../../../app/queues/queues.server";
import { QUEUE } from "../../../app/queues/names";
import { TEST_API_KEY, TEST_API_SECRET } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";

let world: IsolatedWorld;
let queues: Queues;
let redis: Redis;
const root = process.cwd();

beforeAll(async () => {
  world = await isolatedWorld();
  queues = createQueues(world.redisUrl, world.queuePrefix);
  redis = new Redis(world.redisUrl);
});
afterAll(async () => {
  redis?.disconnect();
  await queues?.close();
  await world?.cleanup();
});

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: "test",
  LOG_LEVEL: "silent",
  SHOPIFY_API_KEY: TEST_API_KEY,
  SHOPIFY_API_SECRET: TEST_API_SECRET,
  SCOPES: "read_orders",
  SHOPIFY_APP_URL: "http://127.0.0.1",
  DATABASE_URL: world.databaseUrl,
  REDIS_URL: world.redisUrl,
  QUEUE_PREFIX: world.queuePrefix,
  ...extra,
} as NodeJS.ProcessEnv);

const exitOf = (child: import("node:child_process").ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

async function waitFor(probe: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 400; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("worker shutdown", () => {
  it("finishes the in-flight job when SIGTERM arrives mid-job, and exits cleanly", async () => {
    // GIVEN a worker process running a 1.5 s job
    const child = fork(path.join(root, "test/fixtures/processes/slow-worker.ts"), { execArgv: ["--import", "tsx"], env: env(), stdio: "pipe" });
    await new Promise<void>((resolve) => child.once("message", () => resolve()));
    const exited = exitOf(child);
    await queues.add(QUEUE.ingest, { inboxId: 42, correlationId: "sigterm" }, { jobId: "inbox-42" });
    await waitFor(async () => (await redis.get(`${world.queuePrefix}:started:inbox-42`)) === "1", "the job to start");
    // WHEN the process gets SIGTERM while the job runs
    child.kill("SIGTERM");
    // THEN it exits 0 only after the job completed: its effect is there and BullMQ says completed
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(await redis.get(`${world.queuePrefix}:done:inbox-42`)).toBe("42");
    const job = await queues.get(QUEUE.ingest).getJob("inbox-42");
    expect(await job?.getState()).toBe("completed");
  });

  it("runs the real worker entrypoint and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], { cwd: root, env: env({ LOG_LEVEL: "info" }), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const exited = exitOf(child);
    await waitFor(async () => out.includes("workers: started"), "the workers to start");
    child.kill("SIGTERM");
    expect(await exited, out.slice(-4000)).toEqual({ code: 0, signal: null });
    expect(out).toContain("workers: stopped cleanly");
  });
});

describe("configuration", () => {
  it("stops the web process with one line naming a missing variable, exit code 1", async () => {
    const { SHOPIFY_API_SECRET: _omit, ...rest } = env();
    const child = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], { cwd: root, env: rest, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const { code } = await exitOf(child);
    expect(code).toBe(1);
    const lines = err.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/SHOPIFY_API_SECRET is missing/);
  });
});
