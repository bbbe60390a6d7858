import { Badge } from "@shopify/polaris";
import { useT } from "../i18n/i18n-context";
import type { OrderStage } from "../db/queries/vocabulary";

type Tone = "info" | "success" | "warning" | "critical" | "attention" | undefined;

const TONES: Record<OrderStage, Tone> = {
  received: "info",
  routed: "attention",
  at_warehouse: "attention",
  shipped: "success",
  delivered: "success",
  cancelled: undefined,
  exception: "critical",
};

/** An order's stage as a coloured badge, in the merchant's language. */
export function StageBadge({ stage }: { stage: OrderStage }) {
  const t = useT();
  return <Badge tone={TONES[stage]}>{t(`stage.${stage}`)}</Badge>;
}
