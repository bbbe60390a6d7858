/** Channels: which storefronts feed Corridor, whether they are healthy, and when each last spoke. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineGrid, InlineStack, Page, Text } from "@shopify/polaris";
import { formatDateTime } from "../components/format";
import { requireShop } from "../auth/require-shop.server";
import { listConnections } from "../db/queries/channels.server";
import { CHANNELS } from "../db/queries/vocabulary";
import { useLocale, useT } from "../i18n/i18n-context";

/** A connection that has heard nothing for this long is flagged as possibly stale. */
const STALE_AFTER_MS = 24 * 3600 * 1000;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { db, shop } = await requireShop(request);
  return { connections: await listConnections(db, shop.id), now: new Date().toISOString() };
};

export default function Channels() {
  const { connections, now } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <Page title={t("channels.title")} subtitle={t("channels.subtitle")}>
      <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
        {CHANNELS.map((channel) => {
          const rows = connections.filter((c) => c.channel === channel);
          return (
            <Card key={channel}>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">{t(`channel.${channel}`)}</Text>
                {rows.length === 0 ? (
                  <BlockStack gap="200">
                    <Badge>{t("channels.notConnected")}</Badge>
                    <Text as="p" tone="subdued">{t(`channels.connect.${channel}`)}</Text>
                  </BlockStack>
                ) : (
                  rows.map((c) => {
                    const last = c.lastWebhookAt ? new Date(c.lastWebhookAt).getTime() : undefined;
                    const stale = c.status === "connected" && (last === undefined || new Date(now).getTime() - last > STALE_AFTER_MS);
                    return (
                      <BlockStack key={c.id} gap="100">
                        <InlineStack gap="200" blockAlign="center">
                          <Badge tone={c.status === "connected" ? "success" : c.status === "needs_reauth" ? "warning" : undefined}>
                            {t(`channels.status.${c.status}`)}
                          </Badge>
                          <Text as="span">{c.externalAccountId}</Text>
                        </InlineStack>
                        <Text as="p" tone={stale ? "caution" : "subdued"}>
                          {c.lastWebhookAt ? t("channels.lastWebhook", { at: formatDateTime(c.lastWebhookAt, locale) }) : t("channels.noWebhook")}
                        </Text>
                        {stale && <Text as="p" tone="caution">{t("channels.stale")}</Text>}
                        {c.status === "needs_reauth" && <Text as="p" tone="critical">{t(`channels.reauth.${channel}`)}</Text>}
                      </BlockStack>
                    );
                  })
                )}
              </BlockStack>
            </Card>
          );
        })}
      </InlineGrid>
    </Page>
  );
}
