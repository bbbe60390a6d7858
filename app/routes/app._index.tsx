/** Home: where every order is today and what needs the merchant's attention. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { BarChart } from "../components/bar-chart";
import { formatPercent } from "../components/format";
import { requireShop } from "../auth/require-shop.server";
import { HOME_STAGES } from "../db/queries/vocabulary";
import { onTimeRate, openExceptionCount, ordersPerDayByWarehouse, stageCounts, stockAlerts } from "../db/queries/home.server";
import { useLocale, useT } from "../i18n/i18n-context";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { db, shop, settings } = await requireShop(request);
  const now = new Date();
  const [stages, exceptionsOpen, onTime, alerts, chart] = await Promise.all([
    stageCounts(db, shop.id, now),
    openExceptionCount(db, shop.domain),
    onTimeRate(db, shop.id, settings.promiseDays, now),
    stockAlerts(db, shop.id, settings.lowStockThreshold),
    ordersPerDayByWarehouse(db, shop.id, now),
  ]);
  return { stages, exceptionsOpen, onTime, alerts, chart, promiseDays: settings.promiseDays, threshold: settings.lowStockThreshold };
};

export default function Home() {
  const { stages, exceptionsOpen, onTime, alerts, chart, promiseDays, threshold } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <Page title={t("home.title")}>
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, sm: 3, md: 5 }} gap="300">
            {HOME_STAGES.map((stage) => (
              <Card key={stage}>
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm" tone="subdued">
                    {t(`home.stage.${stage}`)}
                  </Text>
                  <Text as="p" variant="heading2xl">
                    {stages[stage]}
                  </Text>
                  <Button variant="plain" url={`/app/orders?stage=${stage}`}>
                    {t("home.viewOrders")}
                  </Button>
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("home.exceptions.title")}
                </Text>
                <InlineStack gap="200" blockAlign="center">
                  <Text as="p" variant="headingXl">
                    {exceptionsOpen}
                  </Text>
                  {exceptionsOpen > 0 ? <Badge tone="critical">{t("home.exceptions.needsAction")}</Badge> : <Badge tone="success">{t("home.exceptions.none")}</Badge>}
                </InlineStack>
                <Button url="/app/exceptions">{t("home.exceptions.open")}</Button>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("home.onTime.title")}
                </Text>
                <Text as="p" variant="headingXl">
                  {onTime.rate === undefined ? "—" : formatPercent(onTime.rate, locale)}
                </Text>
                <Text as="p" tone="subdued">
                  {onTime.delivered
                    ? t("home.onTime.detail", { onTime: onTime.onTime, delivered: onTime.delivered, days: promiseDays })
                    : t("home.onTime.empty")}
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("home.stock.title")}
                </Text>
                {alerts.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("home.stock.none", { threshold })}
                  </Text>
                ) : (
                  <BlockStack gap="100">
                    {alerts.map((a) => (
                      <InlineStack key={`${a.sku}-${a.warehouseName}`} align="space-between">
                        <Text as="span">{`${a.sku} · ${a.warehouseName}`}</Text>
                        <Badge tone={a.sellable <= 0 ? "critical" : "warning"}>{String(a.sellable)}</Badge>
                      </InlineStack>
                    ))}
                  </BlockStack>
                )}
                <Button variant="plain" url="/app/inventory">
                  {t("home.stock.open")}
                </Button>
              </BlockStack>
            </Card>
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("home.chart.title")}
              </Text>
              <BarChart days={chart.days} rows={chart.rows} title={t("home.chart.title")} emptyLabel={t("home.chart.empty")} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
