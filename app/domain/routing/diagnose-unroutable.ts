/**
 * Why an order could not be routed, as one stable code and one sentence saying what to do. The
 * checks relax the constraints one at a time in the order a merchant can act on them: stock
 * anywhere at all, then blocked warehouses, settings, lanes, refusals, lithium, and last the
 * split limit, so the code names the first thing that, fixed, would let the order through.
 */
import type { Candidate, Model } from "./model";
import { poolCovers } from "./search-split";
import type { UnroutableCode } from "./types";

export interface Diagnosis {
  code: UnroutableCode;
  merchantMessage: string;
}

/** The first SKU the given candidates cannot cover from their raw stock, with the counts. */
function shortSku(model: Model, cands: readonly Candidate[]): { sku: string; need: number; have: number } | undefined {
  const { skus, need } = model.demand;
  for (let s = 0; s < skus.length; s++) {
    let have = 0;
    for (const c of cands) {
      const raw = c.input.stock[skus[s]!];
      if (raw !== undefined && raw > 0) have += Math.floor(raw);
    }
    if (have < need[s]!) return { sku: skus[s]!, need: need[s]!, have };
  }
  return undefined;
}

const codes = (cands: readonly Candidate[]) => cands.map((c) => c.input.code).join(", ");

export function diagnoseUnroutable(model: Model, maxShipments: number, termRefusal: string | undefined): Diagnosis {
  const { order } = model.input;
  const dest = model.destination;
  const all = model.candidates;
  if (model.demand.skus.length === 0) {
    return { code: "NO_LINES", merchantMessage: `Order ${order.name} has no items to ship; check the order in its sales channel.` };
  }
  if (all.length === 0) {
    return { code: "NO_WAREHOUSES", merchantMessage: `No warehouse is set up for this shop; add one in Corridor's warehouse settings.` };
  }
  const short = shortSku(model, all);
  if (short) {
    return {
      code: "NO_STOCK",
      merchantMessage: `Not enough ${short.sku} in any warehouse (${short.need} needed, ${short.have} available). Restock ${short.sku} or edit the order.`,
    };
  }
  const unblocked = all.filter((c) => c.ineligible?.code !== "BLOCKED");
  const blockedShort = shortSku(model, unblocked);
  if (blockedShort) {
    const holders = all.filter((c) => c.ineligible?.code === "BLOCKED" && (c.input.stock[blockedShort.sku] ?? 0) > 0);
    return {
      code: "BLOCKED",
      merchantMessage: `${blockedShort.sku} is only in stock at blocked warehouses (${codes(holders)}). Unblock one in your routing policy or move stock.`,
    };
  }
  const configured = unblocked.filter((c) => c.ineligible?.code !== "INVALID_WAREHOUSE_SETTINGS" && c.ineligible?.code !== "NO_FX_RATE");
  if (shortSku(model, configured)) {
    const bad = unblocked.find((c) => c.ineligible?.code === "NO_FX_RATE");
    if (bad) return { code: "NO_FX_RATE", merchantMessage: `${bad.ineligible!.reason} Add the rate and route the order again.` };
    const invalid = unblocked.find((c) => c.ineligible?.code === "INVALID_WAREHOUSE_SETTINGS")!;
    return { code: "INVALID_WAREHOUSE_SETTINGS", merchantMessage: invalid.ineligible!.reason };
  }
  const laned = configured.filter((c) => !c.ineligible);
  const laneShort = shortSku(model, laned);
  if (laneShort) {
    const holders = configured.filter((c) => (c.input.stock[laneShort.sku] ?? 0) > 0 && c.ineligible !== undefined);
    return {
      code: "NO_LANE",
      merchantMessage: `No warehouse holding ${laneShort.sku} ships to ${dest}. Add a lane to ${dest} at ${codes(holders)} or move stock to a warehouse that ships there.`,
    };
  }
  const { skus, need } = model.demand;
  for (let s = 0; s < skus.length; s++) {
    let have = 0;
    for (const c of laned) have += c.stock[s]!;
    if (have < need[s]!) {
      const refusers = laned.filter((c) => c.prohibited[s] !== undefined);
      return {
        code: "PROHIBITED",
        merchantMessage: `${codes(refusers)} will not handle ${skus[s]} (${refusers[0]?.prohibited[s]}). Move stock to a warehouse that accepts it or change the warehouse's restrictions.`,
      };
    }
  }
  if (!poolCovers(model, laned)) {
    const s = model.demand.lithium.findIndex((li, i) => li && laned.reduce((n, c) => n + (c.hasLithiumLane ? c.stock[i]! : 0), 0) < need[i]!);
    return {
      code: "LITHIUM_RESTRICTED",
      merchantMessage: `${skus[s] ?? "An item"} contains lithium batteries and no warehouse holding it has a lane to ${dest} that may carry them. Add a sea, ground or lithium-approved lane, or ship it from another warehouse.`,
    };
  }
  if (termRefusal !== undefined) return { code: "PROHIBITED", merchantMessage: termRefusal };
  return {
    code: "TOO_MANY_SPLITS",
    merchantMessage: `The order's items are spread over more warehouses than your policy's ${maxShipments} shipment${maxShipments === 1 ? "" : "s"} allow. Raise the split limit or move stock so fewer warehouses hold it.`,
  };
}
