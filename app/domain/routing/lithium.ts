/**
 * The lithium rule. Air and express carriers take lithium batteries only from shippers trained and
 * allowed to hand them over (the warehouse capability) on lanes whose carrier accepts them (the
 * lane flag); both must hold. Sea and ground move them as ordinary freight, so they always may.
 */
import type { OrderLine } from "../order";
import type { CandidateWarehouse, RoutingLane } from "./types";

export const hasLithium = (line: OrderLine): boolean => {
  const kind = line.dangerousGoods?.lithium;
  return kind !== undefined && kind !== "none";
};

export const laneCarriesLithium = (warehouse: CandidateWarehouse, lane: RoutingLane): boolean =>
  lane.mode === "sea" || lane.mode === "ground" || (warehouse.capabilities.lithium === true && lane.allowsLithium === true);

/** The first of the line's SKU, DG classes or lithium kind the warehouse refuses, if any. */
export function prohibitedBy(warehouse: CandidateWarehouse, line: OrderLine): string | undefined {
  const list = warehouse.capabilities.prohibited;
  if (!list || list.length === 0) return undefined;
  if (list.includes(line.sku)) return line.sku;
  const dg = line.dangerousGoods;
  if (dg?.lithium && dg.lithium !== "none" && list.includes(dg.lithium)) return dg.lithium;
  for (const c of dg?.otherClasses ?? []) if (list.includes(c)) return c;
  return undefined;
}
