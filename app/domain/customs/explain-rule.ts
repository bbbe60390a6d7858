import type { ExplanationItem } from "./landed-cost-types";
import { SOURCES, type Source } from "./rules/sources";
import type { Dated } from "./rules/types";

const sourcesCache = new WeakMap<Dated, Source[]>();

/** An explanation line naming a dated rule, its sources (with URL and date) and its effective dates. */
export function explainRule(row: Dated, code: string, text: string, severity: ExplanationItem["severity"] = "info", amount?: number): ExplanationItem {
  let sources = sourcesCache.get(row);
  if (!sources) sourcesCache.set(row, (sources = row.sources.map((id) => SOURCES[id])));
  const item: ExplanationItem = {
    code, text, severity, sources,
    effectiveFrom: row.effectiveFrom, confidence: row.confidence,
  };
  if (row.effectiveTo) item.effectiveTo = row.effectiveTo;
  if (amount !== undefined) item.amount = amount;
  return item;
}
