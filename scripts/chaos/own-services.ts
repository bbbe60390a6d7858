/**
 * The chaos run's own Postgres cluster and Redis server, from the machine's installed binaries, in a
 * temp dir on spare ports: restarting them disturbs nothing else on the machine.
 *
 * Postgres refuses to run as root, so as root every Postgres command runs as the `postgres` user
 * (runuser). Redis keeps an append-only file (fsync every second), as a production Redis would, so a
 * clean restart loses nothing; a crash may lose the last second, which the app must survive.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../app/dev/local-services.server";

const asRoot = process.getuid?.() === 0;

function postgresBin(name: string): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(path.join(base, v, "bin", name))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions[0]) throw new Error(`no ${name} under ${base}/*/bin: install PostgreSQL server binaries`);
  return path.join(base, versions[0], "bin", name);
}

/** Runs a Postgres tool, as the postgres user when we are root. */
function pgRun(tool: string, args: string[]): string {
  const bin = postgresBin(tool);
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

export interface OwnService {
  url: string;
  /** Stops the server, keeps it down for `downMs`, starts it again. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

export interface OwnPostgres extends OwnService {
  /** A database of this server over its Unix socket (libpq's ?host=/dir), for the stack's processes. */
  socketUrl(database: string): string;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "corridor-chaos-pg-"));
  if (asRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()), Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()));
  const data = path.join(dir, "data");
  const port = await freePort();
  pgRun("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  // Enough connections for the web process, every worker process and the checker; durability
  // settings stay the defaults (a fast shutdown flushes; the run never crashes the host).
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB`;
  const start = () => pgRun("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "postgres.log"), "-w", "-t", "60", "start"]);
  const stop = () => pgRun("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    socketUrl: (database) => `postgres://postgres@localhost:${port}/${database}?host=${encodeURIComponent(dir)}`,
    async restart(downMs) {
      stop();
      await new Promise((r) => setTimeout(r, downMs));
      start();
    },
    async stop() {
      try {
        stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export async function startOwnRedis(): Promise<OwnService & { crash(downMs: number): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "corridor-chaos-redis-"));
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const start = async () => {
    proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""], { stdio: "ignore" });
    const until = Date.now() + 15_000;
    while (!(await reachable(port))) {
      if (Date.now() > until) throw new Error("redis-server did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kill = async (signal: NodeJS.Signals) => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => p.once("exit", () => resolve()));
    p.kill(signal);
    await gone;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    // SIGTERM: Redis fsyncs its append-only file and exits, as `redis-cli shutdown` does.
    async restart(downMs) {
      await kill("SIGTERM");
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async crash(downMs) {
      await kill("SIGKILL");
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async stop() {
      await kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
