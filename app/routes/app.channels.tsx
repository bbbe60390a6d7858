/**
 * Channels: which storefronts feed Corridor, whether they are healthy, when each last spoke, and
 * Connect / Reconnect for Etsy and TikTok Shop. The action starts the platform's consent (the
 * callback is /channels/<channel>/callback); a connection the platform refused shows why.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineGrid, InlineStack, Page, Text } from "@shopify/polaris";
import { requireShop } from "../auth/require-shop.server";
import { beginChannelConnect, isMarketplaceId } from "../channels/connect-flow.server";
import { marketplaceChannels } from "../channels/registry.server";
import { formatDateTime } from "../components/format";
import { getConfig } from "../config.server";
import { listConnections } from "../db/queries/channels.server";
import { CHANNELS } from "../db/queries/vocabulary";
import { useLocale, useT } from "../i18n/i18n-context";
import { CorridorError } from "../lib/errors";
import { authenticate } from "../shopify.server";
import { syncHealth } from "../stock/sync-health.server";
import { connectErrorKey } from "./channels.$channel.callback/connect-error";

/** A connection that has heard nothing for this long is flagged as possibly stale. */
const STALE_AFTER_MS = 24 * 3600 * 1000;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { db, shop } = await requireShop(request);
  const now = new Date();
  const configured = marketplaceChannels(getConfig());
  const health = await syncHealth(db, { now, shopDomain: shop.domain });
  const url = new URL(request.url);
  const connected = url.searchParams.get("connected");
  const failed = url.searchParams.get("connectError");
  return {
    connections: await listConnections(db, shop.id),
    /** Marketplaces this deployment has app credentials for: only those can be connected. */
    connectable: { etsy: Boolean(configured.etsy), tiktok: Boolean(configured.tiktok) },
    health: health.map((h) => ({ connectionId: h.connectionId, pushes: h.pushes, failedPushes: h.failedPushes, pendingChanges: h.pendingChanges, lagP95Ms: h.lagP95Ms })),
    flash: isMarketplaceId(connected) ? { tone: "success" as const, channel: connected } : failed ? { tone: "critical" as const, key: connectErrorKey(failed) } : null,
    now: now.toISOString(),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { db, shop, mode } = await requireShop(request);
  const channel = (await request.formData()).get("channel");
  if (!isMarketplaceId(channel)) return { errorKey: connectErrorKey("CHANNEL_UNKNOWN") };
  let url: string;
  try {
    url = await beginChannelConnect({ db, config: getConfig(), now: new Date() }, shop.id, channel);
  } catch (error) {
    if (error instanceof CorridorError && error.code === "CHANNEL_NOT_CONFIGURED") return { errorKey: connectErrorKey(error.code) };
    throw error;
  }
  // Inside Shopify admin the page is an iframe: the platform's consent page must take the whole tab.
  if (mode === "shopify") {
    const admin = await authenticate.admin(request);
    return admin.redirect(url, { target: "_top" });
  }
  return redirect(url);
};

export default function Channels() {
  const { connections, connectable, health, flash, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const busyChannel = navigation.state !== "idle" ? navigation.formData?.get("channel") : undefined;
  const connectButton = (channel: "etsy" | "tiktok", kind: "connectAction" | "connectAnother" | "reconnect") => (
    <Form method="post">
      <input type="hidden" name="channel" value={channel} />
      <Button submit variant={kind === "reconnect" ? "primary" : undefined} loading={busyChannel === channel}>
        {t(`channels.${kind}.${channel}`)}
      </Button>
    </Form>
  );
  return (
    <Page title={t("channels.title")} subtitle={t("channels.subtitle")}>
      <BlockStack gap="400">
        {flash?.tone === "success" && <Banner tone="success" title={t("channels.connected", { channel: t(`channel.${flash.channel}`) })} />}
        {flash?.tone === "critical" && <Banner tone="critical" title={t(flash.key)} />}
        {actionData && "errorKey" in actionData && <Banner tone="critical" title={t(actionData.errorKey)} />}
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
          {CHANNELS.map((channel) => {
            const rows = connections.filter((c) => c.channel === channel);
            const marketplace = channel === "shopify" ? undefined : channel;
            const canConnect = marketplace !== undefined && connectable[marketplace];
            return (
              <Card key={channel}>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">{t(`channel.${channel}`)}</Text>
                  {rows.length === 0 && (
                    <BlockStack gap="200">
                      <InlineStack>
                        <Badge>{t("channels.notConnected")}</Badge>
                      </InlineStack>
                      <Text as="p" tone="subdued">
                        {marketplace && !canConnect ? t("channels.unavailable") : t(`channels.connect.${channel}`)}
                      </Text>
                    </BlockStack>
                  )}
                  {rows.map((c) => {
                    // Silence counts from the last webhook, or from when it was (re)connected: a fresh connection is not stale.
                    const since = new Date(c.lastWebhookAt ?? c.statusChangedAt ?? c.createdAt).getTime();
                    const stale = c.status === "connected" && new Date(now).getTime() - since > STALE_AFTER_MS;
                    const sync = health.find((h) => h.connectionId === c.id);
                    return (
                      <BlockStack key={c.id} gap="100">
                        <InlineStack gap="200" blockAlign="center">
                          <Badge tone={c.status === "connected" ? "success" : c.status === "needs_reauth" ? "warning" : undefined}>{t(`channels.status.${c.status}`)}</Badge>
                          <Text as="span">{c.externalAccountId}</Text>
                        </InlineStack>
                        <Text as="p" tone={stale ? "caution" : "subdued"}>
                          {c.lastWebhookAt ? t("channels.lastWebhook", { at: formatDateTime(c.lastWebhookAt, locale) }) : t("channels.noWebhook")}
                        </Text>
                        {sync && (
                          <Text as="p" tone={sync.failedPushes > 0 ? "caution" : "subdued"}>
                            {t("channels.syncHealth", { pushes: sync.pushes, failed: sync.failedPushes, pending: sync.pendingChanges })}
                          </Text>
                        )}
                        {stale && <Text as="p" tone="caution">{t("channels.stale")}</Text>}
                        {c.status !== "connected" && (
                          <BlockStack gap="100">
                            <Text as="p" tone="critical">{t(`channels.reauth.${channel}`)}</Text>
                            {c.statusReason && <Text as="p" tone="subdued">{t("channels.reason", { reason: c.statusReason })}</Text>}
                            {marketplace && (canConnect ? <InlineStack>{connectButton(marketplace, "reconnect")}</InlineStack> : <Text as="p" tone="subdued">{t("channels.unavailable")}</Text>)}
                          </BlockStack>
                        )}
                      </BlockStack>
                    );
                  })}
                  {marketplace && canConnect && rows.every((c) => c.status === "connected") && <InlineStack>{connectButton(marketplace, rows.length ? "connectAnother" : "connectAction")}</InlineStack>}
                </BlockStack>
              </Card>
            );
          })}
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}
