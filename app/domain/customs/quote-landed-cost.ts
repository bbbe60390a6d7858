/**
 * The landed-cost engine (cross-border.md §2.1): threshold checks decide the branch (relieved, tax at
 * sale, or border), then duty per line, import tax, fees and who pays. Pure: the rules come from
 * lookupRules(destination, date) and FX rates from the input, never from the clock or the network.
 */
import { convertMinor, pickFxRate, type FxRate } from "./convert-currency";
import { CustomsDataError } from "./customs-error";
import { explainRule } from "./explain-rule";
import type { ExplanationItem, LandedCostQuote, LineDuty, Payer, QuoteInput } from "./landed-cost-types";
import { findDutyRate, lookupRules, type RulesInForce } from "./lookup-rules";
import { allocate, percentOf } from "./money-math";
import type { AdditionalDuty, SpecificDuty, TaxRate, Threshold } from "./rules/types";

/** Values within this fraction of a threshold get a warning: an FX move can flip the branch. */
const NEAR_THRESHOLD = 0.05;

const NON_DIGITS = /[^0-9]/g;
const digitsOf = (hs: string): string => hs.replace(NON_DIGITS, "");
const startsWithAny = (hs: string, prefixes: readonly string[] | undefined) => !!prefixes && prefixes.some((p) => hs.startsWith(p));

/** Per-quote working state, passed to module-level helpers: closures created per quote cost time and garbage. */
interface Ctx {
  input: QuoteInput;
  ccy: string;
  explanation: ExplanationItem[];
  fxUsed: FxRate[];
  goods: number;
  customsValue: number;
  maxUnit: number;
}

function toQuoteCcy(ctx: Ctx, amount: number, from: string): number {
  if (from === ctx.ccy) return amount;
  let rate: FxRate | undefined;
  for (const r of ctx.fxUsed) if (r.base === from) rate = r;
  if (!rate) {
    rate = pickFxRate(ctx.input.fx, from, ctx.ccy, ctx.input.date);
    ctx.fxUsed.push(rate);
    ctx.explanation.push({ code: "fx", severity: "info", sources: [],
      text: `Converted ${from} to ${ctx.ccy} at ${rate.rate} (${rate.source}, ${rate.date}).`, effectiveFrom: rate.date });
  }
  return convertMinor(amount, from, ctx.ccy, rate);
}

/** The value a threshold compares. Per item: the dearest unit decides (AU low value goods are judged item by item). */
const measure = (ctx: Ctx, t: Threshold): number => (t.unit === "item" ? ctx.maxUnit : t.measure === "intrinsic" ? ctx.goods : ctx.customsValue);

function passes(ctx: Ctx, t: Threshold): boolean {
  const v = measure(ctx, t);
  if (t.unit !== "item" && Math.abs(v - t.max) <= t.max * NEAR_THRESHOLD) {
    ctx.explanation.push(explainRule(t, `near_${t.code}`, `Value ${v} is within 5% of the ${t.max} ${ctx.ccy} threshold (${t.code}); an FX move could change the branch.`, "warning"));
  }
  return t.inclusive ? v <= t.max : v < t.max;
}

function appliesToShipment(t: Threshold, mode: string, shipFrom: string): boolean {
  return (!t.modes || t.modes.includes(mode as never)) && (!t.shipFromIn || t.shipFromIn.includes(shipFrom)) && (!t.shipFromNotIn || !t.shipFromNotIn.includes(shipFrom));
}

/** Sum of the tax rates that apply to an HS code: rates limited to its HS prefix replace the general ones. */
function rateFor(taxRows: readonly TaxRate[], hsDigits: string): number {
  let specific = 0, general = 0, hasSpecific = false;
  for (const t of taxRows) {
    if (!t.hsPrefixes) general += t.ratePct;
    else if (startsWithAny(hsDigits, t.hsPrefixes)) { specific += t.ratePct; hasSpecific = true; }
  }
  return hasSpecific ? specific : general;
}

