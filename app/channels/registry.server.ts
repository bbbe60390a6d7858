/**
 * The marketplace channels (Etsy, TikTok Shop) as the inbox and workers see them: where their
 * webhooks arrive, how each topic is handled. Shopify's intake predates the Channel interface and is
 * wired in app/inbox/intake-routes.server.ts; adding a channel adds entries here.
 */
import type { Config } from "../config.server";
import type { IntakeRoute } from "../inbox/intake-handler.server";
import type { TopicHandler } from "../inbox/topic-handler";

/** Intake path → route, for the channels configured in this deployment. */
export function marketplaceIntakeRoutes(_config: Config): Map<string, IntakeRoute> {
  return new Map();
}

/** Inbox channel → topic → handler. */
export const marketplaceTopicHandlers: Partial<Record<"etsy" | "tiktok", Readonly<Record<string, TopicHandler>>>> = {};
