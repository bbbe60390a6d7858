/**
 * How inventory_levels' on_hand, reserved and uncounted_reserved move, as column assignments for an
 * UPDATE (every right-hand side reads the row as it was). One place, because the three must agree:
 *
 * - the warehouse's on-hand counts the units it holds for our accepted orders; ours holds them as
 *   `reserved` and keeps reserved <= on_hand (the CHECK that makes an oversell impossible);
 * - a count can arrive before the shipment that explains it (the units left, our reservation still
 *   holds them). on_hand then covers the reservation and `uncounted_reserved` remembers by how much,
 *   so when that reservation is consumed or released the cover goes with it. Before this, the cover
 *   stayed: one unit on the books that the warehouse did not have (finding 18, docs/RELIABILITY.md).
 *
 * The warehouse's own count, as we hold it, is on_hand − uncounted_reserved.
 */
import { sql } from "drizzle-orm";
import { inventoryLevels as levels } from "../schema";

const counted = sql`(${levels.onHand} - ${levels.uncountedReserved})`;

/** The warehouse counted `onHand` units (its report, or a stock file). */
export function setCount(onHand: number) {
  return {
    onHand: sql`GREATEST(${onHand}, ${levels.reserved})`,
    uncountedReserved: sql`GREATEST(${levels.reserved} - ${onHand}, 0)`,
  };
}

/** `quantity` more units held for an order; the CHECK refuses it when fewer are on hand. */
export function hold(quantity: number) {
  return { reserved: sql`${levels.reserved} + ${quantity}` };
}

/** `quantity` reserved units go back on sale: the order was cancelled before they left. */
export function release(quantity: number) {
  const left = sql`(${levels.reserved} - ${quantity})`;
  return {
    reserved: left,
    onHand: sql`GREATEST(${counted}, ${left})`,
    uncountedReserved: sql`GREATEST(${left} - ${counted}, 0)`,
  };
}

/**
 * `quantity` reserved units left the building at `shippedAt`. A count taken at or after that time
 * already left them out, so the count stands and only the reservation (and any cover) goes; an
 * older count still had them, so on-hand drops with them. The consumption then stands as an
 * observation at ship time, and an older count arriving late is ignored like any stale one.
 */
export function consume(quantity: number, shippedAt: Date) {
  const at = shippedAt.toISOString();
  const countedAfter = sql`${levels.reportedAt} >= ${at}`;
  const left = sql`(${levels.reserved} - ${quantity})`;
  return {
    reserved: left,
    onHand: sql`CASE WHEN ${countedAfter} THEN GREATEST(${counted}, ${left}) ELSE ${levels.onHand} - ${quantity} END`,
    uncountedReserved: sql`CASE WHEN ${countedAfter} THEN GREATEST(${left} - ${counted}, 0) ELSE ${levels.uncountedReserved} END`,
    reportedAt: sql`GREATEST(COALESCE(${levels.reportedAt}, ${at}), ${at})`,
  };
}
