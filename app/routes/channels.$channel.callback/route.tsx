/**
 * Where Etsy and TikTok Shop send the merchant back after consent: GET /channels/<channel>/callback
 * ?code&state. There is no Shopify session here (a top-level visit from the platform), so the state
 * is what proves which shop started it: it is claimed once, the code exchanged and the credentials
 * stored sealed. The merchant then lands on the shop's channels page, which says how it went.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { claimConnectAttempt, ConnectStateError, finishChannelConnect, isMarketplaceId } from "../../channels/connect-flow.server";
import { getConfig, type Config } from "../../config.server";
import { getDb } from "../../db/db.server";
import { shops } from "../../db/schema";
import { CorridorError } from "../../lib/errors";
import { logger } from "../../lib/logger.server";
import { requestChannelDiscovery } from "../../stock/request-channel-discovery.server";

/** The channels page of the shop: in demo mode this app's own; otherwise inside Shopify admin. */
function channelsPage(config: Config, shopDomain: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  if (config.CORRIDOR_DEMO_MODE === "1") return `/app/channels?${search}`;
  return `https://${shopDomain}/admin/apps/${config.SHOPIFY_API_KEY}/app/channels?${search}`;
}

const refuse = (status: number, text: string) => new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const channel = params.channel;
  if (!isMarketplaceId(channel)) return refuse(404, "Not found");
  const config = getConfig();
  const db = getDb();
  const now = new Date();
  const q = new URL(request.url).searchParams;
  const log = logger.child({ channel, route: "connect-callback" });

  let attempt;
  try {
    attempt = await claimConnectAttempt({ db, now }, channel, q.get("state") ?? "");
  } catch (error) {
    // Unknown, used or expired: we cannot tell whose it was, so no redirect into anyone's admin.
    if (error instanceof ConnectStateError) return refuse(400, error.merchantMessage!);
    throw error;
  }
  const [shop] = await db.select({ domain: shops.domain }).from(shops).where(eq(shops.id, attempt.shopId));
  const back = (query: Record<string, string>) => redirect(channelsPage(config, shop?.domain ?? "", query));

  const code = q.get("code");
  // The merchant declined on the platform (OAuth error=access_denied) or the platform sent no code.
  if (q.get("error") || !code) return back({ connectError: "ACCESS_DENIED" });
  try {
    const connectionIds = await finishChannelConnect({ db, config, now }, attempt, code);
    log.info({ shopId: attempt.shopId, connectionIds }, "channel connected");
    await requestChannelDiscovery({ config, logger: log, now }, connectionIds, `connect-${channel}-${now.getTime()}`);
    return back({ connected: channel });
  } catch (error) {
    log.warn({ err: error, shopId: attempt.shopId }, "channel connect failed");
    return back({ connectError: error instanceof CorridorError ? error.code : "CONNECT_FAILED" });
  }
};
