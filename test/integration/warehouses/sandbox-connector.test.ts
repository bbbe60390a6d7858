/**
 * The sandbox connector against the sandbox 3PL over real HTTP: idempotent creates, error
 * mapping under injected faults, cancel before and after shipment, stock, polling.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PartnerError, PartnerThrottledError } from "~/lib/errors";
import { createWarehouse } from "~/warehouses/registry";
import { createSandboxWarehouse } from "~/warehouses/sandbox/index";
import type { DispatchRequest, Warehouse } from "~/warehouses/warehouse";
import { DAY, HOUR } from "../../sandboxes/warehouse/clock";
import { startWarehouseSandbox, type WarehouseSandbox, type WarehouseSandboxOptions } from "../../sandboxes/warehouse/server";

const request = (overrides: Partial<DispatchRequest> = {}): DispatchRequest => ({
  displayOrderId: "#1001",
  orderedAt: "2026-11-23T10:00:00Z",
  shipTo: { countryCode: "US", city: "Austin", zip: "73301", name: "Ada Lovelace", address1: "1 Main St" },
  lines: [{ lineRef: "L1", sku: "TSHIRT-RED", quantity: 2 }],
  speed: "standard",
  ...overrides,
});

let sandbox: WarehouseSandbox;
let reno: Warehouse;

async function start(options: WarehouseSandboxOptions = {}, location = "US-RNO", timeoutMs = 2_000) {
  sandbox = await startWarehouseSandbox({ warehouses: ["VN-HCM", "US-RNO"], clock: { mode: "manual" }, stock: { "US-RNO": { "TSHIRT-RED": 10, MUG: 1 } }, ...options });
  reno = createSandboxWarehouse({ baseUrl: sandbox.url, apiKey: sandbox.tenants[0]!.apiKey, webhookSecret: sandbox.tenants[0]!.webhookSecret, partnerLocationId: location, timeoutMs });
}

const caught = async (p: Promise<unknown>): Promise<unknown> => p.then(() => { throw new Error("expected a rejection"); }, (e: unknown) => e);

beforeEach(async () => start());
afterEach(async () => sandbox.close());

describe("submitOrder", () => {
  it("creates one warehouse order when the same reference is submitted twice", async () => {
    // GIVEN an order; WHEN it is submitted twice with one reference
    const first = await reno.submitOrder(request(), "c-1001-a1", { correlationId: "corr-1" });
    const second = await reno.submitOrder(request(), "c-1001-a1", { correlationId: "corr-2" });
    // THEN both receipts name the same partner order, the second flagged a duplicate
    expect(first).toMatchObject({ status: "accepted", clientReference: "c-1001-a1", duplicate: false });
    expect(second).toMatchObject({ status: "accepted", duplicate: true });
    expect(first.status === "accepted" && second.status === "accepted" && first.partnerOrderId === second.partnerOrderId).toBe(true);
    // AND the sandbox made exactly one order, tagged with the first call's correlation id
    expect(sandbox.records.orders).toHaveLength(1);
    expect(sandbox.records.orders[0]).toMatchObject({ reference: "c-1001-a1", correlationId: "corr-1", warehouse: "US-RNO" });
    expect(sandbox.records.requests.map((r) => r.correlationId)).toEqual(["corr-1", "corr-2"]);
  });

  it("refuses the same reference with a different body as a final idempotency conflict", async () => {
    await reno.submitOrder(request(), "c-1001-a1");
    const error = await caught(reno.submitOrder(request({ lines: [{ lineRef: "L1", sku: "TSHIRT-RED", quantity: 3 }] }), "c-1001-a1"));
    expect(error).toBeInstanceOf(PartnerError);
    expect(error).toMatchObject({ code: "IDEMPOTENCY_CONFLICT", retryable: false, status: 409 });
    expect((error as PartnerError).merchantMessage).toBeTruthy();
    expect(sandbox.records.orders).toHaveLength(1);
  });

  it("turns a 503 into a retryable PartnerError, and the retry creates the order once", async () => {
    sandbox.faults.update({ script: [{ fault: { kind: "5xx", status: 503 }, pathPrefix: "/v1/orders" }] });
    const error = await caught(reno.submitOrder(request(), "c-1002-a1"));
    expect(error).toBeInstanceOf(PartnerError);
    expect(error).toMatchObject({ retryable: true, status: 503 });
    expect(error).not.toBeInstanceOf(PartnerThrottledError);
    await expect(reno.submitOrder(request(), "c-1002-a1")).resolves.toMatchObject({ status: "accepted", duplicate: false });
    expect(sandbox.ordersPerReference().get("demo/c-1002-a1")).toBe(1);
  });

  it("turns a 429 into PartnerThrottledError with retryAfterMs from Retry-After", async () => {
    sandbox.faults.update({ script: [{ fault: { kind: "429", retryAfterSeconds: 7 } }] });
    const error = await caught(reno.submitOrder(request(), "c-1003-a1"));
    expect(error).toBeInstanceOf(PartnerThrottledError);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 7_000, status: 429 });
  });

  it("turns a hung call into a retryable TIMEOUT, and a retry after a commit-then-hang finds the order already made", async () => {
    await sandbox.close();
    await start({ faults: { hangMs: 5_000 } }, "US-RNO", 300);
    // GIVEN the sandbox creates the order and then never answers
    sandbox.faults.update({ script: [{ fault: { kind: "timeout_after_commit" } }] });
    const error = await caught(reno.submitOrder(request(), "c-1004-a1"));
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: true });
    // WHEN the dispatcher retries with the same reference; THEN it gets that order, not a second one
    await expect(reno.submitOrder(request(), "c-1004-a1")).resolves.toMatchObject({ status: "accepted", duplicate: true });
    expect(sandbox.ordersPerReference().get("demo/c-1004-a1")).toBe(1);
    // AND a hang before acting creates nothing until the retry
    sandbox.faults.update({ script: [{ fault: { kind: "timeout" } }] });
    await expect(caught(reno.submitOrder(request(), "c-1005-a1"))).resolves.toMatchObject({ code: "TIMEOUT" });
    expect(sandbox.ordersPerReference().has("demo/c-1005-a1")).toBe(false);
    await expect(reno.submitOrder(request(), "c-1005-a1")).resolves.toMatchObject({ duplicate: false });
  });

  it("gives up at the caller's abort signal as a retryable error", async () => {
    sandbox.faults.update({ script: [{ fault: { kind: "timeout" } }] });
    const controller = new AbortController();
    const pending = caught(reno.submitOrder(request(), "c-1006-a1", { signal: controller.signal }));
    controller.abort(new Error("job cancelled"));
    await expect(pending).resolves.toMatchObject({ code: "NETWORK", retryable: true });
  });

  it("refuses an order without stock as final, with a merchant sentence, and commits nothing", async () => {
    const error = await caught(reno.submitOrder(request({ lines: [{ lineRef: "L1", sku: "MUG", quantity: 2 }] }), "c-1007-a1"));
    expect(error).toMatchObject({ code: "OUT_OF_STOCK", retryable: false, status: 422 });
    expect((error as PartnerError).merchantMessage).toMatch(/no stock/);
    expect(await reno.fetchStock(["MUG"])).toMatchObject([{ sku: "MUG", onHand: 1, committed: 0, available: 1 }]);
  });

  it("refuses a reference Amazon MCF could not take before calling the partner", async () => {
    await expect(reno.submitOrder(request(), "x".repeat(41))).rejects.toMatchObject({ code: "INVALID_CLIENT_REFERENCE", retryable: false });
    expect(sandbox.records.requests).toHaveLength(0);
  });

  it("reads the order back when the partner answers a create with an empty body, as MCF does", async () => {
    await sandbox.close();
    await start({ emptyCreateResponse: true });
    const receipt = await reno.submitOrder(request(), "c-1008-a1");
    expect(receipt).toMatchObject({ status: "accepted", clientReference: "c-1008-a1", partnerOrderId: sandbox.records.orders[0]!.orderId });
  });

  it("maps a wrong API key to a final UNAUTHORIZED error, and testConnection says so", async () => {
    const stranger = createSandboxWarehouse({ baseUrl: sandbox.url, apiKey: "wrong", webhookSecret: "whsec_eA==", partnerLocationId: "US-RNO" });
    await expect(stranger.submitOrder(request(), "c-1009-a1")).rejects.toMatchObject({ code: "UNAUTHORIZED", retryable: false });
    await expect(stranger.testConnection()).resolves.toMatchObject({ ok: false, message: expect.stringMatching(/API key/) });
    await expect(reno.testConnection()).resolves.toMatchObject({ ok: true, partnerLocations: ["VN-HCM", "US-RNO"] });
  });
});

describe("cancelOrder", () => {
  it("cancels before shipment, releases the committed stock, and answers a repeat as already cancelled", async () => {
    await reno.submitOrder(request(), "c-2001-a1");
    expect(await reno.fetchStock(["TSHIRT-RED"])).toMatchObject([{ onHand: 10, committed: 2, available: 8 }]);
    sandbox.advance(2 * HOUR); // picked, not yet shipped
    await expect(reno.cancelOrder({ clientReference: "c-2001-a1" }, "cancel-c-2001-a1")).resolves.toEqual({ outcome: "cancelled", alreadyCancelled: false });
    await expect(reno.cancelOrder({ clientReference: "c-2001-a1" }, "cancel-c-2001-a1")).resolves.toEqual({ outcome: "cancelled", alreadyCancelled: true });
    expect(await reno.fetchStock(["TSHIRT-RED"])).toMatchObject([{ onHand: 10, committed: 0, available: 10 }]);
    // A cancelled order never ships, however long we wait.
    sandbox.advance(10 * DAY);
    expect(await reno.fetchOrder({ clientReference: "c-2001-a1" })).toMatchObject({ stage: "cancelled", shipments: [] });
  });

  it("answers too_late once the parcel has shipped", async () => {
    await reno.submitOrder(request(), "c-2002-a1");
    sandbox.advance(4 * HOUR);
    await expect(reno.cancelOrder({ clientReference: "c-2002-a1" }, "cancel-c-2002-a1")).resolves.toMatchObject({ outcome: "too_late", stage: "shipped" });
  });

  it("reports an unknown order as a final NOT_FOUND", async () => {
    await expect(reno.cancelOrder({ clientReference: "nope" }, "k")).rejects.toMatchObject({ code: "NOT_FOUND", retryable: false });
    await expect(reno.fetchOrder({ clientReference: "nope" })).resolves.toBeNull();
  });
});

describe("stock and polling", () => {
  it("reports stock with the partner's timestamp and takes shipped units off on-hand", async () => {
    const before = await reno.fetchStock(["TSHIRT-RED", "MUG", "UNKNOWN"]);
    expect(before).toEqual([
      { sku: "TSHIRT-RED", partnerLocationId: "US-RNO", onHand: 10, committed: 0, available: 10, reportedAt: sandbox.clock.now().toISOString() },
      { sku: "MUG", partnerLocationId: "US-RNO", onHand: 1, committed: 0, available: 1, reportedAt: sandbox.clock.now().toISOString() },
      { sku: "UNKNOWN", partnerLocationId: "US-RNO", onHand: 0, committed: 0, available: 0, reportedAt: sandbox.clock.now().toISOString() },
    ]);
    await reno.submitOrder(request(), "c-3001-a1");
    sandbox.advance(1 * DAY);
    const after = await reno.fetchStock(["TSHIRT-RED"]);
    expect(after).toMatchObject([{ onHand: 8, committed: 0, available: 8 }]);
    expect(after[0]!.reportedAt > before[0]!.reportedAt).toBe(true);
  });

  it("lists orders changed since a time across pages, oldest change first", async () => {
    await sandbox.close();
    await start({ pageSize: 2, defaultOnHand: 100 });
    const t0 = sandbox.clock.now().toISOString();
    for (let i = 1; i <= 5; i++) {
      await reno.submitOrder(request(), `c-400${i}-a1`);
      sandbox.advance(10 * 60_000);
    }
    const all = await reno.listUpdatedOrders(t0);
    expect(all.map((o) => o.clientReference)).toEqual(["c-4001-a1", "c-4002-a1", "c-4003-a1", "c-4004-a1", "c-4005-a1"]);
    const later = await reno.listUpdatedOrders(new Date(Date.parse(t0) + 25 * 60_000).toISOString());
    expect(later.map((o) => o.clientReference)).toEqual(["c-4004-a1", "c-4005-a1"]);
  });

  it("is built by the registry from a connector_config row", async () => {
    const fromRow = createWarehouse("sandbox", { baseUrl: sandbox.url, apiKey: sandbox.tenants[0]!.apiKey, webhookSecret: sandbox.tenants[0]!.webhookSecret, partnerLocationId: "VN-HCM" });
    await expect(fromRow.testConnection()).resolves.toMatchObject({ ok: true });
    await expect(fromRow.submitOrder(request({ lines: [{ lineRef: "1", sku: "X", quantity: 1 }] }), "c-5001-a1")).rejects.toMatchObject({ code: "OUT_OF_STOCK" });
  });
});
