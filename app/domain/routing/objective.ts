/**
 * How two plans with the same number of shipments compare under a policy. Costs are compared with
 * a small tolerance: the same total summed in another order differs in the last float bits, and
 * such noise must not beat a merchant's preference.
 */
import type { RoutingPolicy } from "./types";

export interface Score {
  /** Reporting minor units, unrounded. */
  cost: number;
  /** Days until the last parcel arrives. */
  days: number;
  preferred: number;
  priority: number;
}

const COST_EPS = 1e-6;

const cmpCost = (a: number, b: number) => (a < b - COST_EPS ? -1 : a > b + COST_EPS ? 1 : 0);

/** The objective alone: < 0 when (costA, daysA) is better. */
export function compareObjective(policy: RoutingPolicy, costA: number, daysA: number, costB: number, daysB: number): number {
  if (policy.objective === "fastest") return daysA - daysB || cmpCost(costA, costB);
  if (policy.objective === "balanced" && policy.promiseDays !== undefined) {
    const lateA = Math.max(0, daysA - policy.promiseDays);
    const lateB = Math.max(0, daysB - policy.promiseDays);
    return lateA - lateB || cmpCost(costA, costB) || daysA - daysB;
  }
  return cmpCost(costA, costB) || daysA - daysB;
}

/** The objective, then preferred warehouses, then priority: < 0 when a is better, 0 on a full tie. */
export function compareScores(policy: RoutingPolicy, a: Score, b: Score): number {
  return compareObjective(policy, a.cost, a.days, b.cost, b.days) || b.preferred - a.preferred || b.priority - a.priority;
}
