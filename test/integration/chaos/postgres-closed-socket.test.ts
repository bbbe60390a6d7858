/**
 * Finding 1 of docs/RELIABILITY.md: postgres.js 3.4.9 wrote to a socket its close handler had
 * already dropped (`nextWrite`), a TypeError thrown where no caller can catch it, so every worker
 * died on a Postgres restart. patches/postgres+3.4.9.patch (applied by `npm ci` through
 * patch-package) guards it. The scenario runs in a child process, because the unguarded driver
 * kills the process it runs in.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isolatedWorld } from "../../helpers/isolated";

// A TCP proxy in front of Postgres lets the test close the server side cleanly, as a fast shutdown does.
const SCENARIO = `
import net from "node:net";
import postgres from "postgres";
process.on("uncaughtException", (e) => { console.log("UNCAUGHT " + e.message); process.exit(1); });
const target = new URL(process.env.DATABASE_URL);
const sockets = new Set();
const proxy = net.createServer((client) => {
  const upstream = net.connect(Number(target.port || 5432), target.hostname);
  client.pipe(upstream); upstream.pipe(client);
  sockets.add(client);
  client.on("error", () => {}); upstream.on("error", () => {});
  client.on("close", () => upstream.destroy());
});
await new Promise((r) => proxy.listen(0, "127.0.0.1", r));
const url = new URL(process.env.DATABASE_URL);
url.hostname = "127.0.0.1"; url.port = String(proxy.address().port);
const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
const reserved = await sql.reserve();
await reserved\`select 1\`;
for (const s of sockets) s.end();
await new Promise((r) => setTimeout(r, 50));
const answers = [];
for (let i = 0; i < 3; i++) answers.push(await reserved\`select 1\`.then(() => "ok", (e) => e.code));
await new Promise((r) => setTimeout(r, 50));
console.log("ANSWERS " + answers.join(","));
reserved.release(); await sql.end({ timeout: 1 }); proxy.close(); process.exit(0);
`;

describe("the Postgres driver when the server closes a connection", () => {
  it("GIVEN a reserved connection whose server side closed, WHEN queries run on it, THEN each rejects CONNECTION_CLOSED and the process lives", async () => {
    const world = await isolatedWorld();
    try {
      let out: string;
      try {
        out = execFileSync(process.execPath, ["--input-type=module", "-e", SCENARIO], { env: { ...process.env, DATABASE_URL: world.databaseUrl }, encoding: "utf8", timeout: 20_000 });
      } catch (error) {
        out = `exit ${(error as { status?: number }).status}: ${(error as { stdout?: string }).stdout ?? ""}`;
      }
      expect(out.trim()).toBe("ANSWERS CONNECTION_CLOSED,CONNECTION_CLOSED,CONNECTION_CLOSED");
    } finally {
      await world.cleanup();
    }
  });
});
