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
import type { Threshold } from "./rules/types";

/** Values within this fraction of a threshold get a warning: an FX move can flip the branch. */
const NEAR_THRESHOLD = 0.05;

const digitsOf = (hs: string): string => hs.replace(/[^0-9]/g, "");
const startsWithAny = (hs: string, prefixes: readonly string[] | undefined) => !!prefixes && prefixes.some((p) => hs.startsWith(p));

export function quoteLandedCost(input: QuoteInput): LandedCostQuote {
  validate(input);
  const rules = lookupRules(input.destination.country, input.date);
  const ccy = rules.currency;
  const explanation: ExplanationItem[] = [];
  const fxUsed: FxRate[] = [];
  const toQuoteCcy = (amount: number, from: string): number => {
    if (from === ccy) return amount;
    let rate = fxUsed.find((r) => r.base === from);
    if (!rate) {
      rate = pickFxRate(input.fx, from, ccy, input.date);
      fxUsed.push(rate);
      explanation.push({ code: "fx", severity: "info", sources: [],
        text: `Converted ${from} to ${ccy} at ${rate.rate} (${rate.source}, ${rate.date}).`, effectiveFrom: rate.date });
    }
    return convertMinor(amount, from, ccy, rate);
  };

  // Values in the quote currency. Whole line totals are converted (not units) to limit rounding drift.
  const hs = input.lines.map((l) => digitsOf(l.hsCode));
  const values = input.lines.map((l) => toQuoteCcy(l.unitValue * l.quantity, l.currency));
  const unitValues = input.lines.map((l) => toQuoteCcy(l.unitValue, l.currency));
  const shipping = toQuoteCcy(input.shipping.amount, input.shipping.currency);
  const freight = input.freightToBorder ? toQuoteCcy(input.freightToBorder.amount, input.freightToBorder.currency) : shipping;
  const goods = values.reduce((a, b) => a + b, 0);
  const freightShares = allocate(freight, values);
  const cif = rules.valuation.basis === "CIF";
  const customsValues = values.map((v, i) => (cif ? v + freightShares[i]! : v));
  const customsValue = customsValues.reduce((a, b) => a + b, 0);
  // Duty is computed on each line's unrounded share of the freight: the rounded shares must add up
  // to the freight charged, but rounding them could make a dearer line pay a cent less duty.
  const exactCustomsValues = values.map((v, i) => (cif && goods > 0 ? v + (freight * v) / goods : customsValues[i]!));
  explanation.push(explainRule(rules.valuation, "valuation",
    `Customs value on a ${rules.valuation.basis} basis: ${customsValue} (goods ${goods}${cif ? ` + freight ${freight}` : ", international freight excluded"}).`));

  // Thresholds that apply to this way of shipping.
  const mode = input.mode ?? "courier";
  const shipFrom = input.shipFrom ?? "VN";
  const measure = (t: Threshold): number =>
    // Per item: the dearest unit decides (AU low value goods are judged item by item at the sale).
    t.unit === "item" ? Math.max(0, ...unitValues) : t.measure === "intrinsic" ? goods : customsValue;
  const passes = (t: Threshold): boolean => {
    const v = measure(t);
    if (t.unit !== "item" && Math.abs(v - t.max) <= t.max * NEAR_THRESHOLD) {
      explanation.push(explainRule(t, `near_${t.code}`, `Value ${v} is within 5% of the ${t.max} ${ccy} threshold (${t.code}); an FX move could change the branch.`, "warning"));
    }
    return t.inclusive ? v <= t.max : v < t.max;
  };
  const applicable = rules.thresholds.filter((t) =>
    (!t.modes || t.modes.includes(mode)) && (!t.shipFromIn || t.shipFromIn.includes(shipFrom)) && (!t.shipFromNotIn || !t.shipFromNotIn.includes(shipFrom)));
  const dutyRelief = applicable.find((t) => t.kind === "duty_relief" && passes(t));
  const taxRelief = applicable.find((t) => t.kind === "tax_relief" && passes(t));
  const atSaleRules = applicable.filter((t) => t.kind === "tax_at_sale");

  // Duty per line.
  const lines: LineDuty[] = input.lines.map((l, i) => ({ lineId: l.lineId, hsCode: l.hsCode, value: values[i]!, customsValue: customsValues[i]!, duty: 0, parts: [] }));
  const flat = rules.specificDuties.find((d) =>
    (d.inclusive ? goods <= d.maxIntrinsic : goods < d.maxIntrinsic) && (!d.requiresRegistration || !!input.seller.registrations[d.requiresRegistration]));
  if (flat) {
    const seen = new Set<string>();
    lines.forEach((line, i) => {
      const sub = hs[i]!.slice(0, flat.subheadingDigits);
      if (seen.has(sub)) return;
      seen.add(sub);
      line.parts.push({ code: flat.code, amount: flat.amount });
      line.duty += flat.amount;
    });
    explanation.push(explainRule(flat, flat.code, `Flat duty ${flat.amount} per distinct ${flat.subheadingDigits}-digit subheading × ${seen.size} = ${flat.amount * seen.size}; replaces ad-valorem duty.`, "info", flat.amount * seen.size));
  } else {
    if (dutyRelief) explanation.push(explainRule(dutyRelief, dutyRelief.code, `${dutyRelief.code}: value ${measure(dutyRelief)} ${ccy} within ${dutyRelief.max}; no ad-valorem duty${dutyRelief.excludedHsPrefixes ? " except on excluded articles" : ""}.`));
    lines.forEach((line, i) => {
      if (dutyRelief && !startsWithAny(hs[i]!, dutyRelief.excludedHsPrefixes)) return;
      if (dutyRelief) explanation.push(explainRule(dutyRelief, `${dutyRelief.code}_excluded`, `Line ${line.lineId} (HS ${line.hsCode}) is an excluded article: dutiable despite the relief.`, "warning"));
      addAdValorem(rules, input.lines[i]!, hs[i]!, exactCustomsValues[i]!, line, explanation);
    });
  }
  const duty = lines.reduce((a, l) => a + l.duty, 0);

  // Import tax: at sale, relieved, or at the border.
  const region = input.destination.region;
  const taxLines = taxRatesFor(rules, region, explanation);
  const rateFor = (hsDigits: string): number => {
    const specific = taxLines.filter((t) => startsWithAny(hsDigits, t.hsPrefixes));
    return (specific.length ? specific : taxLines.filter((t) => !t.hsPrefixes)).reduce((a, t) => a + t.ratePct, 0);
  };
  let importTax = 0;
  let taxCollectedAt: LandedCostQuote["taxCollectedAt"] = "none";
  // Under DDP the duty is part of the price the buyer pays at checkout.
  const dutyAtCheckout = input.incoterm === "DDP";
  const registration = atSaleRules[0]?.registration;
  const registered = registration ? !!input.seller.registrations[registration] : false;
  const atSale = atSaleRules.length > 0 && atSaleRules.every(passes) && (registered || atSaleRules[0]!.registrationRequired === "mandatory");
  if (atSale) {
    const rule = atSaleRules[0]!;
    if (!registered) explanation.push(explainRule(rule, "registration_missing", `The seller must hold a ${registration} registration to sell here under ${rule.code}; tax is quoted as if charged at checkout.`, "warning"));
    // The conservative reading of §2.4: a duty passed on in the price sits in the VAT base.
    const byRate = new Map<number, number>();
    lines.forEach((l, i) => byRate.set(rateFor(hs[i]!), (byRate.get(rateFor(hs[i]!)) ?? 0) + l.value + (dutyAtCheckout ? l.duty : 0)));
    byRate.set(rateFor(hs[0] ?? ""), (byRate.get(rateFor(hs[0] ?? "")) ?? 0) + shipping);
    for (const [rate, base] of byRate) importTax += percentOf(base, rate);
    taxCollectedAt = "checkout";
    explanation.push(explainRule(rule, rule.code, `Tax charged by the seller at checkout (${atSaleRules.map((r) => r.code).join(", ")}): ${importTax} on price ${goods} + shipping ${shipping}${dutyAtCheckout && duty ? ` + duty ${duty}` : ""}.`, "info", importTax));
  } else {
    const byRate = new Map<number, number>();
    lines.forEach((l, i) => {
      if (taxRelief && !startsWithAny(hs[i]!, taxRelief.excludedHsPrefixes)) return;
      const base = l.customsValue + l.duty + (rules.valuation.taxBaseAddsFreight && !cif ? freightShares[i]! : 0);
      const rate = rateFor(hs[i]!);
      byRate.set(rate, (byRate.get(rate) ?? 0) + base);
    });
    if (taxRelief) explanation.push(explainRule(taxRelief, taxRelief.code, `${taxRelief.code}: value ${measure(taxRelief)} ${ccy} within ${taxRelief.max}; no import tax at the border${taxRelief.excludedHsPrefixes ? " except on excluded articles" : ""}.`));
    for (const [rate, base] of byRate) {
      const tax = percentOf(base, rate);
      importTax += tax;
      if (rate > 0) explanation.push({ code: "import_tax", severity: "info", sources: [], amount: tax,
        text: `Import tax ${rate}% × base ${base} (customs value + duty${rules.valuation.taxBaseAddsFreight && !cif ? " + international freight" : ""}) = ${tax}, collected at the border.` });
    }
    if (importTax > 0) taxCollectedAt = "border";
  }

  // Fees: the carrier's clearance fee whenever something is collected at the border.
  // The flat EU duty of an IOSS seller under DDP is declared with the IOSS consignment: nothing to collect at the door.
  const dutyAtBorder = duty > 0 && !(flat && dutyAtCheckout);
  const fees = (dutyAtBorder || taxCollectedAt === "border") && input.clearanceFee ? toQuoteCcy(input.clearanceFee.amount, input.clearanceFee.currency) : 0;
  if (fees) explanation.push({ code: "clearance_fee", severity: "info", sources: [], amount: fees, text: `Carrier clearance fee ${fees} for collecting duty/tax at the border.` });
  for (const n of rules.notes) explanation.push({ ...explainRule(n, n.code, n.text), severity: n.confidence === "verified" ? "info" : "warning" });

  const ddp = input.incoterm === "DDP";
  const borderPayer: Payer = ddp ? "seller" : "buyer";
  const payer = {
    duty: duty === 0 ? "none" : dutyAtBorder ? borderPayer : "seller",
    importTax: importTax === 0 ? "none" : atSale ? "seller" : borderPayer,
    fees: fees === 0 ? "none" : borderPayer,
  } as const;
  const total = goods + shipping + duty + importTax + fees;
  const atCheckout = ddp ? total : goods + shipping + (atSale ? importTax : 0) + (dutyAtBorder ? 0 : duty);
  return {
    ruleSet: rules.ruleSet, country: input.destination.country, ...(region ? { region } : {}), date: input.date,
    incoterm: input.incoterm, currency: ccy, goods, shipping, customsValue, lines, duty, importTax, fees, total,
    taxCollectedAt, payer, dueAtCheckout: atCheckout, dueOnDelivery: total - atCheckout, fx: fxUsed, explanation,
  };
}

