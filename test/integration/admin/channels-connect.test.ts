/**
 * Connect / Reconnect Etsy and TikTok Shop from the channels page, against the sandboxes' consent
 * and token endpoints: the action starts the flow for the signed-in shop only, the callback claims
 * its state once, stores the account under the shop that started it (tokens sealed), and a revoked
 * connection shows its reason and comes back in place.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelConnectAttempts, channelConnections } from "../../../app/db/schema";
import { startEtsySandbox, type EtsySandbox } from "../../sandboxes/etsy";
import { startTiktokSandbox, type TiktokSandbox } from "../../sandboxes/tiktok";
import type { TtsSandboxShop } from "../../sandboxes/tiktok/state";
import { marketplaceEnv, TEST_ENCRYPTION_KEYS } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { seedShop } from "../../helpers/seed";
import { callRoute } from "../../helpers/call-route";

const APP = "http://127.0.0.1";
const ETSY_SHOP_ID = 7100;
const ETSY_USER_ID = 7200;

let world: IsolatedWorld;
let etsy: EtsySandbox;
let tts: TiktokSandbox;
let ttsShop: TtsSandboxShop;
let shopA: { id: number };
let shopB: { id: number };
let cookieA: string;
let cookieB: string;
let channelsRoute: typeof import("../../../app/routes/app.channels");
let callbackRoute: typeof import("../../../app/routes/channels.$channel.callback/route");

type Args = { request: Request; params: Record<string, string>; context: Record<string, unknown> };

async function startConnect(cookie: string, channel: string): Promise<Response | unknown> {
  const request = new Request(`${APP}/app/channels`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams({ channel }) });
  return callRoute(channelsRoute.action, request);
}

/** The merchant's browser at the platform: the sandbox consents at once and redirects back. */
async function consent(authorizeUrl: string): Promise<string> {
  const res = await fetch(authorizeUrl, { redirect: "manual" });
  expect(res.status, await res.clone().text()).toBe(302);
  return res.headers.get("location")!;
}

async function callback(url: string): Promise<Response> {
  const channel = new URL(url).pathname.split("/")[2]!;
  return (await callbackRoute.loader({ request: new Request(url), params: { channel }, context: {} } as Args)) as Response;
}

/** Connect as the merchant would: click, approve, come back. */
async function connectThroughPlatform(cookie: string, channel: "etsy" | "tiktok"): Promise<Response> {
  const started = (await startConnect(cookie, channel)) as Response;
  expect(started.status).toBe(302);
  return callback(await consent(started.headers.get("Location")!));
}

const connectionsOf = (shopId: number, channel: "etsy" | "tiktok") =>
  world.db.select().from(channelConnections).where(and(eq(channelConnections.shopId, shopId), eq(channelConnections.channel, channel)));

beforeAll(async () => {
  world = await isolatedWorld();
  etsy = await startEtsySandbox();
  etsy.state.addShop(ETSY_SHOP_ID, ETSY_USER_ID);
  tts = await startTiktokSandbox({ redirectUri: `${APP}/channels/tiktok/callback` });
  ttsShop = tts.state.addShop();
  Object.assign(process.env, {
    NODE_ENV: "test",
    CORRIDOR_DEMO_MODE: "1",
    SHOPIFY_API_KEY: "test-api-key",
    SHOPIFY_API_SECRET: "test-api-secret-0123456789",
    SCOPES: "read_orders",
    SHOPIFY_APP_URL: APP,
    DATABASE_URL: world.databaseUrl,
    REDIS_URL: world.redisUrl,
    QUEUE_PREFIX: world.queuePrefix,
    LOG_LEVEL: "silent",
    CORRIDOR_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    ...marketplaceEnv({ etsy, tiktok: tts }),
  });
  shopA = await seedShop(world.db, "alpha-connect.myshopify.com");
  shopB = await seedShop(world.db, "bravo-connect.myshopify.com");
  const { demoSignInCookie } = await import("../../../app/auth/demo-session.server");
  cookieA = (await demoSignInCookie("alpha-connect.myshopify.com")).split(";")[0]!;
  cookieB = (await demoSignInCookie("bravo-connect.myshopify.com")).split(";")[0]!;
  channelsRoute = await import("../../../app/routes/app.channels");
  callbackRoute = await import("../../../app/routes/channels.$channel.callback/route");
});

