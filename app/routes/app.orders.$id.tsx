/** One order: its timeline from webhook to delivery, why it went where it went, and its shipments. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, DataTable, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { formatDateTime, formatMoney } from "../components/format";
import { StageBadge } from "../components/stage-badge";
import { requireShop } from "../auth/require-shop.server";
import { beginReroute, getOrderDetail, openShipments, recordOrderAction, trackedShipments } from "../db/queries/orders.server";
import { useLocale, useT } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/translate";
import { CorridorError } from "../lib/errors";
import { logger, newCorrelationId } from "../lib/logger.server";
import { getAdminCommands } from "./admin-commands.server";
import { shipmentCustomsOf } from "../customs/allocation-documents.server";

const parseId = (raw: string | undefined) => {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
};

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { db, shop } = await requireShop(request);
  const detail = await getOrderDetail(db, shop.id, parseId(params.id));
  // Another shop's order id answers exactly like a missing one.
  if (!detail) throw new Response("Not found", { status: 404 });
  const { order, lines, events, shipments, tracking } = detail;
  // detail is the shop's own order (checked above), so its shipments' customs are too.
  const customs = await shipmentCustomsOf(db, order.id);
  return {
    customs,
    order: {
      id: order.id,
      name: order.name,
      channel: order.channel,
      stage: order.stage,
      destinationCountry: order.destinationCountry,
      placedAt: order.placedAt.toISOString(),
      routingDecision: order.routingDecision,
    },
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, currency: l.currency })),
    events: events.map((e) => ({ id: e.id, kind: e.kind, at: e.at.toISOString(), detail: e.detail })),
    shipments,
    tracking: tracking.map((e) => ({ allocationId: e.allocationId, status: e.status, at: e.happenedAt.toISOString(), location: e.location, message: e.message })),
  };
};

type ActionResult =
  | { ok: true; message: MessageKey; vars?: Record<string, string | number> }
  | { ok: false; error: MessageKey; vars?: Record<string, string | number>; tone?: "warning" };

export const action = async ({ request, params }: ActionFunctionArgs): Promise<ActionResult> => {
  const { db, shop } = await requireShop(request);
  const orderId = parseId(params.id);
  const intent = String((await request.formData()).get("intent"));
  const correlationId = newCorrelationId();
  const log = logger.child({ shop: shop.domain, orderId, correlationId, intent });
  const commands = getAdminCommands();

  if (intent === "reroute") {
    const started = await beginReroute(db, shop.id, orderId, correlationId);
    if (!started) return { ok: false, error: "order.action.rerouteRefused" };
    await commands.rerouteOrder(orderId, started.revision, correlationId);
    log.info({ revision: started.revision }, "merchant requested reroute");
    return { ok: true, message: "order.action.rerouteQueued" };
  }
  if (intent === "resend-tracking") {
    const shipments = await trackedShipments(db, shop.id, orderId);
    if (!shipments.length) return { ok: false, error: "order.action.noTracking" };
    await commands.resendTracking(shipments, correlationId);
    await recordOrderAction(db, shop.id, orderId, "tracking_resend_requested", { allocationIds: shipments.map((s) => s.allocationId) }, correlationId);
    return { ok: true, message: "order.action.trackingQueued" };
  }
  if (intent === "cancel-at-warehouse") {
    // openShipments is scoped to the shop: another shop's order id finds nothing and cancels nothing.
    const live = (await openShipments(db, shop.id, orderId)).filter((s) => !["cancelled", "failed"].includes(s.status));
    if (!live.length) return { ok: false, error: "order.action.nothingToCancel" };
    let outcome;
    try {
      outcome = await commands.cancelAtWarehouse(orderId, correlationId);
    } catch (error) {
      // The order is on its way to the warehouse this very moment: nothing was changed, try again shortly.
      if (error instanceof CorridorError && error.code === "DISPATCH_IN_FLIGHT") return { ok: false, error: "order.action.dispatchInFlight", tone: "warning" };
      throw error;
    }
    await recordOrderAction(db, shop.id, orderId, outcome.outcome === "cancelled" ? "cancelled_at_warehouse" : "cancel_too_late", outcome, correlationId);
    log.info({ outcome }, "merchant cancelled at warehouse");
    if (outcome.outcome === "too_late") return { ok: false, error: "order.action.cancelTooLate", vars: { reason: outcome.detail }, tone: "warning" };
    return { ok: true, message: "order.action.cancelled", vars: { count: outcome.allocationIds.length } };
  }
  return { ok: false, error: "error.unknownAction" };
};

function RoutingDecision({ decision }: { decision: Record<string, unknown> | null }) {
  const t = useT();
  if (!decision) return <Text as="p" tone="subdued">{t("order.routing.none")}</Text>;
  const explanation = typeof decision.explanation === "string" ? decision.explanation : undefined;
  const policy = typeof decision.policy === "string" ? decision.policy : undefined;
  return (
    <BlockStack gap="200">
      {policy && <Text as="p">{t("order.routing.policy", { policy: t(`settings.policy.${policy}` as MessageKey) })}</Text>}
      {explanation && <Text as="p">{explanation}</Text>}
      <details>
        <summary>{t("order.routing.details")}</summary>
        <Box padding="200" background="bg-surface-secondary" borderRadius="200">
          <pre style={{ whiteSpace: "pre-wrap", margin: 0, fontSize: 12 }}>{JSON.stringify(decision, null, 2)}</pre>
        </Box>
      </details>
    </BlockStack>
  );
}

const DOCUMENT_SEGMENT = { commercial_invoice: "commercial-invoice", packing_list: "packing-list", cn23: "cn23" } as const;

/** DDP/DAP with the quoted duty, and the shipment's customs documents as PDF links (cross-border only). */
function ShipmentCustoms({ orderId, customs, search }: { orderId: number; customs: Awaited<ReturnType<typeof shipmentCustomsOf>>[number] | undefined; search: string }) {
  const t = useT();
  const locale = useLocale();
  if (!customs?.crossBorder) return null;
  const q = customs.landedCost;
  return (
    <BlockStack gap="100">
      {customs.incoterm && q && q.basis !== "not_estimated" && (
        <Text as="p" variant="bodySm">
          {t("order.shipment.customs", { incoterm: customs.incoterm, duty: formatMoney(q.duty, q.currency, locale), tax: formatMoney(q.tax, q.currency, locale), indicative: q.indicative ? t("order.shipment.indicative") : "" })}
        </Text>
      )}
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" variant="bodySm" tone="subdued">{t("order.shipment.documents")}</Text>
        {customs.documents.map((kind) => (
          <a key={kind} href={`/app/orders/${orderId}/documents/${customs.allocationId}/${DOCUMENT_SEGMENT[kind]}${search}`} download data-document={kind}>
            {t(`order.document.${kind}`)}
          </a>
        ))}
      </InlineStack>
    </BlockStack>
  );
}

