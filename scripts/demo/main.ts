/**
 * `npm run demo`: Corridor end to end on one machine. Starts Postgres (embedded when DATABASE_URL is
 * unset) and Redis, then the stack (scripts/stack): the Shopify, Etsy and TikTok Shop sandboxes as the
 * demo shop's storefronts, a sandbox 3PL with warehouses in Vietnam, the US, the UK, Japan and
 * Australia, the web and worker processes (separately, as in production). Then plays shoppers
 * ordering from many countries on all three storefronts. Orders flow: platform webhook → inbox →
 * routing → 3PL → shipment → tracking back on the storefront. Prints where to look and a live summary
 * until Ctrl-C, which stops everything cleanly.
 *
 *   --rate <orders per second>   default 0.5
 *   --orders <n>                 stop creating orders after n (default: unlimited)
 *   --until shipped|delivered    with --orders: exit 0 once all n orders reached that stage
 *   --time-scale <n>             warehouse and carrier clock speed-up (default 3600: an hour a second)
 *   --port <n>                   web port (default 3000, or a free one)
 */
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { ensureLocalServices } from "../../app/dev/local-services.server";
import { startStack, type Stack } from "../stack/start-stack";
import { orderStream } from "./order-stream";
import { readSummary, renderChannels, renderExceptions, renderSummary, type Stage } from "./summary";

const root = path.resolve(import.meta.dirname, "../..");
const { values: opts } = parseArgs({
  options: {
    rate: { type: "string", default: "0.5" },
    orders: { type: "string" },
    until: { type: "string" },
    "time-scale": { type: "string", default: "3600" },
    port: { type: "string" },
  },
});
const say = (m: string) => process.stdout.write(`demo: ${m}\n`);
const stops: (() => Promise<unknown>)[] = [];
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  for (const stop of stops.reverse()) await stop().catch((e: unknown) => say(`stop failed: ${String(e)}`));
  say("stopped cleanly");
  process.exit(code);
}
process.once("SIGINT", () => void stopAll(0));
process.once("SIGTERM", () => void stopAll(0));

/** A fresh database for each demo run, on whichever server we have. */
async function freshDatabase(serverUrl: string): Promise<string> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS corridor_demo WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE corridor_demo`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = "/corridor_demo";
  return url.toString();
}

async function main() {
  const timeScale = Number(opts["time-scale"]);
  const services = await ensureLocalServices({ DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL }, { dataRoot: path.join(root, ".data"), log: say });
  stops.push(() => services.stop());
  const databaseUrl = await freshDatabase(services.databaseUrl);
  const logDir = path.join(root, ".data", "demo-logs");
  const stack: Stack = await startStack({ databaseUrl, redisUrl: services.redisUrl, timeScale, logDir, say, ...(opts.port ? { port: Number(opts.port) } : {}) });
  stops.push(() => stack.stop());

  const { network, appUrl } = stack;
  say(`admin (development sign-in as ${stack.shopDomain}): ${appUrl}/demo/sign-in`);
  say(`queues (bull-board, user:password ${stack.operator}): ${appUrl}/operator/queues`);
  say(`Shopify sandbox: ${stack.shopify.sandbox.url}   Etsy sandbox: ${stack.marketplaces.etsy?.sandbox.url}   TikTok Shop sandbox: ${stack.marketplaces.tiktok?.sandbox.url}`);
  say(`sandbox 3PL: ${stack.warehouse.url}   logs: ${path.relative(root, logDir)}/`);
  say(`${network.warehouses.length} warehouses (${network.warehouses.map((w) => w.code).join(", ")}), ${network.products.length} products; clock ×${timeScale}`);
  say("Ctrl-C stops everything.");

  const limit = opts.orders ? Number(opts.orders) : Infinity;
  const nextOrder = orderStream(network.products, 2026, stack.channels);
  let created = 0;
  const generator = setInterval(() => {
    if (created >= limit || stopping) return clearInterval(generator);
    created += 1;
    void stack.placeOrder(nextOrder()).catch((e: unknown) => say(`placing an order failed: ${String(e)}`));
  }, 1000 / Number(opts.rate));
  stops.push(async () => clearInterval(generator));

  const until = opts.until as Stage | undefined;
  const tty = process.stdout.isTTY;
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    if (stopping) return;
    const summary = await readSummary(stack.db, stack.shopId);
    const line = `${renderSummary(summary)} | ${renderChannels(summary)}`;
    process.stdout.write(tty ? `\r${line}   ` : `${line}\n`);
    if (until && Number.isFinite(limit) && created >= limit) {
      const reached = until === "delivered" ? summary.stages.delivered : summary.stages.shipped + summary.stages.delivered;
      // Open exceptions include non-order ones (a failed stock push): count orders by stage only.
      if (reached + summary.stages.exception + summary.stages.cancelled >= limit) {
        process.stdout.write("\n");
        say(`all ${limit} orders reached ${until} or an exception (${renderChannels(summary)}; ${summary.exceptions} open exceptions${summary.exceptions ? `: ${renderExceptions(summary)}` : ""})`);
        await stopAll(0);
      }
    }
  }
}

main().catch(async (error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await stopAll(1);
});