afterAll(async () => {
  const { closeDb } = await import("../../../app/db/db.server");
  await closeDb();
  await etsy?.close();
  await tts?.close();
  await world?.cleanup();
});

describe("connecting Etsy from the channels page", () => {
  it("sends the merchant to Etsy's consent with PKCE and keeps the state server-side, bound to the shop", async () => {
    // WHEN shop B clicks Connect Etsy
    const res = (await startConnect(cookieB, "etsy")) as Response;
    // THEN the browser goes to Etsy's consent page with a state and an S256 challenge…
    const target = new URL(res.headers.get("Location")!);
    expect(`${target.origin}${target.pathname}`).toBe(`${etsy.url}/oauth/connect`);
    expect(target.searchParams.get("code_challenge_method")).toBe("S256");
    expect(target.searchParams.get("redirect_uri")).toBe(`${APP}/channels/etsy/callback`);
    const state = target.searchParams.get("state")!;
    // …and Corridor keeps only the state's hash, for shop B, with the verifier sealed
    const attempts = await world.db.select().from(channelConnectAttempts);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ shopId: shopB.id, channel: "etsy" });
    expect(attempts[0]!.stateHash).not.toContain(state);
    expect(attempts[0]!.verifier).toMatch(/^\{"v":1,"kid":"test1"/);
    await world.db.delete(channelConnectAttempts);
  });

  it("stores the account under the shop that started, tokens sealed, and refuses the same callback twice", async () => {
    // GIVEN shop B approved on Etsy; WHEN Etsy sends the browser back
    const started = (await startConnect(cookieB, "etsy")) as Response;
    const back = await consent(started.headers.get("Location")!);
    const res = await callback(back);
    // THEN B's channels page says connected, and B (not A) holds the Etsy shop
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/app/channels?connected=etsy");
    const [row] = await connectionsOf(shopB.id, "etsy");
    expect(row).toMatchObject({ externalAccountId: String(ETSY_SHOP_ID), status: "connected", statusReason: null });
    expect(await connectionsOf(shopA.id, "etsy")).toHaveLength(0);
    const [{ raw }] = [...(await world.db.execute<{ raw: string }>(sql`SELECT credentials::text AS raw FROM channel_connections WHERE id = ${row!.id}`))] as [{ raw: string }];
    expect(raw).not.toContain(`${ETSY_USER_ID}.`); // Etsy tokens are "<user_id>.<opaque>"
    // AND a replay of that callback (back button) is refused and changes nothing
    const replay = await callback(back);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toMatch(/expired or was already used/);
  });

  it("shows a revoked connection with its reason and a Reconnect that restores it in place", async () => {
    // GIVEN the seller revoked Corridor on Etsy and the token refresh is refused
    const [before] = await connectionsOf(shopB.id, "etsy");
    etsy.state.revokeUser(ETSY_USER_ID);
    const { findConnection, freshConnection } = await import("../../../app/channels/marketplace-ingest.server");
    const { marketplaceChannels } = await import("../../../app/channels/registry.server");
    const { getConfig } = await import("../../../app/config.server");
    const { logger } = await import("../../../app/lib/logger.server");
    const config = getConfig();
    const soon = new Date(Date.now() + 24 * 3600_000); // past expiry: a refresh is due
    const ctx = { db: world.db, config, logger, now: () => soon };
    const connection = await findConnection<{ refreshToken: string }>(ctx, "etsy", String(ETSY_SHOP_ID));
    await expect(freshConnection(ctx, marketplaceChannels(config).etsy! as never, connection! as never)).rejects.toThrow(/etsy/);
    // THEN the page shows B's connection as needing reconnect, with the reason and nothing of A's
    const page = (await channelsRoute.loader({ request: new Request(`${APP}/app/channels`, { headers: { Cookie: cookieB } }), params: {}, context: {} } as Args)) as Awaited<ReturnType<typeof channelsRoute.loader>>;
    const shown = page.connections.find((c) => c.id === before!.id)!;
    expect(shown.status).toBe("needs_reauth");
    expect(shown.statusReason).toMatch(/^etsy: /);
    const asA = (await channelsRoute.loader({ request: new Request(`${APP}/app/channels`, { headers: { Cookie: cookieA } }), params: {}, context: {} } as Args)) as Awaited<ReturnType<typeof channelsRoute.loader>>;
    expect(asA.connections).toHaveLength(0);
    // WHEN B reconnects through Etsy
    const res = await connectThroughPlatform(cookieB, "etsy");
    // THEN the same row is connected again, the reason gone, and the new tokens work
    expect(res.headers.get("Location")).toBe("/app/channels?connected=etsy");
    const [after] = await connectionsOf(shopB.id, "etsy");
    expect(after).toMatchObject({ id: before!.id, status: "connected", statusReason: null });
    const reread = await findConnection<{ accessToken: string }>(ctx, "etsy", String(ETSY_SHOP_ID));
    expect(etsy.state.accessTokens.has(reread!.credentials.accessToken)).toBe(true);
  });

  it("does not let another shop take an Etsy shop that is already connected", async () => {
    // WHEN shop A goes through Etsy's consent for the same Etsy shop
    const res = await connectThroughPlatform(cookieA, "etsy");
    // THEN A is told so, and the account stays B's
    expect(res.headers.get("Location")).toBe("/app/channels?connectError=CHANNEL_ACCOUNT_TAKEN");
    expect(await connectionsOf(shopA.id, "etsy")).toHaveLength(0);
    expect(await connectionsOf(shopB.id, "etsy")).toHaveLength(1);
  });

  it("refuses an expired link and reports a declined consent without connecting anything", async () => {
    // GIVEN a connect started over ten minutes ago
    const started = (await startConnect(cookieA, "etsy")) as Response;
    await world.db.update(channelConnectAttempts).set({ expiresAt: new Date(Date.now() - 1000) });
    const expired = await callback(await consent(started.headers.get("Location")!));
    expect(expired.status).toBe(400);
    // GIVEN the merchant pressed "Decline" on the platform
    const again = (await startConnect(cookieA, "etsy")) as Response;
    const state = new URL(again.headers.get("Location")!).searchParams.get("state")!;
    const declined = await callback(`${APP}/channels/etsy/callback?error=access_denied&state=${state}`);
    expect(declined.headers.get("Location")).toBe("/app/channels?connectError=ACCESS_DENIED");
    expect(await connectionsOf(shopA.id, "etsy")).toHaveLength(0);
  });
});

describe("connecting TikTok Shop from the channels page", () => {
  it("exchanges the auth code and connects every authorised shop with its cipher", async () => {
    const res = await connectThroughPlatform(cookieA, "tiktok");
    expect(res.headers.get("Location")).toBe("/app/channels?connected=tiktok");
    const rows = await connectionsOf(shopA.id, "tiktok");
    expect(rows.map((r) => [r.externalAccountId, r.status, (r.credentials as { shopCipher: string }).shopCipher])).toEqual([[ttsShop.id, "connected", ttsShop.cipher]]);
    expect(JSON.stringify(rows[0]!.credentials)).not.toMatch(/"accessToken":"[^{]/);
  });

  it("refuses an unknown channel and a state made for another channel", async () => {
    expect(((await startConnect(cookieA, "amazon")) as { errorKey: string }).errorKey).toBe("channels.error.unavailable");
    const started = (await startConnect(cookieA, "etsy")) as Response;
    const state = new URL(started.headers.get("Location")!).searchParams.get("state")!;
    expect((await callback(`${APP}/channels/tiktok/callback?code=x&state=${state}`)).status).toBe(400);
  });
});
