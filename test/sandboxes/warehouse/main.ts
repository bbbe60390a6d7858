/**
 * The sandbox 3PL as its own process, for the demo and the chaos run:
 *
 *   node --import tsx test/sandboxes/warehouse/main.ts --port 4010 \
 *     --warehouses VN-HCM,US-RNO,GB-MAN,JP-TYO,AU-SYD --time-scale 3600 \
 *     --api-key sandbox-demo-key --webhook-secret whsec_… \
 *     --webhook-url http://127.0.0.1:3000/webhooks/warehouses/sandbox --default-stock 100
 *
 * Faults: --error-rate 0.1 --timeout-rate 0.05 --throttle-rate 0.05 --retry-after 2
 * --duplicate-webhook-rate 0.1 --out-of-order-webhook-rate 0.1 --seed 7, or later through
 * POST /_control/faults. Prints one JSON line with the URL, tenants and secrets once listening.
 */
import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { startWarehouseSandbox } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    warehouses: { type: "string" },
    "api-key": { type: "string", default: "sandbox-demo-key" },
    tenant: { type: "string", default: "demo" },
    "webhook-secret": { type: "string" },
    "webhook-url": { type: "string" },
    "time-scale": { type: "string", default: "3600" },
    "manual-clock": { type: "boolean", default: false },
    "default-stock": { type: "string", default: "0" },
    "stock-file": { type: "string" },
    "empty-create-response": { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    "error-rate": { type: "string", default: "0" },
    "timeout-rate": { type: "string", default: "0" },
    "timeout-after-commit-rate": { type: "string", default: "0" },
    "throttle-rate": { type: "string", default: "0" },
    "retry-after": { type: "string", default: "2" },
    "hang-ms": { type: "string", default: "30000" },
    "duplicate-webhook-rate": { type: "string", default: "0" },
    "out-of-order-webhook-rate": { type: "string", default: "0" },
  },
});

const num = (name: keyof typeof values): number => {
  const n = Number(values[name]);
  if (!Number.isFinite(n)) {
    console.error(`--${name} must be a number`);
    process.exit(2);
  }
  return n;
};

const sandbox = await startWarehouseSandbox({
  port: num("port"),
  host: values.host,
  warehouses: values.warehouses?.split(",").map((w) => w.trim()).filter(Boolean),
  tenants: [{ name: values.tenant!, apiKey: values["api-key"]!, webhookSecret: values["webhook-secret"], webhookUrl: values["webhook-url"] }],
  clock: values["manual-clock"] ? { mode: "manual" } : { mode: "real", timeScale: num("time-scale") },
  defaultOnHand: num("default-stock"),
  // {"US-RNO": {"TSHIRT-RED": 40}, …}
  stock: values["stock-file"] ? (JSON.parse(readFileSync(values["stock-file"], "utf8")) as Record<string, Record<string, number>>) : undefined,
  emptyCreateResponse: values["empty-create-response"],
  seed: num("seed"),
  faults: {
    errorRate: num("error-rate"),
    timeoutRate: num("timeout-rate"),
    timeoutAfterCommitRate: num("timeout-after-commit-rate"),
    throttleRate: num("throttle-rate"),
    retryAfterSeconds: num("retry-after"),
    hangMs: num("hang-ms"),
    duplicateWebhookRate: num("duplicate-webhook-rate"),
    outOfOrderWebhookRate: num("out-of-order-webhook-rate"),
  },
});

console.log(JSON.stringify({ event: "sandbox-3pl listening", url: sandbox.url, warehouses: sandbox.world.warehouses, tenants: sandbox.tenants }));

const stop = () => {
  void sandbox.close().then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
