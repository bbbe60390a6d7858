/**
 * startShopifySandbox(): a local, stateful Shopify for tests, demos and benches. See README.md for
 * what it implements against the contract's §10 checklist.
 *
 *   const shopify = await startShopifySandbox({ apiKey, apiSecret, plan: "standard" });
 *   const shop = shopify.addShop("acme.myshopify.com", { accessToken: "shpat_test" });
 *   createAdminClient({ shopDomain: shop.domain, accessToken: "shpat_test", origin: shopify.url, logger });
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PLANS, type Plan, type PlanName } from "./cost";
import { Merchant } from "./merchant";
import { loadAdminSchema } from "./schema";
import { createAdminHandler, type ServerOptions } from "./server";
import { SandboxState, type ShopState } from "./state";
import { mintAdminSessionToken, mintCustomerAccountToken, type TokenOverrides } from "./tokens";
import { WebhookSender } from "./webhooks";

export interface ShopifySandboxOptions {
  port?: number;
  apiKey: string;
  apiSecret: string;
  /** Bucket of new shops: a plan name or explicit numbers (small buckets make throttling testable). */
  plan?: PlanName | Plan;
  /** HTTP status of THROTTLED answers. Default 200. */
  throttledStatus?: 200 | 429;
  /** Compresses webhook retry waits (0.0001: the 4-hour cycle takes ~1.4 s). Default 1. */
  webhookTimeScale?: number;
}

export interface ShopifySandbox {
  url: string;
  state: SandboxState;
  merchant: Merchant;
  webhooks: WebhookSender;
  log: ServerOptions["log"];
  addShop(domain: string, opts: { accessToken: string; plan?: PlanName | Plan; currency?: string }): ShopState;
  shop(domain: string): ShopState;
  setThrottledStatus(status: 200 | 429): void;
  /** The next requests answer these HTTP statuses instead of executing (one per request). */
  injectFaults(...statuses: number[]): void;
  mintAdminSessionToken(shop: string, opts?: TokenOverrides & { userId?: string }): Promise<string>;
  mintCustomerAccountToken(shop: string, opts?: TokenOverrides & { customerId?: string }): Promise<string>;
  close(): Promise<void>;
}

const planOf = (plan: PlanName | Plan | undefined): Plan => (typeof plan === "string" ? PLANS[plan] : plan ?? PLANS.standard);

export async function startShopifySandbox(options: ShopifySandboxOptions): Promise<ShopifySandbox> {
  const state = new SandboxState();
  const webhooks = new WebhookSender({ apiSecret: options.apiSecret, timeScale: options.webhookTimeScale });
  const pending: Array<Promise<unknown>> = [];
  const merchant = new Merchant(state, webhooks, pending);
  let throttledStatus: 200 | 429 = options.throttledStatus ?? 200;
  const faults: number[] = [];
  const log: ServerOptions["log"] = [];
  const handler = createAdminHandler({
    schema: loadAdminSchema(),
    state,
    throttledStatus: () => throttledStatus,
    faults,
    log,
    notify: (shop, topic, payload) => {
      if (webhooks.uri) pending.push(webhooks.send(shop.domain, topic, payload).catch(() => undefined));
    },
  });
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const app = { apiKey: options.apiKey, apiSecret: options.apiSecret };

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    merchant,
    webhooks,
    log,
    addShop: (domain, o) => state.addShop(domain, { accessToken: o.accessToken, plan: planOf(o.plan ?? options.plan), currency: o.currency }),
    shop: (domain) => state.shop(domain),
    setThrottledStatus: (s) => void (throttledStatus = s),
    injectFaults: (...s) => void faults.push(...s),
    mintAdminSessionToken: (shop, o) => mintAdminSessionToken(app, shop, o),
    mintCustomerAccountToken: (shop, o) => mintCustomerAccountToken(app, shop, o),
    async close() {
      webhooks.close();
      await Promise.allSettled(pending);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { PLANS } from "./cost";
export { signBody } from "./webhooks";
export type { SeedLine, SeedOrder } from "./merchant";
