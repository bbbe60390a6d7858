/**
 * The sandbox 3PL as the demo and chaos run start it: its own process, configured by flags, and
 * steered through the control API.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandboxWarehouse } from "~/warehouses/sandbox/index";
import type { Warehouse } from "~/warehouses/warehouse";

let child: ChildProcess;
let url: string;
let warehouse: Warehouse;

beforeAll(async () => {
  const main = path.resolve(import.meta.dirname, "../../sandboxes/warehouse/main.ts");
  child = spawn(process.execPath, ["--import", "tsx", main, "--port", "0", "--warehouses", "VN-HCM,JP-TYO", "--api-key", "proc-key", "--default-stock", "3", "--manual-clock"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const banner = JSON.parse(firstLine) as { url: string; tenants: { apiKey: string; webhookSecret: string }[] };
  url = banner.url;
  warehouse = createSandboxWarehouse({ baseUrl: url, apiKey: "proc-key", webhookSecret: banner.tenants[0]!.webhookSecret, partnerLocationId: "JP-TYO" });
});

afterAll(() => {
  child.kill("SIGTERM");
});

const control = async (route: string, body: unknown) =>
  (await fetch(`${url}/_control/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json();

describe("sandbox 3PL process", () => {
  it("serves the warehouses named on its command line behind the API key", async () => {
    await expect(warehouse.testConnection()).resolves.toMatchObject({ ok: true, partnerLocations: ["VN-HCM", "JP-TYO"] });
  });

  it("ships a Japanese domestic order with Japan Post once the control API advances its clock", async () => {
    await warehouse.submitOrder(
      { displayOrderId: "#9", orderedAt: "2026-11-23T10:00:00Z", shipTo: { countryCode: "JP", city: "Osaka" }, lines: [{ lineRef: "1", sku: "TEA", quantity: 1 }], speed: "standard" },
      "proc-1",
    );
    await control("clock/advance", { ms: 5 * 86_400_000 });
    const [shipment] = await warehouse.fetchShipments({ clientReference: "proc-1" });
    expect(shipment).toMatchObject({ carrier: { code: "japan-post", shopifyCompany: "Japan Post (EN)" }, status: "delivered" });
    expect(await warehouse.fetchStock(["TEA"])).toMatchObject([{ onHand: 2 }]);
  });

  it("injects the faults the control API scripts and records every order", async () => {
    await control("faults", { script: [{ fault: { kind: "5xx", status: 500 } }] });
    await expect(warehouse.fetchStock(["TEA"])).rejects.toMatchObject({ retryable: true, status: 500 });
    const records = (await (await fetch(`${url}/_control/records`)).json()) as { orders: { reference: string }[]; requests: { fault?: string }[] };
    expect(records.orders.map((o) => o.reference)).toEqual(["proc-1"]);
    expect(records.requests.filter((r) => r.fault === "5xx")).toHaveLength(1);
  });
});
