/**
 * A shop wired for the fulfillment-service flow: this file's own Postgres and Redis, the Shopify
 * sandbox, a connected shop (offline session, as `corridor shops connect` stores it) with Corridor
 * registered as its fulfillment service, and the HandlerContext jobs run with.
 */
import { pino } from "pino";
import { createAdminClient, type AdminClient } from "../../../../../app/channels/shopify/admin-client.server";
import { registerFulfillmentService, type Registration } from "../../../../../app/channels/shopify/fulfillment/register-fulfillment-service.server";
import { gidNumber } from "../../../../../app/channels/shopify/normalize-order";
import { ThrottleRegistry } from "../../../../../app/channels/shopify/throttle";
import { sessionTable } from "../../../../../app/db/schema";
import type { HandlerContext } from "../../../../../app/inbox/topic-handler";
import { createQueues, type Queues } from "../../../../../app/queues/queues.server";
import { startShopifySandbox, type ShopifySandbox } from "../../../../sandboxes/shopify";
import type { SeedOrder } from "../../../../sandboxes/shopify/merchant";
import { TEST_API_KEY, TEST_API_SECRET, testConfig } from "../../../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../../../helpers/isolated";
import { seedShop } from "../../../../helpers/seed";

export const NOW = new Date("2026-11-24T09:00:00Z");

export interface FlowWorld {
  world: IsolatedWorld;
  sandbox: ShopifySandbox;
  queues: Queues;
  ctx: HandlerContext;
  close(): Promise<void>;
}

export async function startFlowWorld(): Promise<FlowWorld> {
  const world = await isolatedWorld();
  const sandbox = await startShopifySandbox({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, plan: "plus" });
  const queues = createQueues(world.redisUrl, world.queuePrefix);
  const ctx: HandlerContext = {
    db: world.db,
    queues,
    logger: pino({ level: "silent" }),
    config: testConfig(world, { SHOPIFY_ADMIN_API_ORIGIN: sandbox.url }),
    now: () => NOW,
  };
  return {
    world,
    sandbox,
    queues,
    ctx,
    async close() {
      await queues.close();
      await sandbox.close();
      await world.cleanup();
    },
  };
}

export interface ConnectedShop {
  domain: string;
  shopId: number;
  client: AdminClient;
  registration: Registration;
  /** Places an order in the sandbox, assigned to Corridor's location, and submits the request. */
  requestFulfillment(seed: SeedOrder, opts?: { notifyCustomer?: boolean }): Promise<ReturnType<ShopifySandbox["merchant"]["createOrder"]>>;
}

export async function connectShop(flow: FlowWorld, domain: string, settings: Record<string, unknown> = {}): Promise<ConnectedShop> {
  const token = `shpat_${domain.split(".")[0]}`;
  const sandboxShop = flow.sandbox.addShop(domain, { accessToken: token });
  const shop = await seedShop(flow.world.db, domain, settings);
  await flow.world.db.insert(sessionTable).values({ id: `offline_${domain}`, shop: domain, state: "custom-app", isOnline: false, accessToken: token });
  const client = createAdminClient({ shopDomain: domain, accessToken: token, origin: flow.sandbox.url, logger: flow.ctx.logger, throttle: new ThrottleRegistry(), baseBackoffMs: 5 });
  const registration = await registerFulfillmentService(client, { appUrl: flow.ctx.config.SHOPIFY_APP_URL, db: flow.world.db });
  const locationId = BigInt(gidNumber(registration.locationId));
  return {
    domain,
    shopId: shop.id,
    client,
    registration,
    async requestFulfillment(seed, opts = {}) {
      const placed = flow.sandbox.merchant.createOrder(sandboxShop, { ...seed, locationId }, { webhook: false });
      await flow.sandbox.merchant.submitFulfillmentRequest(sandboxShop, placed.fulfillmentOrder, { notifyCustomer: opts.notifyCustomer });
      return placed;
    },
  };
}

export const US_ADDRESS = { countryCode: "US", city: "San Jose", provinceCode: "CA", zip: "95113", address1: "1 Market St" } as const;