function addAdValorem(rules: RulesInForce, line: QuoteInput["lines"][number], hsDigits: string, exactValue: number, out: LineDuty, explanation: ExplanationItem[]): void {
  const rate = findDutyRate(rules, hsDigits);
  if (!rate) {
    throw new CustomsDataError("DUTY_RATE_MISSING", `No ${rules.ruleSet} duty rate for HS ${line.hsCode} on ${rules.date}`,
      `Corridor has no ${rules.name} duty rate for HS code ${line.hsCode}. Check the HS code on ${line.sku ?? line.lineId} or add the rate.`);
  }
  const pref = line.originProof ? rate.preferences?.find((p) => p.origins.includes(line.origin) && p.ratePct < rate.ratePct) : undefined;
  const pct = pref ? pref.ratePct : rate.ratePct;
  const mfn = percentOf(exactValue, pct);
  out.parts.push({ code: pref ? `preference_${pref.agreement}` : `mfn_${rate.hsPrefix}`, ratePct: pct, amount: mfn });
  explanation.push(explainRule(rate, pref ? `preference_${pref.agreement}` : `mfn_${rate.hsPrefix}`,
    `Line ${out.lineId}: ${pref ? `${pref.agreement} preference` : "MFN"} ${pct}% (HS ${rate.hsPrefix}) × ${out.customsValue} = ${mfn}.`,
    rate.confidence === "verified" ? "info" : "warning", mfn));
  const matching = rules.additionalDuties.filter((d) =>
    (d.origins === "*" || d.origins.includes(line.origin)) && !d.exemptOrigins?.includes(line.origin) &&
    (!d.hsPrefixes || startsWithAny(hsDigits, d.hsPrefixes)) && !startsWithAny(hsDigits, d.exemptHsPrefixes) &&
    (!d.requiresFlag || (d.requiresFlag === "transshipped" && line.transshipped === true)));
  const codes = new Set(matching.map((d) => d.code));
  for (const d of matching) {
    if (d.doesNotStackWith?.some((c) => codes.has(c))) continue;
    const amount = percentOf(exactValue, d.ratePct);
    out.parts.push({ code: d.code, ratePct: d.ratePct, amount });
    explanation.push(explainRule(d, d.code, `Line ${out.lineId}: ${d.name} ${d.ratePct}% × ${out.customsValue} = ${amount}.`, "info", amount));
  }
  out.duty = out.parts.reduce((a, p) => a + p.amount, 0);
}

