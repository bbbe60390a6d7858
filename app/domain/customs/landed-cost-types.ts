/**
 * Input and output of the landed-cost engine. All money is integer minor units; output amounts are in
 * the destination rule set's currency (`quote.currency`), converted with the FX rates recorded on the quote.
 */
import type { Money } from "../order";
import type { FxRate } from "./convert-currency";
import type { Confidence, Mode, Registration } from "./rules/types";
import type { Source } from "./rules/sources";

export interface QuoteLine {
  lineId: string;
  sku?: string;
  /** HS / national tariff code; dots and spaces are ignored ("6109.10.00.12"). */
  hsCode: string;
  /** Country where the good was made (ISO alpha-2), not the ship-from country. */
  origin: string;
  quantity: number;
  /** Unit price in minor units of `currency`. */
  unitValue: number;
  currency: string;
  /** A valid proof of origin is held, so FTA preferences may be claimed. */
  originProof?: boolean;
  /** US only: CBP found the goods transshipped to evade duties (IEEPA 40% while it lasted). */
  transshipped?: boolean;
}

export interface QuoteInput {
  /** Country (ISO alpha-2) and, for Canada, the province code that decides GST vs HST. */
  destination: { country: string; region?: string };
  /** ISO day of import (or of sale for tax-at-sale regimes); picks the rules in force. */
  date: string;
  incoterm: "DDP" | "DAP";
  lines: QuoteLine[];
  /** Shipping charged to the buyer. */
  shipping: Money;
  /** International freight and insurance to the border, if different from `shipping` (CIF basis, AU VoTI). */
  freightToBorder?: Money;
  /** Post or courier; decides thresholds such as Canada's. Default courier. */
  mode?: Mode;
  /** Country the parcel is shipped from (the warehouse), default VN. */
  shipFrom?: string;
  /** The seller's registrations: IOSS number, UK VAT number, AU GST ABN/ARN, JP consumption-tax id. */
  seller: { registrations: Partial<Record<Registration, string>> };
  fx: readonly FxRate[];
  /** The carrier's fee for clearing and collecting at the border (brokerage/disbursement), when any. */
  clearanceFee?: Money;
}

export type Payer = "seller" | "buyer" | "none";

/** One rule that shaped the quote, with where it comes from and when it is in force. */
export interface ExplanationItem {
  code: string;
  text: string;
  sources: Source[];
  effectiveFrom?: string;
  effectiveTo?: string;
  confidence?: Confidence;
  /** Amount this rule contributed, in the quote currency. */
  amount?: number;
  /** "warning" items need a human look (near a threshold, unverified figure, registration missing). */
  severity: "info" | "warning";
}

export interface LineDuty {
  lineId: string;
  hsCode: string;
  /** Line value converted to the quote currency. */
  value: number;
  customsValue: number;
  duty: number;
  parts: { code: string; ratePct?: number; amount: number }[];
}

export interface LandedCostQuote {
  ruleSet: string;
  country: string;
  region?: string;
  date: string;
  incoterm: "DDP" | "DAP";
  currency: string;
  goods: number;
  shipping: number;
  customsValue: number;
  lines: LineDuty[];
  duty: number;
  importTax: number;
  fees: number;
  /** goods + shipping + duty + importTax + fees. */
  total: number;
  /** Where the tax is collected: at checkout by the seller (IOSS, UK VAT, AU GST), at the border, or not at all. */
  taxCollectedAt: "checkout" | "border" | "none";
  payer: { duty: Payer; importTax: Payer; fees: Payer };
  dueAtCheckout: number;
  dueOnDelivery: number;
  /** Every FX rate used, with source and date (empty when everything was in the quote currency). */
  fx: FxRate[];
  /**
   * Some duty was priced at a rate no source confirms (rules/duty-rates.ts, confidence other than
   * "verified"): the figure is an estimate, never to be shown as binding.
   */
  indicative: boolean;
  explanation: ExplanationItem[];
}