export function quoteLandedCost(input: QuoteInput): LandedCostQuote {
  const n = input.lines.length;
  const hs: string[] = new Array(n);
  for (let i = 0; i < n; i++) hs[i] = digitsOf(input.lines[i]!.hsCode);
  validate(input, hs);
  const rules = lookupRules(input.destination.country, input.date);
  const ctx: Ctx = { input, ccy: rules.currency, explanation: [], fxUsed: [], goods: 0, customsValue: 0, maxUnit: 0 };
  const { explanation } = ctx;

  // Values in the quote currency. Whole line totals are converted (not units) to limit rounding drift.
  const values: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const l = input.lines[i]!;
    values[i] = toQuoteCcy(ctx, l.unitValue * l.quantity, l.currency);
    ctx.goods += values[i]!;
    ctx.maxUnit = Math.max(ctx.maxUnit, toQuoteCcy(ctx, l.unitValue, l.currency));
  }
  const goods = ctx.goods;
  const shipping = toQuoteCcy(ctx, input.shipping.amount, input.shipping.currency);
  const freight = input.freightToBorder ? toQuoteCcy(ctx, input.freightToBorder.amount, input.freightToBorder.currency) : shipping;
  const freightShares = freight === 0 ? new Array<number>(n).fill(0) : allocate(freight, values);
  const cif = rules.valuation.basis === "CIF";
  const lines: LineDuty[] = new Array(n);
  // Duty is computed on each line's unrounded share of the freight: the rounded shares must add up
  // to the freight charged, but rounding them could make a dearer line pay a cent less duty.
  const exact: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const cv = cif ? values[i]! + freightShares[i]! : values[i]!;
    exact[i] = cif && goods > 0 ? values[i]! + (freight * values[i]!) / goods : cv;
    ctx.customsValue += cv;
    lines[i] = { lineId: input.lines[i]!.lineId, hsCode: input.lines[i]!.hsCode, value: values[i]!, customsValue: cv, duty: 0, parts: [] };
  }
  const customsValue = ctx.customsValue;
  explanation.push(explainRule(rules.valuation, "valuation",
    `Customs value on a ${rules.valuation.basis} basis: ${customsValue} (goods ${goods}${cif ? ` + freight ${freight}` : ", international freight excluded"}).`));

  // Thresholds that apply to this way of shipping.
  const mode = input.mode ?? "courier";
  const shipFrom = input.shipFrom ?? "VN";
  let dutyRelief: Threshold | undefined, taxRelief: Threshold | undefined;
  const atSaleRules: Threshold[] = [];
  for (const t of rules.thresholds) {
    if (!appliesToShipment(t, mode, shipFrom)) continue;
    if (t.kind === "tax_at_sale") atSaleRules.push(t);
    else if (t.kind === "duty_relief" && !dutyRelief && passes(ctx, t)) dutyRelief = t;
    else if (t.kind === "tax_relief" && !taxRelief && passes(ctx, t)) taxRelief = t;
  }

  // Duty per line. Lines priced at a rate no source confirms are named, so the quote says "indicative".
  const indicativeHs: string[] = [];
  const registrations = input.seller.registrations;
  let flat: SpecificDuty | undefined;
  for (const d of rules.specificDuties) {
    if ((d.inclusive ? goods <= d.maxIntrinsic : goods < d.maxIntrinsic) && (!d.requiresRegistration || !!registrations[d.requiresRegistration])) { flat = d; break; }
  }
  if (flat) {
    const seen: string[] = [];
    for (let i = 0; i < n; i++) {
      const sub = hs[i]!.slice(0, flat.subheadingDigits);
      if (seen.includes(sub)) continue;
      seen.push(sub);
      lines[i]!.parts.push({ code: flat.code, amount: flat.amount });
      lines[i]!.duty += flat.amount;
    }
    explanation.push(explainRule(flat, flat.code, `Flat duty ${flat.amount} per distinct ${flat.subheadingDigits}-digit subheading × ${seen.length} = ${flat.amount * seen.length}; replaces ad-valorem duty.`, "info", flat.amount * seen.length));
  } else {
    if (dutyRelief) explanation.push(explainRule(dutyRelief, dutyRelief.code, `${dutyRelief.code}: value ${measure(ctx, dutyRelief)} ${ctx.ccy} within ${dutyRelief.max}; no ad-valorem duty${dutyRelief.excludedHsPrefixes ? " except on excluded articles" : ""}.`));
    for (let i = 0; i < n; i++) {
      if (dutyRelief) {
        if (!startsWithAny(hs[i]!, dutyRelief.excludedHsPrefixes)) continue;
        explanation.push(explainRule(dutyRelief, `${dutyRelief.code}_excluded`, `Line ${lines[i]!.lineId} (HS ${lines[i]!.hsCode}) is an excluded article: dutiable despite the relief.`, "warning"));
      }
      if (addAdValorem(rules, input.lines[i]!, hs[i]!, exact[i]!, lines[i]!, explanation)) indicativeHs.push(lines[i]!.hsCode);
    }
    if (indicativeHs.length) {
      explanation.push({ code: "indicative_duty_rate", severity: "warning", sources: [], confidence: "indicative",
        text: `Indicative duty rate for HS ${indicativeHs.join(", ")}: no binding source, an estimate only. Check the ${rules.name} tariff before relying on it.` });
    }
  }
  let duty = 0;
  for (const l of lines) duty += l.duty;

  // Import tax: at sale, relieved, or at the border.
  const region = input.destination.region;
  const taxRows = taxRatesFor(rules, region, explanation);
  let importTax = 0;
  let taxCollectedAt: LandedCostQuote["taxCollectedAt"] = "none";
  // Under DDP the duty is part of the price the buyer pays at checkout.
  const dutyAtCheckout = input.incoterm === "DDP";
  const registration = atSaleRules[0]?.registration;
  const registered = registration ? !!registrations[registration] : false;
  let atSale = atSaleRules.length > 0 && (registered || atSaleRules[0]!.registrationRequired === "mandatory");
  for (const t of atSaleRules) atSale = atSale && passes(ctx, t);
  // Tax is grouped by rate and rounded once per rate, so a single-rate parcel is rounded once.
  const baseByRate = new Map<number, number>();
  if (atSale) {
    const rule = atSaleRules[0]!;
    if (!registered) explanation.push(explainRule(rule, "registration_missing", `The seller must hold a ${registration} registration to sell here under ${rule.code}; tax is quoted as if charged at checkout.`, "warning"));
    // The conservative reading of §2.4: a duty passed on in the price sits in the VAT base.
    for (let i = 0; i < n; i++) addBase(baseByRate, rateFor(taxRows, hs[i]!), lines[i]!.value + (dutyAtCheckout ? lines[i]!.duty : 0));
    addBase(baseByRate, rateFor(taxRows, hs[0]!), shipping); // delivery follows the principal supply's rate
    for (const [rate, base] of baseByRate) importTax += percentOf(base, rate);
    taxCollectedAt = "checkout";
    explanation.push(explainRule(rule, rule.code, `Tax charged by the seller at checkout (${atSaleRules.map((r) => r.code).join(", ")}): ${importTax} on price ${goods} + shipping ${shipping}${dutyAtCheckout && duty ? ` + duty ${duty}` : ""}.`, "info", importTax));
  } else {
    const addsFreight = rules.valuation.taxBaseAddsFreight && !cif;
    for (let i = 0; i < n; i++) {
      if (taxRelief && !startsWithAny(hs[i]!, taxRelief.excludedHsPrefixes)) continue;
      addBase(baseByRate, rateFor(taxRows, hs[i]!), lines[i]!.customsValue + lines[i]!.duty + (addsFreight ? freightShares[i]! : 0));
    }
    if (taxRelief) explanation.push(explainRule(taxRelief, taxRelief.code, `${taxRelief.code}: value ${measure(ctx, taxRelief)} ${ctx.ccy} within ${taxRelief.max}; no import tax at the border${taxRelief.excludedHsPrefixes ? " except on excluded articles" : ""}.`));
    for (const [rate, base] of baseByRate) {
      const tax = percentOf(base, rate);
      importTax += tax;
      if (rate > 0) explanation.push({ code: "import_tax", severity: "info", sources: [], amount: tax,
        text: `Import tax ${rate}% × base ${base} (customs value + duty${addsFreight ? " + international freight" : ""}) = ${tax}, collected at the border.` });
    }
    if (importTax > 0) taxCollectedAt = "border";
  }

  // Fees: the carrier's clearance fee whenever something is collected at the border.
  // The flat EU duty of an IOSS seller under DDP is declared with the IOSS consignment: nothing to collect at the door.
  const dutyAtBorder = duty > 0 && !(flat && dutyAtCheckout);
  const fees = (dutyAtBorder || taxCollectedAt === "border") && input.clearanceFee ? toQuoteCcy(ctx, input.clearanceFee.amount, input.clearanceFee.currency) : 0;
  if (fees) explanation.push({ code: "clearance_fee", severity: "info", sources: [], amount: fees, text: `Carrier clearance fee ${fees} for collecting duty/tax at the border.` });
  for (const item of noteItems(rules)) explanation.push(item);

  const ddp = input.incoterm === "DDP";
  const borderPayer: Payer = ddp ? "seller" : "buyer";
  const payer = {
    duty: duty === 0 ? "none" : dutyAtBorder ? borderPayer : "seller",
    importTax: importTax === 0 ? "none" : atSale ? "seller" : borderPayer,
    fees: fees === 0 ? "none" : borderPayer,
  } as const;
  const total = goods + shipping + duty + importTax + fees;
  const atCheckout = ddp ? total : goods + shipping + (atSale ? importTax : 0) + (dutyAtBorder ? 0 : duty);
  const quote: LandedCostQuote = {
    ruleSet: rules.ruleSet, country: input.destination.country, date: input.date,
    incoterm: input.incoterm, currency: ctx.ccy, goods, shipping, customsValue, lines, duty, importTax, fees, total,
    taxCollectedAt, payer, dueAtCheckout: atCheckout, dueOnDelivery: total - atCheckout, fx: ctx.fxUsed,
    indicative: indicativeHs.length > 0, explanation,
  };
  if (region) quote.region = region;
  return quote;
}

