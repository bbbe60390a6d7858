/**
 * `npm run chaos`: N orders across Shopify, Etsy and TikTok Shop while workers are SIGKILLed mid-job,
 * Redis and Postgres restart, the 3PL fails and platforms deliver webhooks twice and out of order.
 * Exits 0 only when the outside view shows nothing lost, nothing doubled and stock converged.
 *
 *   --orders <n>        default 10000        --rate <orders/s>     default 3
 *   --workers <n>       default 2            --fault-every <s>     default 12
 *   --seed <n>          default 9            --settle-timeout <s>  default 600
 *   --cancel-share <0-1> default 0.05       --log-level <pino>    default warn
 */
import { parseArgs } from "node:util";
import { DEFAULT_CHAOS, renderReport, runChaos } from "./run-chaos";

const { values } = parseArgs({
  options: {
    orders: { type: "string" },
    rate: { type: "string" },
    workers: { type: "string" },
    "fault-every": { type: "string" },
    seed: { type: "string" },
    "settle-timeout": { type: "string" },
    "cancel-share": { type: "string" },
    "log-level": { type: "string" },
  },
});
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const say = (m: string) => process.stdout.write(`chaos: ${m}\n`);

// Interrupted: the run stops and still tears down its processes, its Postgres cluster and its Redis.
const interrupted = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping the run and shutting everything down…`);
    interrupted.abort(new Error(`interrupted by ${signal}`));
  });
}

const report = await runChaos({
  signal: interrupted.signal,
  orders: num(values.orders, DEFAULT_CHAOS.orders),
  rate: num(values.rate, DEFAULT_CHAOS.rate),
  workers: num(values.workers, DEFAULT_CHAOS.workers),
  faultEveryMs: num(values["fault-every"], DEFAULT_CHAOS.faultEveryMs / 1000) * 1000,
  seed: num(values.seed, DEFAULT_CHAOS.seed),
  settleTimeoutMs: num(values["settle-timeout"], DEFAULT_CHAOS.settleTimeoutMs / 1000) * 1000,
  cancelShare: num(values["cancel-share"], DEFAULT_CHAOS.cancelShare),
  logLevel: values["log-level"] ?? DEFAULT_CHAOS.logLevel,
  say,
}).catch((error: unknown) => {
  if (!interrupted.signal.aborted) throw error;
  say("stopped; nothing left running");
  process.exit(130);
});
process.stdout.write(`\n${renderReport(report)}\n`);
process.exit(report.verdict.ok ? 0 : 1);