export default function OrderPage() {
  const { order, lines, events, shipments, tracking, customs } = useLoaderData<typeof loader>();
  // Keep shop/host/embedded on the download URL: the embedded admin authenticates with them.
  const search = useLocation().search;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const locale = useLocale();
  const eventLabel = (kind: string) => {
    const key = `event.${kind}` as MessageKey;
    const text = t(key);
    return text === key ? kind.replaceAll("_", " ") : text;
  };
  return (
    <Page
      backAction={{ content: t("orders.title"), url: "/app/orders" }}
      title={order.name}
      titleMetadata={<StageBadge stage={order.stage} />}
      subtitle={t("order.subtitle", { channel: t(`channel.${order.channel}`), country: order.destinationCountry, placed: formatDateTime(order.placedAt, locale) })}
    >
      <BlockStack gap="400">
        {result &&
          (result.ok ? (
            <Banner tone="success">{t(result.message, result.vars)}</Banner>
          ) : (
            <Banner tone={result.tone ?? "critical"}>{t(result.error, result.vars)}</Banner>
          ))}
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">{t("order.lines")}</Text>
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric"]}
                    headings={[t("order.col.sku"), t("order.col.quantity"), t("order.col.price")]}
                    rows={lines.map((l) => [l.sku, l.quantity, formatMoney(l.unitPrice, l.currency, locale)])}
                  />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">{t("order.shipments")}</Text>
                  {shipments.length === 0 && <Text as="p" tone="subdued">{t("order.shipments.none")}</Text>}
                  {shipments.map((s) => (
                    <Box key={s.id} borderColor="border" borderWidth="025" borderRadius="200" padding="300">
                      <BlockStack gap="100">
                        <InlineStack align="space-between">
                          <Text as="h3" variant="headingSm">{`${s.warehouseName} (${s.warehouseCode})`}</Text>
                          <Badge>{t(`allocation.${s.status}`)}</Badge>
                        </InlineStack>
                        <Text as="p" tone="subdued">
                          {t("order.shipment.detail", { mode: s.mode, cost: formatMoney(s.expectedCost, s.costCurrency, locale), eta: formatDateTime(s.expectedDeliveryAt, locale) })}
                        </Text>
                        <ShipmentCustoms orderId={order.id} customs={customs.find((c) => c.allocationId === s.id)} search={search} />
                        {s.trackingNumber ? (
                          <Text as="p">
                            {`${s.carrier ?? ""} `}
                            {s.trackingUrl ? <Link url={s.trackingUrl} target="_blank">{s.trackingNumber}</Link> : s.trackingNumber}
                          </Text>
                        ) : (
                          <Text as="p" tone="subdued">{t("order.shipment.noTracking")}</Text>
                        )}
                        {tracking.filter((e) => e.allocationId === s.id).map((e, i) => (
                          <Text as="p" variant="bodySm" key={i}>{`${formatDateTime(e.at, locale)} · ${e.status}${e.location ? ` · ${e.location}` : ""}${e.message ? ` — ${e.message}` : ""}`}</Text>
                        ))}
                      </BlockStack>
                    </Box>
                  ))}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">{t("order.routing")}</Text>
                  <RoutingDecision decision={order.routingDecision as Record<string, unknown> | null} />
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">{t("order.actions")}</Text>
                  <Form method="post">
                    <input type="hidden" name="intent" value="reroute" />
                    <Button submit fullWidth loading={busy}>{t("order.action.reroute")}</Button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="intent" value="resend-tracking" />
                    <Button submit fullWidth loading={busy}>{t("order.action.resendTracking")}</Button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="intent" value="cancel-at-warehouse" />
                    <Button submit fullWidth tone="critical" loading={busy}>{t("order.action.cancel")}</Button>
                  </Form>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">{t("order.timeline")}</Text>
                  {events.length === 0 && <Text as="p" tone="subdued">{t("order.timeline.empty")}</Text>}
                  <ol style={{ margin: 0, paddingInlineStart: 18 }}>
                    {events.map((e) => (
                      <li key={e.id} style={{ marginBottom: 8 }}>
                        <Text as="span" fontWeight="semibold">{eventLabel(e.kind)}</Text>
                        <br />
                        <Text as="span" tone="subdued" variant="bodySm">{formatDateTime(e.at, locale)}</Text>
                      </li>
                    ))}
                  </ol>
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
