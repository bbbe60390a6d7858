/**
 * Dangerous-goods screening per lane (cross-border.md §5). Pure: given the lines' DG attributes, the
 * lane and the ship date, answer whether the lane may carry them, with a stable code and a sentence a
 * merchant can act on for each finding. Lithium rules follow IATA (air, post, express); sea and
 * ground lanes are not screened for lithium here (IMDG/ADR are out of scope).
 */
import type { DangerousGoods } from "../order";
import { SOURCES, type Source, type SourceId } from "./rules/sources";

/**
 * Extra battery facts from §5.6 that the canonical `DangerousGoods` lacks. All optional; a missing
 * fact that a rule needs produces a blocking finding asking for it, never a silent pass.
 */
export interface DangerousGoodsDetail extends DangerousGoods {
  /** Li-ion: Wh per cell (Section II limit 20 Wh). `wattHours` is per battery. */
  wattHoursPerCell?: number;
  /** Li-metal: grams of lithium per cell / per battery (Section II 1 g / 2 g). */
  lithiumGramsPerCell?: number;
  lithiumGramsPerBattery?: number;
  cellsPerUnit?: number;
  batteriesPerUnit?: number;
  /** Net battery weight per unit of the SKU, kg (Section II: ≤ 5 kg per package). */
  batteryNetWeightKgPerUnit?: number;
  /** State of charge at shipping, percent, with evidence on file (UN3481 PI 966 from 2026-01-01). */
  stateOfChargePct?: number;
}

export interface ScreenLine {
  sku: string;
  quantity: number;
  dangerousGoods?: DangerousGoodsDetail;
}

export interface ScreenLane {
  id: string;
  /** post = a designated postal operator (CN22/CN23); air/express = air cargo or integrator; sea/ground: no IATA rules. */
  mode: "post" | "air" | "express" | "sea" | "ground";
  /** The lane accepts Section II lithium (warehouse_lanes.allowsLithium). */
  allowsLithium: boolean;
  /** The post has confirmed it accepts equipment containing lithium batteries; §5.4 says default to no. */
  postAcceptsLithiumInEquipment?: boolean;
  /** The carrier ships fully regulated DG (Section IA/IB, Class 9, cargo aircraft only). */
  fullyRegulatedDg?: boolean;
  /** Restricted classes this warehouse or carrier refuses ("flammable_liquid", "aerosol"). */
  prohibitedClasses?: string[];
}

export interface DgFinding {
  code: string;
  severity: "block" | "warn";
  sku: string;
  /** A sentence for the merchant: what is wrong and what to do. */
  reason: string;
  sources: Source[];
}

export interface DgScreening {
  laneId: string;
  allowed: boolean;
  findings: DgFinding[];
}

/** The IATA 66th-edition rule making ≤ 30% SoC mandatory for UN3481 packed with equipment. */
export const SOC_30_PACKED_WITH_FROM = "2026-01-01";
const SOC_WH_THRESHOLD = 2.7;
/** Classes that posts refuse in international mail (USPS list; assumed for other posts until confirmed). */
const POSTAL_PROHIBITED = ["flammable_liquid", "aerosol", "compressed_gas", "matches", "lighters"];

const src = (...ids: SourceId[]) => ids.map((id) => SOURCES[id]);

