import { createHmac } from "node:crypto";
import { jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startShopifySandbox, type ShopifySandbox } from "../../../sandboxes/shopify";
import { startReceiver } from "./sandbox-harness";

const APP = { apiKey: "corridor-test-key", apiSecret: "corridor-test-secret" };
let sandbox: ShopifySandbox;

beforeAll(async () => {
  // 0.00001: the 4-hour retry cycle takes about 0.15 s
  sandbox = await startShopifySandbox({ ...APP, webhookTimeScale: 0.00001 });
});
afterAll(async () => sandbox.close());

describe("the sandbox playing Shopify toward the app", () => {
  it("retries a failed delivery with the same Webhook-Id and the original bytes until a 2xx", async () => {
    // GIVEN an app that answers 500, then a redirect, then 200
    const receiver = await startReceiver((_r, i) => [500, 302, 200][i] ?? 200);
    sandbox.webhooks.subscribe(`${receiver.url}/webhooks/shopify`);
    const shop = sandbox.addShop("retry.myshopify.com", { accessToken: "t-retry" });
    // WHEN an order is placed
    const { order } = sandbox.merchant.createOrder(shop, { lines: [{ sku: "A", quantity: 1 }] });
    const delivery = sandbox.webhooks.deliveries.find((d) => d.topic === "orders/create" && d.shop === shop.domain)!;
    await vi.waitFor(() => expect(delivery.delivered).toBe(true), { timeout: 5000 });
    // THEN three attempts, identical id and bytes, 3xx counted as failure, exact big-int id
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers["x-shopify-webhook-id"])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.raw.toString("hex"))).size).toBe(1);
    expect(receiver.received[0]!.raw.toString()).toContain(`"id":${order.id},`);
    expect(JSON.parse(receiver.received[0]!.raw.toString()).id).not.toBe(order.id.toString()); // what JSON.parse would lose
    await receiver.close();
  });

  it("gives up after 8 retries against an app that always fails", async () => {
    const receiver = await startReceiver(() => 503);
    const d = sandbox.webhooks.prepare("retry.myshopify.com", "orders/updated", { id: 2n ** 60n }, { url: `${receiver.url}/w` });
    await sandbox.webhooks.deliver(d);
    expect(d.attempts).toHaveLength(9);
    expect(d.delivered).toBe(false);
    await receiver.close();
  });

  it("sends duplicates with one Webhook-Id and can deliver a batch out of order", async () => {
    const receiver = await startReceiver();
    const url = `${receiver.url}/w`;
    sandbox.webhooks.uri = url;
    await sandbox.webhooks.send("dup.myshopify.com", "orders/updated", { id: 1n }, { duplicates: 2 });
    const dupIds = receiver.received.map((r) => r.headers["x-shopify-webhook-id"]);
    expect(dupIds).toHaveLength(2);
    expect(dupIds[0]).toBe(dupIds[1]);
    const older = sandbox.webhooks.prepare("dup.myshopify.com", "orders/updated", { id: 1n, updated_at: "2026-11-24T10:00:00Z" });
    const newer = sandbox.webhooks.prepare("dup.myshopify.com", "orders/updated", { id: 1n, updated_at: "2026-11-24T10:05:00Z" });
    await sandbox.webhooks.sendInOrder([newer, older]);
    const arrived = receiver.received.slice(2).map((r) => JSON.parse(r.raw.toString()).updated_at);
    expect(arrived).toEqual(["2026-11-24T10:05:00Z", "2026-11-24T10:00:00Z"]);
    for (const r of receiver.received) {
      expect(r.headers["x-shopify-hmac-sha256"]).toBe(createHmac("sha256", APP.apiSecret).update(r.raw).digest("base64"));
    }
    sandbox.webhooks.uri = undefined;
    await receiver.close();
  });

  it("mints session tokens that verify with the app secret and carry the documented claims", async () => {
    const admin = await sandbox.mintAdminSessionToken("acme.myshopify.com");
    const { payload } = await jwtVerify(admin, new TextEncoder().encode(APP.apiSecret), { algorithms: ["HS256"], audience: APP.apiKey });
    expect(payload).toMatchObject({ iss: "https://acme.myshopify.com/admin", dest: "https://acme.myshopify.com" });
    const customer = await sandbox.mintCustomerAccountToken("acme.myshopify.com", { customerId: "9007199254741993" });
    const c = await jwtVerify(customer, new TextEncoder().encode(APP.apiSecret), { audience: APP.apiKey });
    expect(c.payload.sub).toBe("gid://shopify/Customer/9007199254741993");
    // AND the forged variants fail verification the way Corridor must refuse them
    const wrongSecret = await sandbox.mintAdminSessionToken("acme.myshopify.com", { secret: "other" });
    await expect(jwtVerify(wrongSecret, new TextEncoder().encode(APP.apiSecret))).rejects.toThrow();
    const expired = await sandbox.mintAdminSessionToken("acme.myshopify.com", { expiresIn: -60 });
    await expect(jwtVerify(expired, new TextEncoder().encode(APP.apiSecret), { clockTolerance: 10 })).rejects.toThrow(/exp/);
  });
});
