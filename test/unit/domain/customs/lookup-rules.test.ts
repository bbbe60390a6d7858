import { describe, expect, it } from "vitest";
import { inForce, lookupRules, RULE_SETS } from "~/domain/customs/lookup-rules";
import { DUTY_RATES } from "~/domain/customs/rules/duty-rates";
import { SOURCES } from "~/domain/customs/rules/sources";
import type { Dated } from "~/domain/customs/rules/types";

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

describe("lookupRules", () => {
  it("answers the EU rules in force on each side of 2026-07-01", () => {
    const before = lookupRules("DE", "2026-06-30");
    const after = lookupRules("DE", "2026-07-01");
    expect(before.thresholds.map((t) => t.code)).toEqual(["eu_duty_relief_150", "eu_ioss_150"]);
    expect(before.specificDuties).toEqual([]);
    expect(after.thresholds.map((t) => t.code)).toEqual(["eu_ioss_150"]);
    expect(after.specificDuties.map((d) => [d.code, d.amount, d.effectiveFrom, d.effectiveTo])).toEqual([["eu_flat_duty_3", 300, "2026-07-01", "2028-07-01"]]);
    // a member state sees only its own VAT row
    expect(after.taxRates.map((t) => [t.region, t.ratePct])).toEqual([["DE", 19]]);
  });

  it("answers no US de minimis from 2025-08-29 and the Section 122 surcharge only 2026-02-24 to 2026-07-23", () => {
    expect(lookupRules("US", "2025-08-28").thresholds.map((t) => t.code)).toEqual(["us_de_minimis_800"]);
    expect(lookupRules("US", "2025-08-29").thresholds).toEqual([]);
    const codes = (d: string) => lookupRules("US", d).additionalDuties.map((a) => a.code);
    expect(codes("2026-02-23")).toContain("us_ieepa_reciprocal_vn");
    expect(codes("2026-02-24")).toContain("us_section_122");
    expect(codes("2026-02-24")).not.toContain("us_ieepa_reciprocal_vn");
    expect(codes("2026-07-24")).not.toContain("us_section_122");
  });

  it("refuses a date that is not an ISO day and a country without rules", () => {
    expect(() => lookupRules("DE", "01/07/2026")).toThrow(/YYYY-MM-DD/);
    expect(() => lookupRules("VN", "2026-07-01")).toThrow(/VN/);
  });
});

describe("rule data", () => {
  const rows: [string, Dated & { code?: string; region?: string; kind?: string; hsPrefix?: string; hsPrefixes?: string[]; modes?: string[] }][] = [
    ...RULE_SETS.flatMap((r) => (Object.entries({ valuation: r.valuation, thresholds: r.thresholds, taxRates: r.taxRates, specificDuties: r.specificDuties, additionalDuties: r.additionalDuties, notes: r.notes }) as [string, Dated[]][])
      .flatMap(([table, list]) => list.map((row) => [`${r.id}/${table}`, row] as [string, (typeof rows)[number][1]]))),
    ...DUTY_RATES.map((row) => [`${row.ruleSet}/dutyRates`, row] as [string, (typeof rows)[number][1]]),
  ];

  it("gives every figure ISO effective dates in order and known sources", () => {
    for (const [, row] of rows) {
      expect(row.effectiveFrom).toMatch(ISO_DAY);
      if (row.effectiveTo) {
        expect(row.effectiveTo).toMatch(ISO_DAY);
        expect(row.effectiveTo > row.effectiveFrom).toBe(true);
      }
      expect(row.sources.length).toBeGreaterThan(0);
      for (const id of row.sources) expect(SOURCES[id]?.url).toBeTruthy();
    }
  });

  it("never has two rows for the same figure in force on the same day", () => {
    // Same rule set + code/region/kind/HS/mode = the same figure; its dated rows must not overlap.
    const key = (set: string, r: (typeof rows)[number][1]) => [set, r.code, r.region, r.kind, r.hsPrefix, r.hsPrefixes?.join(), r.modes?.join()].join("|");
    const groups = new Map<string, (typeof rows)[number][1][]>();
    for (const [set, r] of rows) groups.set(key(set, r), [...(groups.get(key(set, r)) ?? []), r]);
    for (const [k, group] of groups) {
      for (const a of group) for (const b of group) {
        if (a === b) continue;
        const overlap = inForce(a, b.effectiveFrom) || inForce(b, a.effectiveFrom);
        expect(overlap, `${k}: ${a.effectiveFrom}..${a.effectiveTo} overlaps ${b.effectiveFrom}..${b.effectiveTo}`).toBe(false);
      }
    }
  });

  it("has the six destinations with all 27 EU member states", () => {
    expect(RULE_SETS.map((r) => r.id)).toEqual(["US", "EU", "GB", "JP", "AU", "CA"]);
    expect(RULE_SETS.find((r) => r.id === "EU")!.countries).toHaveLength(27);
  });
});