function addBase(baseByRate: Map<number, number>, rate: number, base: number): void {
  baseByRate.set(rate, (baseByRate.get(rate) ?? 0) + base);
}

/** The notes in force, as explanation items, built once per rules object (they carry no amounts). */
const notesCache = new WeakMap<RulesInForce, readonly ExplanationItem[]>();
function noteItems(rules: RulesInForce): readonly ExplanationItem[] {
  let items = notesCache.get(rules);
  if (!items) {
    items = rules.notes.map((n) => Object.freeze({ ...explainRule(n, n.code, n.text), severity: n.confidence === "verified" ? "info" as const : "warning" as const }));
    notesCache.set(rules, items);
  }
  return items;
}

function measureApplies(d: AdditionalDuty, line: QuoteInput["lines"][number], hsDigits: string): boolean {
  return (d.origins === "*" || d.origins.includes(line.origin)) && !d.exemptOrigins?.includes(line.origin) &&
    (!d.hsPrefixes || startsWithAny(hsDigits, d.hsPrefixes)) && !startsWithAny(hsDigits, d.exemptHsPrefixes) &&
    (!d.requiresFlag || (d.requiresFlag === "transshipped" && line.transshipped === true));
}

/** Adds MFN (or preference) and additional duties to `out`; true when the rate is unsourced (indicative). */
function addAdValorem(rules: RulesInForce, line: QuoteInput["lines"][number], hsDigits: string, exactValue: number, out: LineDuty, explanation: ExplanationItem[]): boolean {
  const rate = findDutyRate(rules, hsDigits);
  if (!rate) {
    throw new CustomsDataError("DUTY_RATE_MISSING", `No ${rules.ruleSet} duty rate for HS ${line.hsCode} on ${rules.date}`,
      `Corridor has no ${rules.name} duty rate for HS code ${line.hsCode}. Check the HS code on ${line.sku ?? line.lineId} or add the rate.`);
  }
  const pref = line.originProof ? rate.preferences?.find((p) => p.origins.includes(line.origin) && p.ratePct < rate.ratePct) : undefined;
  const pct = pref ? pref.ratePct : rate.ratePct;
  const mfn = percentOf(exactValue, pct);
  out.parts.push({ code: pref ? `preference_${pref.agreement}` : `mfn_${rate.hsPrefix}`, ratePct: pct, amount: mfn });
  const indicative = rate.confidence !== "verified";
  explanation.push(explainRule(rate, pref ? `preference_${pref.agreement}` : `mfn_${rate.hsPrefix}`,
    `Line ${out.lineId}: ${pref ? `${pref.agreement} preference` : "MFN"} ${pct}% (HS ${rate.hsPrefix}${indicative ? ", indicative rate, not binding" : ""}) × ${out.customsValue} = ${mfn}.`,
    indicative ? "warning" : "info", mfn));
  const matching: AdditionalDuty[] = [];
  for (const d of rules.additionalDuties) if (measureApplies(d, line, hsDigits)) matching.push(d);
  for (const d of matching) {
    if (d.doesNotStackWith && matching.some((m) => d.doesNotStackWith!.includes(m.code))) continue;
    const amount = percentOf(exactValue, d.ratePct);
    out.parts.push({ code: d.code, ratePct: d.ratePct, amount });
    explanation.push(explainRule(d, d.code, `Line ${out.lineId}: ${d.name} ${d.ratePct}% × ${out.customsValue} = ${amount}.`, "info", amount));
  }
  out.duty = out.parts.reduce((a, p) => a + p.amount, 0);
  return indicative;
}