export function screenDangerousGoods(lines: readonly ScreenLine[], lane: ScreenLane, date: string): DgScreening {
  const findings: DgFinding[] = [];
  const add = (code: string, severity: DgFinding["severity"], sku: string, reason: string, sources: Source[]) =>
    findings.push({ code, severity, sku, reason, sources });
  const air = lane.mode === "post" || lane.mode === "air" || lane.mode === "express";
  let batteryKg = 0;
  let batterySku = "";

  for (const line of lines) {
    const dg = line.dangerousGoods;
    if (!dg) continue;
    for (const cls of dg.otherClasses ?? []) {
      if (lane.prohibitedClasses?.includes(cls)) {
        add("DG_CLASS_PROHIBITED_BY_LANE", "block", line.sku, `${line.sku} is ${cls.replace(/_/g, " ")}, which lane ${lane.id} does not accept. Ship it from another warehouse or carrier.`, []);
      } else if (lane.mode === "post" && POSTAL_PROHIBITED.includes(cls)) {
        add("DG_CLASS_NOT_MAILABLE", "block", line.sku, `${line.sku} is ${cls.replace(/_/g, " ")}, which international mail does not carry. Use an express lane that accepts limited quantities.`, src("S68"));
      }
    }
    const li = dg.lithium;
    if (!li || li === "none" || !air) continue;
    const ion = li.startsWith("ion");
    const loose = li.endsWith("loose");
    const inEquipment = li.endsWith("in_equipment");
    if (!lane.allowsLithium) {
      add("DG_LANE_NO_LITHIUM", "block", line.sku, `${line.sku} contains lithium batteries and lane ${lane.id} does not accept them. Choose a lane that ships lithium.`, []);
      continue;
    }
    if (loose && lane.mode === "post") {
      add("DG_LOOSE_LITHIUM_BY_POST", "block", line.sku, `${line.sku} is a loose lithium battery (power banks included); posts do not carry these by air. Ship it by a carrier that handles fully regulated dangerous goods.`, src("S48"));
      continue;
    }
    if (loose && !lane.fullyRegulatedDg) {
      add("DG_LOOSE_LITHIUM_NOT_SECTION_II", "block", line.sku, `${line.sku} is a loose lithium battery: since 2022 it cannot ship under the light Section II rules, only as fully regulated Class 9 cargo. Use a lane that ships fully regulated dangerous goods.`, src("S62"));
      continue;
    }
    if (lane.mode === "post" && !inEquipment) {
      add("DG_LITHIUM_WITH_EQUIPMENT_BY_POST", "block", line.sku, `${line.sku} has lithium batteries packed with (not installed in) equipment; posts accept only batteries installed in devices. Install the battery or use express.`, src("S48", "S79"));
      continue;
    }
    if (lane.mode === "post" && !lane.postAcceptsLithiumInEquipment) {
      add("DG_POST_LITHIUM_NOT_CONFIRMED", "block", line.sku, `${line.sku} contains a lithium battery and lane ${lane.id}'s post has not confirmed it accepts devices with batteries. Confirm with the post or use express.`, src("S48"));
      continue;
    }
    if (lane.mode === "post" && ((dg.cellsPerUnit ?? 0) > 4 || (dg.batteriesPerUnit ?? 0) > 2)) {
      add("DG_POST_TOO_MANY_CELLS", "block", line.sku, `${line.sku} has more than 4 cells or 2 batteries installed; posts accept at most that. Use express.`, src("S48"));
      continue;
    }
    // Section II limits; beyond them the shipment is fully regulated.
    if (!lane.fullyRegulatedDg) {
      if (ion && dg.wattHours === undefined) {
        add("DG_WATT_HOURS_MISSING", "block", line.sku, `${line.sku} contains a lithium-ion battery but its watt-hours are not recorded. Add the Wh rating to the SKU's customs data.`, src("S46"));
        continue;
      }
      if (ion && ((dg.wattHours ?? 0) > 100 || (dg.wattHoursPerCell ?? 0) > 20)) {
        add("DG_SECTION_II_WH_LIMIT", "block", line.sku, `${line.sku}'s lithium-ion battery exceeds 100 Wh (or 20 Wh per cell), so it cannot ship as excepted Section II goods. Use a lane for fully regulated dangerous goods.`, src("S46"));
        continue;
      }
      if (!ion && ((dg.lithiumGramsPerBattery ?? 0) > 2 || (dg.lithiumGramsPerCell ?? 0) > 1)) {
        add("DG_SECTION_II_LITHIUM_METAL_LIMIT", "block", line.sku, `${line.sku}'s lithium-metal battery holds more than 2 g of lithium (or 1 g per cell), beyond Section II. Use a lane for fully regulated dangerous goods.`, src("S47"));
        continue;
      }
    }
    // UN3480 (loose, PI 965) has long had to fly at ≤ 30%; UN3481 packed with equipment joins it from 2026-01-01.
    const socMandatory = li === "ion_loose" || (li === "ion_with_equipment" && date >= SOC_30_PACKED_WITH_FROM && (dg.wattHours ?? 0) > SOC_WH_THRESHOLD);
    if (socMandatory) {
      if (dg.stateOfChargePct === undefined) {
        add("DG_SOC_EVIDENCE_MISSING", "block", line.sku, `Lithium-ion batteries that are loose, or over 2.7 Wh and packed with equipment (since 2026-01-01), must fly at 30% charge or less. Record ${line.sku}'s state of charge (with evidence) before it ships by air.`, src("S44", "S45"));
      } else if (dg.stateOfChargePct > 30) {
        add("DG_SOC_OVER_30", "block", line.sku, `${line.sku}'s batteries are charged to ${dg.stateOfChargePct}%; they must ship at 30% or less by air. Discharge them to 30% or less.`, src("S44", "S45"));
      }
    }
    if (li === "ion_in_equipment" && (dg.stateOfChargePct ?? 100) > 30 && (dg.wattHours ?? 0) > SOC_WH_THRESHOLD) {
      add("DG_SOC_RECOMMENDED", "warn", line.sku, `IATA recommends shipping ${line.sku}'s installed lithium-ion battery at 30% charge or less; it is not mandatory.`, src("S45"));
    }
    if (dg.batteryNetWeightKgPerUnit !== undefined) {
      batteryKg += dg.batteryNetWeightKgPerUnit * line.quantity;
      batterySku ||= line.sku;
    }
  }
  if (batteryKg > 5 && !lane.fullyRegulatedDg) {
    add("DG_SECTION_II_NET_WEIGHT", "block", batterySku, `This parcel carries ${batteryKg.toFixed(2)} kg of lithium batteries; Section II allows 5 kg per package. Split the shipment into smaller parcels.`, src("S46", "S47"));
  }
  return { laneId: lane.id, allowed: !findings.some((f) => f.severity === "block"), findings };
}
