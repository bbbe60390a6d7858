/**
 * Enforces dangerous-goods screening inside routing: a CostTerm ("dangerous_goods") that adds no
 * cost but refuses a shipment a lane must not carry (loose batteries by post, over Section II limits,
 * SoC above 30% from 2026-01-01…), with the screening's merchant sentence as the reason.
 */
import { DEFAULT_POSTAL_CARRIERS } from "./postal-carriers";
import type { CostTerm, ShipmentPlan, TermRefusal } from "../routing/cost-term";
import { screenDangerousGoods, type ScreenLane } from "./screen-dangerous-goods";

export interface DangerousGoodsTermOptions {
  /** Carriers that are posts (routing lanes have no "post" mode); lower case. */
  postalCarriers?: readonly string[];
  /** Posts that confirmed they accept devices with lithium batteries installed (§5.4 defaults to none). */
  postsAcceptingLithiumInEquipment?: readonly string[];
  /** Carriers that ship fully regulated DG (Section IA/IB, Class 9). */
  fullyRegulatedCarriers?: readonly string[];
}


export function createDangerousGoodsTerm(opts: DangerousGoodsTermOptions = {}): CostTerm {
  const lower = (xs: readonly string[] | undefined) => new Set((xs ?? []).map((x) => x.toLowerCase()));
  const posts = lower(opts.postalCarriers ?? DEFAULT_POSTAL_CARRIERS);
  const postsOk = lower(opts.postsAcceptingLithiumInEquipment);
  const regulated = lower(opts.fullyRegulatedCarriers);
  return {
    name: "dangerous_goods",
    amount(plan: ShipmentPlan): TermRefusal | null {
      if (!plan.lines.some((p) => p.line.dangerousGoods)) return null;
      const carrier = (plan.lane.carrier ?? "").toLowerCase();
      const lane: ScreenLane = {
        id: `${plan.warehouse.code}/${plan.lane.carrier ?? plan.lane.mode}`,
        mode: posts.has(carrier) ? "post" : plan.lane.mode,
        // Both the warehouse (trained shipper) and the carrier must accept lithium.
        allowsLithium: plan.warehouse.capabilities.lithium && plan.lane.allowsLithium,
        postAcceptsLithiumInEquipment: postsOk.has(carrier),
        fullyRegulatedDg: regulated.has(carrier),
        prohibitedClasses: [...(plan.warehouse.capabilities.prohibited ?? [])],
      };
      const lines = plan.lines.map((p) => ({ sku: p.line.sku, quantity: p.quantity, ...(p.line.dangerousGoods ? { dangerousGoods: p.line.dangerousGoods } : {}) }));
      const result = screenDangerousGoods(lines, lane, plan.now.toISOString().slice(0, 10));
      const block = result.findings.find((f) => f.severity === "block");
      return block ? { refuse: block.reason } : null;
    },
  };
}
