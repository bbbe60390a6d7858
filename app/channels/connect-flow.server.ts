/**
 * Connecting (or reconnecting) an Etsy shop or a TikTok Shop from Corridor's admin.
 *
 * `beginChannelConnect` mints a random `state`, keeps only its SHA-256 server-side bound to the
 * merchant's shop with the PKCE verifier sealed, and returns the platform's consent URL. The
 * platform sends the merchant's browser back to /channels/<channel>/callback, outside Shopify admin
 * and without a session: the state is the proof of who started it. `completeChannelConnect` claims
 * `claimConnectAttempt` takes the attempt exactly once (DELETE … RETURNING) and refuses it when
 * expired; `finishChannelConnect` exchanges the code and stores the accounts, credentials sealed,
 * status connected.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, lte } from "drizzle-orm";
import type { Config } from "../config.server";
import type { Database } from "../db/client.server";
import { channelConnectAttempts } from "../db/schema";
import { CorridorError } from "../lib/errors";
import { secretBoxFor } from "../lib/secret-box.server";
import { saveConnectedAccounts } from "./connection-store.server";
import type { MarketplaceId } from "./marketplace-ingest.server";
import { marketplaceChannels } from "./registry.server";

/** Long enough to sign in on the platform and approve; short enough that a leaked link is useless. */
export const CONNECT_ATTEMPT_TTL_MS = 10 * 60_000;

export const MARKETPLACE_IDS: readonly MarketplaceId[] = ["etsy", "tiktok"];
export const isMarketplaceId = (value: unknown): value is MarketplaceId => MARKETPLACE_IDS.includes(value as MarketplaceId);

const VERIFIER_AAD = "channel_connect_attempts.verifier";
const hashState = (state: string) => createHash("sha256").update(state).digest("hex");

/** Where the platform returns the merchant: registered with the platform as the app's redirect URI. */
export const connectCallbackUrl = (config: Pick<Config, "SHOPIFY_APP_URL">, channel: MarketplaceId) => new URL(`/channels/${channel}/callback`, config.SHOPIFY_APP_URL).toString();

/** The connect link is unusable: unknown, already used, expired, or for another channel. */
export class ConnectStateError extends CorridorError {
  constructor(reason: "unknown" | "expired") {
    super(`CONNECT_STATE_${reason.toUpperCase()}`, `connect state is ${reason === "unknown" ? "unknown or already used" : "expired"}`, {
      merchantMessage: "This connection link has expired or was already used. Start again from Corridor → Channels.",
    });
  }
}

function requireMarketplace(config: Config, id: MarketplaceId) {
  const channel = marketplaceChannels(config)[id];
  if (!channel) throw new CorridorError("CHANNEL_NOT_CONFIGURED", `${id} has no app credentials in this deployment`, { merchantMessage: "This channel is not available on this Corridor installation." });
  return channel;
}

/** Starts a connect for the shop; returns the platform URL to send the merchant to. */
export async function beginChannelConnect(deps: { db: Database; config: Config; now: Date }, shopId: number, id: MarketplaceId): Promise<string> {
  const channel = requireMarketplace(deps.config, id);
  const state = randomBytes(32).toString("base64url");
  const redirectUri = connectCallbackUrl(deps.config, id);
  const start = channel.beginConnect({ redirectUri, state });
  const box = secretBoxFor(deps.config);
  // Attempts nobody finished are litter, not history.
  await deps.db.delete(channelConnectAttempts).where(lte(channelConnectAttempts.expiresAt, deps.now));
  await deps.db.insert(channelConnectAttempts).values({
    stateHash: hashState(state),
    shopId,
    channel: id,
    verifier: start.verifier ? box.sealText(start.verifier, VERIFIER_AAD) : null,
    redirectUri,
    expiresAt: new Date(deps.now.getTime() + CONNECT_ATTEMPT_TTL_MS),
  });
  return start.url;
}

export type ConnectAttempt = typeof channelConnectAttempts.$inferSelect;

/** Claims the attempt the state names, exactly once: a replayed callback (back button, double click) finds nothing. */
export async function claimConnectAttempt(deps: { db: Database; now: Date }, id: MarketplaceId, state: string): Promise<ConnectAttempt> {
  const [attempt] = await deps.db
    .delete(channelConnectAttempts)
    .where(and(eq(channelConnectAttempts.stateHash, hashState(state)), eq(channelConnectAttempts.channel, id)))
    .returning();
  if (!attempt) throw new ConnectStateError("unknown");
  if (attempt.expiresAt.getTime() <= deps.now.getTime()) throw new ConnectStateError("expired");
  return attempt;
}

/** Exchanges the callback's code and stores the accounts (credentials sealed) under the attempt's shop. */
export async function finishChannelConnect(deps: { db: Database; config: Config; now: Date }, attempt: ConnectAttempt, code: string): Promise<number[]> {
  const channel = requireMarketplace(deps.config, attempt.channel);
  const box = secretBoxFor(deps.config);
  const verifier = attempt.verifier ? box.openText(attempt.verifier, VERIFIER_AAD) : undefined;
  const accounts = await channel.completeConnect({ code, redirectUri: attempt.redirectUri, now: deps.now, ...(verifier ? { verifier } : {}) });
  return saveConnectedAccounts(deps.db, box, attempt.shopId, attempt.channel, accounts, deps.now);
}
