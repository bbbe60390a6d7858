/**
 * A Corridor world with Etsy and TikTok Shop connected, for the marketplace wiring tests: the
 * app's web server and workers over this file's own Postgres and Redis, the Etsy and TikTok
 * sandboxes as the platforms, and (optionally) the sandbox 3PL as the warehouse.
 *
 * Accounts are connected the way a merchant's consent would (Channel.beginConnect/completeConnect
 * against the sandbox), then stored as channel_connections rows of one Corridor shop.
 */
import { eq } from "drizzle-orm";
import { marketplaceChannels } from "../../../../app/channels/registry.server";
import type { Config } from "../../../../app/config.server";
import { channelConnections, webhookInbox } from "../../../../app/db/schema";
import { logger } from "../../../../app/lib/logger.server";
import { PROCESSORS, startWorkers, type WorkerPool } from "../../../../app/queues/run-workers.server";
import { startWebServer, type WebServer } from "../../../../app/server";
import { startEtsySandbox, type EtsySandbox } from "../../../sandboxes/etsy";
import { startTiktokSandbox, type TiktokSandbox } from "../../../sandboxes/tiktok";
import type { TtsSandboxShop } from "../../../sandboxes/tiktok/state";
import { marketplaceEnv, testConfig } from "../../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../../helpers/isolated";
import { seedShop } from "../../../helpers/seed";

export const ETSY_SHOP_ID = 42424242;
export const ETSY_USER_ID = 53888612;

export interface MarketplaceWorld {
  world: IsolatedWorld;
  config: Config;
  web: WebServer;
  pool: WorkerPool;
  etsy: EtsySandbox;
  tts: TiktokSandbox;
  ttsShop: TtsSandboxShop;
  close(): Promise<void>;
}

export async function startMarketplaceWorld(opts: { processors?: typeof PROCESSORS; etsy?: Parameters<typeof startEtsySandbox>[0] } = {}): Promise<MarketplaceWorld> {
  const world = await isolatedWorld();
  const etsy = await startEtsySandbox(opts.etsy);
  etsy.state.addShop(ETSY_SHOP_ID, ETSY_USER_ID);
  const tts = await startTiktokSandbox();
  const ttsShop = tts.state.addShop();
  const config = testConfig(world, {
    ...marketplaceEnv({ etsy, tiktok: tts }),
    ETSY_WEBHOOK_SECRET: etsy.webhookSecret,
  });
  const web = await startWebServer(config, { db: world, admin: false });
  const pool = await startWorkers({ config, db: world, logger, relayEveryMs: 200, ...(opts.processors ? { processors: opts.processors } : {}) });
  return {
    world,
    config,
    web,
    pool,
    etsy,
    tts,
    ttsShop,
    async close() {
      await pool.close();
      await web.close();
      await etsy.close();
      await tts.close();
      await world.cleanup();
    },
  };
}

/** The Corridor shop with its Etsy shop and TikTok shop connected through the sandboxes' consent. */
export async function connectMarketplaces(mw: MarketplaceWorld, domain: string) {
  const shop = await seedShop(mw.world.db, domain);
  const channels = marketplaceChannels(mw.config);
  const redirectUri = "https://corridor.example/channels/etsy/callback";
  const start = channels.etsy!.beginConnect({ redirectUri, state: "st" });
  const consent = await fetch(start.url, { redirect: "manual" });
  const code = new URL(consent.headers.get("location")!).searchParams.get("code")!;
  const [etsyAccount] = await channels.etsy!.completeConnect({ code, redirectUri, verifier: start.verifier, now: new Date() });
  const [ttsAccount] = await channels.tiktok!.completeConnect({ code: mw.tts.state.issueAuthCode([mw.ttsShop.id]), redirectUri: "", now: new Date() });
  const [etsyConnection] = await mw.world.db
    .insert(channelConnections)
    .values({ shopId: shop.id, channel: "etsy", externalAccountId: etsyAccount!.externalAccountId, credentials: { ...etsyAccount!.credentials } })
    .returning();
  const [ttsConnection] = await mw.world.db
    .insert(channelConnections)
    .values({ shopId: shop.id, channel: "tiktok", externalAccountId: ttsAccount!.externalAccountId, credentials: { ...ttsAccount!.credentials } })
    .returning();
  return { shop, etsyConnection: etsyConnection!, ttsConnection: ttsConnection! };
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false | null>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every stored delivery handled (none still pending). */
export async function inboxSettled(mw: MarketplaceWorld) {
  return until("inbox settled", async () => (await mw.world.db.select().from(webhookInbox).where(eq(webhookInbox.status, "pending"))).length === 0);
}
