/**
 * Corridor tracking on the Order status page: each parcel's journey (carrier, tracking, status,
 * customs step, estimated delivery, latest events). Data comes from Corridor's backend, authorised
 * by the extension's session token (shopify.sessionToken.get() caches and refreshes it).
 */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { fetchJourney, type JourneyLeg, type ParcelJourney } from "./journey";

export default async () => {
  render(<OrderStatusBlock />, document.body);
};

type Load = { kind: "loading" } | { kind: "failed" } | { kind: "ready"; journey: ParcelJourney };

/** Events shown per parcel: the latest few; the carrier's page has the rest. */
const RECENT_EVENTS = 4;

const t = (key: string, options?: Record<string, string | number>) => shopify.i18n.translate(key, options);
const date = (iso: string) => shopify.i18n.formatDate(new Date(iso), { dateStyle: "medium" });

function OrderStatusBlock() {
  const orderId = shopify.order.value?.id;
  const [load, setLoad] = useState<Load>({ kind: "loading" });

  useEffect(() => {
    if (!orderId) return;
    let live = true;
    shopify.sessionToken
      .get()
      .then((token) => fetchJourney(orderId, token))
      .then((journey) => live && setLoad({ kind: "ready", journey }))
      // A 404 (order not handled by Corridor) or an outage both end here: say so, don't break the page.
      .catch(() => live && setLoad({ kind: "failed" }));
    return () => {
      live = false;
    };
  }, [orderId]);

  return (
    <s-section heading={t("heading")}>
      {load.kind === "loading" && <s-text color="subdued">{t("loading")}</s-text>}
      {load.kind === "failed" && <s-text color="subdued">{t("unavailable")}</s-text>}
      {load.kind === "ready" && <Journey journey={load.journey} />}
    </s-section>
  );
}

function Journey({ journey }: { journey: ParcelJourney }) {
  if (journey.legs.length === 0) return <s-text>{t("noParcels")}</s-text>;
  return (
    <s-stack gap="base">
      {journey.estimatedDelivery && <s-text type="strong">{t("estimatedDelivery", { date: date(journey.estimatedDelivery) })}</s-text>}
      {journey.customs !== "not_required" && <s-text>{t(`customs.${journey.customs}`)}</s-text>}
      {journey.legs.map((leg) => (
        <Leg key={leg.number} leg={leg} count={journey.legs.length} />
      ))}
    </s-stack>
  );
}

function Leg({ leg, count }: { leg: JourneyLeg; count: number }) {
  const recent = leg.events.slice(-RECENT_EVENTS).reverse();
  return (
    <s-stack gap="small-200">
      <s-divider />
      <s-stack direction="inline" gap="small-200">
        {count > 1 && <s-text type="strong">{t("parcel", { number: leg.number, count })}</s-text>}
        <s-badge tone={leg.status === "failure" ? "critical" : "auto"}>{t(`status.${leg.status}`)}</s-badge>
      </s-stack>
      {leg.trackingNumber && (
        <s-text>
          {leg.carrier ? `${leg.carrier} · ` : ""}
          {leg.trackingUrl ? <s-link href={leg.trackingUrl}>{leg.trackingNumber}</s-link> : t("trackingNumber", { number: leg.trackingNumber })}
        </s-text>
      )}
      {leg.previousTrackingNumbers.length > 0 && <s-text color="subdued">{t("earlierNumbers", { numbers: leg.previousTrackingNumbers.join(", ") })}</s-text>}
      {leg.customs !== "not_required" && <s-text color="subdued">{t(`customs.${leg.customs}`)}</s-text>}
      {leg.deliveredAt && <s-text>{t("deliveredOn", { date: date(leg.deliveredAt) })}</s-text>}
      {!leg.deliveredAt && leg.estimatedDelivery && <s-text>{t("estimatedDelivery", { date: date(leg.estimatedDelivery) })}</s-text>}
      {recent.map((e) => (
        <s-text key={`${e.happenedAt}-${e.status}`} color="subdued">
          {date(e.happenedAt)} — {t(`status.${e.status}`)}
          {e.location ? `, ${e.location}` : ""}
        </s-text>
      ))}
    </s-stack>
  );
}
