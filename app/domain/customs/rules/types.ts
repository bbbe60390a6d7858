/**
 * The shape of dated customs rules. Every figure is a `Dated` row: it is in force on `effectiveFrom`
 * and stops on `effectiveTo` (exclusive: the first day it no longer applies), so "2026-07-01" on one
 * row and the next row's start meet without a gap or overlap. Dates are ISO days (YYYY-MM-DD) and
 * compare as strings.
 */
import type { SourceId } from "./sources";

/** How sure we are of a figure: the contract's markers, kept next to the figure they qualify. */
export type Confidence = "verified" | "check_before_use" | "unverified" | "indicative";

export interface Dated {
  effectiveFrom: string;
  /** Exclusive; absent = open-ended (still in force as far as the contract knows). */
  effectiveTo?: string;
  sources: SourceId[];
  confidence: Confidence;
  /** Why the row reads as it does, when the source needs interpreting. */
  note?: string;
}

/** Unit over which a threshold is measured (cross-border.md §2.2). */
export type ThresholdUnit = "consignment" | "item" | "declaration";
/** Which value is compared: the sale price of the goods, or the customs value (FOB/CIF per basis). */
export type ThresholdMeasure = "intrinsic" | "customs_value";
export type Mode = "post" | "courier";
/** Seller registrations that let tax be collected at the sale. */
export type Registration = "ioss" | "gb_vat" | "au_gst" | "jp_ct";

export interface Threshold extends Dated {
  /** A stable name used in explanations ("eu_duty_relief_150"). */
  code: string;
  /**
   * duty_relief: at or under it, no ad-valorem duty. tax_relief: no import tax at the border.
   * tax_at_sale: at or under it, VAT/GST is charged by the seller at checkout instead of at the border.
   */
  kind: "duty_relief" | "tax_relief" | "tax_at_sale";
  unit: ThresholdUnit;
  measure: ThresholdMeasure;
  /** Limit in minor units of the rule set's currency. */
  max: number;
  /** true: value ≤ max passes; false: value < max passes. */
  inclusive: boolean;
  /** Only for these ways of shipping; absent = all. */
  modes?: Mode[];
  /** Only when shipped from (or not from) these countries (CA: courier from US/MX). */
  shipFromIn?: string[];
  shipFromNotIn?: string[];
  /** HS prefixes never covered by the relief (JP designated articles). */
  excludedHsPrefixes?: string[];
  /** tax_at_sale only: the registration that makes it possible, and whether it is optional. */
  registration?: Registration;
  registrationRequired?: "optional" | "mandatory";
}

export interface ValuationRule extends Dated {
  /** FOB: goods only; CIF: goods + international freight and insurance to the border. */
  basis: "FOB" | "CIF";
  /** Add international freight to the import tax base even under FOB (AU's VoTI). */
  taxBaseAddsFreight: boolean;
}

export interface TaxRate extends Dated {
  /** Member state or province ("DE", "ON"); absent = the whole destination. */
  region?: string;
  name: string;
  ratePct: number;
  /** Goods this rate is limited to (reduced rates by HS prefix); absent = standard rate. */
  hsPrefixes?: string[];
  /** A regional rate that replaces the destination-wide one (CA HST replaces GST). */
  replacesBase?: boolean;
  /** Whether the border collects it on import (CA PST is not modelled as collected). */
  collectedAtBorder: boolean;
}

/** A flat amount per distinct tariff subheading (the EU €3). */
export interface SpecificDuty extends Dated {
  code: string;
  amount: number;
  /** HS digits that make two lines "the same subheading". */
  subheadingDigits: number;
  /** Consignment intrinsic value must be below (or at, if inclusive) this. */
  maxIntrinsic: number;
  inclusive: boolean;
  /** Only when the seller holds this registration (the EU €3 targets IOSS flows). */
  requiresRegistration?: Registration;
  /** Replaces ad-valorem duty on the consignment when it applies. */
  replacesAdValorem: boolean;
}

/** A duty layered on top of the MFN rate (US Section 122, 232, IEEPA while it lasted). */
export interface AdditionalDuty extends Dated {
  code: string;
  name: string;
  ratePct: number;
  /** Origins it applies to; "*" = all. */
  origins: string[] | "*";
  /** Origins exempted from an all-origins measure (USMCA goods). */
  exemptOrigins?: string[];
  /** HS prefixes covered; absent = all goods. */
  hsPrefixes?: string[];
  exemptHsPrefixes?: string[];
  /** Only when the line is flagged so (IEEPA 40% on transshipped goods). */
  requiresFlag?: "transshipped";
  /** Codes of measures this one does not stack with: when one of those applies to the line, this one does not. */
  doesNotStackWith?: string[];
}

export interface DestinationRules {
  /** "US", "EU", "GB", "JP", "AU", "CA". */
  id: string;
  name: string;
  currency: string;
  /** ISO countries this rule set serves (EU: the 27 member states). */
  countries: string[];
  valuation: ValuationRule[];
  thresholds: Threshold[];
  taxRates: TaxRate[];
  specificDuties: SpecificDuty[];
  additionalDuties: AdditionalDuty[];
  /** Facts kept for the explanation and the docs, not computed (e.g. US statutory repeal 2027-07-01). */
  notes: (Dated & { code: string; text: string })[];
}