/** Tax rows for the region (CA HST replaces GST; EU rows are already the member state's), cached per rules object. */
const taxCache = new WeakMap<RulesInForce, Map<string, { rows: TaxRate[]; items: readonly ExplanationItem[] }>>();
function taxRatesFor(rules: RulesInForce, region: string | undefined, explanation: ExplanationItem[]): TaxRate[] {
  let byRegion = taxCache.get(rules);
  if (!byRegion) taxCache.set(rules, (byRegion = new Map()));
  let hit = byRegion.get(region ?? "");
  if (!hit) {
    const regional = rules.taxRates.filter((t) => t.region !== undefined && (rules.ruleSet === "EU" || t.region === region));
    const base = rules.taxRates.filter((t) => t.region === undefined);
    const chosen = regional.some((t) => t.replacesBase) ? regional : [...base, ...regional];
    const items: ExplanationItem[] = chosen.map((t) => Object.freeze(explainRule(t, "tax_rate", `${t.name} ${t.ratePct}%${t.collectedAtBorder ? "" : " (not collected at the border; not added)"}.`)));
    if (rules.ruleSet === "CA" && !region) {
      items.push(Object.freeze({ code: "region_missing", severity: "warning" as const, sources: [], text: "No province given: GST only; HST provinces would pay more." }));
    }
    hit = { rows: chosen.filter((t) => t.collectedAtBorder), items };
    byRegion.set(region ?? "", hit);
  }
  for (const item of hit.items) explanation.push(item);
  return hit.rows;
}

function validate(input: QuoteInput, hs: readonly string[]): void {
  const bad = (what: string) => {
    throw new CustomsDataError("INVALID_QUOTE_INPUT", `Invalid quote input: ${what}`, `The shipment cannot be quoted: ${what}.`);
  };
  if (input.lines.length === 0) bad("it has no lines");
  for (let i = 0; i < input.lines.length; i++) {
    const l = input.lines[i]!;
    if (!Number.isSafeInteger(l.unitValue) || l.unitValue < 0) bad(`line ${l.lineId} has a value that is not a non-negative integer in minor units`);
    if (!Number.isSafeInteger(l.quantity) || l.quantity <= 0) bad(`line ${l.lineId} has a quantity that is not a positive integer`);
    if (hs[i]!.length < 6) bad(`line ${l.lineId} has HS code "${l.hsCode}"; at least 6 digits are needed`);
  }
  if (!Number.isSafeInteger(input.shipping.amount) || input.shipping.amount < 0) bad("shipping is not a non-negative integer in minor units");
}
