/**
 * The marketplace channels (Etsy, TikTok Shop) as the inbox and workers see them: where their
 * webhooks arrive, how each topic is handled. Shopify's intake (two paths, its own topic registry)
 * is wired in app/inbox/intake-routes.server.ts; adding a channel adds entries here.
 */
import type { Config } from "../config.server";
import { recordException } from "../exceptions/record-exception.server";
import { deliveryVerifierFor } from "../inbox/channel-verifier";
import type { IntakeRoute } from "../inbox/intake-handler.server";
import type { HandlerContext, TopicHandler } from "../inbox/topic-handler";
import { CorridorError, isRetryable } from "../lib/errors";
import type { MaintenanceJob } from "../queues/payloads";
import { ChannelAuthError, type Channel } from "./channel";
import { createEtsyChannel, type EtsyCredentials } from "./etsy";
import { createEtsyTopicHandlers } from "./etsy/handlers";
import { liveConnections, pollConnection, type MarketplaceId } from "./marketplace-ingest.server";
import { createTiktokChannel, type TiktokCredentials } from "./tiktok";
import { createTiktokTopicHandlers } from "./tiktok/handlers";

export type { MarketplaceId } from "./marketplace-ingest.server";

export interface MarketplaceChannels {
  etsy?: Channel<EtsyCredentials>;
  tiktok?: Channel<TiktokCredentials>;
}

// One instance per config: the Etsy client keeps its rate limiters (per OAuth token) in memory, so
// every handler in a process must share it for the pacing to mean anything.
const built = new WeakMap<Config, MarketplaceChannels>();

/** The marketplace channels this deployment has credentials for; a channel without them is off. */
export function marketplaceChannels(config: Config): MarketplaceChannels {
  const cached = built.get(config);
  if (cached) return cached;
  const channels: MarketplaceChannels = {};
  if (config.ETSY_KEYSTRING && config.ETSY_SHARED_SECRET) {
    const origin = config.ETSY_API_ORIGIN;
    channels.etsy = createEtsyChannel({
      keystring: config.ETSY_KEYSTRING,
      sharedSecret: config.ETSY_SHARED_SECRET,
      ...(config.ETSY_WEBHOOK_SECRET ? { webhookSigningSecret: config.ETSY_WEBHOOK_SECRET } : {}),
      // One override stands for all of Etsy's hosts (the sandbox serves API, token and consent).
      // A webhook's resource_url must then name that host: it is "Etsy's API host" here.
      ...(origin ? { apiOrigin: origin, oauthOrigin: origin, authorizeOrigin: origin, resourceOrigins: [origin] } : {}),
    });
  }
  if (config.TIKTOK_APP_KEY && config.TIKTOK_APP_SECRET) {
    channels.tiktok = createTiktokChannel({
      appKey: config.TIKTOK_APP_KEY,
      appSecret: config.TIKTOK_APP_SECRET,
      ...(config.TIKTOK_API_ORIGIN ? { apiOrigin: config.TIKTOK_API_ORIGIN } : {}),
      ...(config.TIKTOK_AUTH_ORIGIN ? { authOrigin: config.TIKTOK_AUTH_ORIGIN } : {}),
      ...(config.TIKTOK_SERVICE_ID ? { serviceId: config.TIKTOK_SERVICE_ID } : {}),
    });
  }
  built.set(config, channels);
  return channels;
}

/** A Channel's verifier in the inbox's terms (moved to the inbox, which Shopify's intake shares). */
export { deliveryVerifierFor };

/** Intake path → route, for the channels configured in this deployment. */
export function marketplaceIntakeRoutes(config: Config): Map<string, IntakeRoute> {
  const channels = marketplaceChannels(config);
  const routes = new Map<string, IntakeRoute>();
  // Etsy signs with the endpoint's own secret: without it no delivery could verify, so the path
  // stays unmounted (404) and the shop is served by polling alone.
  if (channels.etsy && config.ETSY_WEBHOOK_SECRET) routes.set("/webhooks/etsy", { channel: "etsy", verifier: deliveryVerifierFor(channels.etsy) });
  if (channels.tiktok) routes.set("/webhooks/tiktok", { channel: "tiktok", verifier: deliveryVerifierFor(channels.tiktok) });
  return routes;
}

/**
 * Inbox channel → topic → handler. Handlers are given a way to reach their channel rather than
 * importing this module, which imports them.
 */
export const marketplaceTopicHandlers: Partial<Record<MarketplaceId, Readonly<Record<string, TopicHandler>>>> = {
  etsy: createEtsyTopicHandlers((config) => marketplaceChannels(config).etsy),
  tiktok: createTiktokTopicHandlers((config) => marketplaceChannels(config).tiktok),
};

/**
 * The "poll-marketplaces" maintenance task: every connected Etsy and TikTok account (or one Corridor
 * shop's, when the job names it) is polled from its sync cursor, for shops without webhooks (Etsy
 * personal-access apps) and for anything a webhook missed. One account failing does not stop the
 * others; a transient failure fails the job once the rest are done, so BullMQ retries it.
 */
export async function pollMarketplaces(ctx: HandlerContext, job: MaintenanceJob): Promise<string> {
  const channels = marketplaceChannels(ctx.config);
  const ids = (["etsy", "tiktok"] as const).filter((id) => channels[id]?.pollOrders);
  const connections = await liveConnections<{ refreshToken: string }>(ctx, ids, job.shopDomain);
  const notes: string[] = [];
  let transient: unknown;
  for (const connection of connections) {
    const channel = channels[connection.channel as MarketplaceId] as Channel<{ refreshToken: string }>;
    const label = `${connection.channel}:${connection.externalAccountId}`;
    try {
      const counts = await pollConnection(ctx, channel, connection, job.correlationId);
      notes.push(`${label} ${counts.processed} processed, ${counts.ignored} ignored, ${counts.failed} failed`);
    } catch (error) {
      // Already flagged for the merchant to reconnect (marketplace-ingest); the others go on.
      if (error instanceof ChannelAuthError) {
        notes.push(`${label} needs reauth`);
        continue;
      }
      notes.push(`${label} failed: ${error instanceof Error ? error.message : String(error)}`);
      ctx.logger.warn({ err: error, connectionId: connection.id }, "poll-marketplaces: account failed");
      if (isRetryable(error)) transient ??= error;
      else {
        await recordException(ctx.db, {
          kind: "sync_failed",
          subject: `poll:${label}`,
          shopDomain: connection.shopDomain,
          code: error instanceof CorridorError ? error.code : "POLL_FAILED",
          reason: `polling ${label}: ${error instanceof Error ? error.message : String(error)}`,
          merchantMessage: error instanceof CorridorError ? (error.merchantMessage ?? null) : null,
          replay: { task: "poll-marketplaces", shopDomain: connection.shopDomain },
          correlationId: job.correlationId,
        });
      }
    }
  }
  if (transient) throw transient;
  return notes.length ? notes.join("; ") : "no marketplace connections to poll";
}