function taxRatesFor(rules: RulesInForce, region: string | undefined, explanation: ExplanationItem[]) {
  const regional = rules.taxRates.filter((t) => t.region !== undefined && (rules.ruleSet === "EU" || t.region === region));
  const base = rules.taxRates.filter((t) => t.region === undefined);
  if (rules.ruleSet === "CA" && !region) {
    explanation.push({ code: "region_missing", severity: "warning", sources: [], text: "No province given: GST only; HST provinces would pay more." });
  }
  const chosen = regional.some((t) => t.replacesBase) ? regional : [...base, ...regional];
  for (const t of chosen) explanation.push(explainRule(t, "tax_rate", `${t.name} ${t.ratePct}%${t.collectedAtBorder ? "" : " (not collected at the border; not added)"}.`));
  return chosen.filter((t) => t.collectedAtBorder);
}

function validate(input: QuoteInput): void {
  const bad = (what: string) => {
    throw new CustomsDataError("INVALID_QUOTE_INPUT", `Invalid quote input: ${what}`, `The shipment cannot be quoted: ${what}.`);
  };
  if (input.lines.length === 0) bad("it has no lines");
  for (const l of input.lines) {
    if (!Number.isSafeInteger(l.unitValue) || l.unitValue < 0) bad(`line ${l.lineId} has a value that is not a non-negative integer in minor units`);
    if (!Number.isSafeInteger(l.quantity) || l.quantity <= 0) bad(`line ${l.lineId} has a quantity that is not a positive integer`);
    if (digitsOf(l.hsCode).length < 6) bad(`line ${l.lineId} has HS code "${l.hsCode}"; at least 6 digits are needed`);
  }
  if (!Number.isSafeInteger(input.shipping.amount) || input.shipping.amount < 0) bad("shipping is not a non-negative integer in minor units");
}
