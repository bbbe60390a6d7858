/** The shared customs-data schema: per-field errors, blank semantics, cross-field checks, registrations. */
import { describe, expect, it } from "vitest";
import { parseCustomsFields } from "../../../app/skus/customs-fields";
import { nationalHsCode } from "../../../app/domain/customs/lookup-rules";
import { applyCustomsPatch, customsToFields, EMPTY_CUSTOMS } from "../../../app/skus/customs-record";
import { isValidAbn, parseRegistrationsForm } from "../../../app/skus/customs-registrations";
import { fillFromShopify } from "../../../app/skus/shopify-customs";

const ok = (raw: Record<string, string>, blank: "clear" | "keep" = "keep") => {
  const parsed = parseCustomsFields(raw, { blank });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.patch;
};

describe("parseCustomsFields", () => {
  it("normalises HS codes, origin and currency, and converts the unit value to minor units with the currency", () => {
    const patch = ok({ hs_code: "6109.10", hs_us: "6109.10.0012", hs_eu: "6109 10 00", country_of_origin: "vn", unit_value: "12,50", currency: "usd" });
    const { record, errors } = applyCustomsPatch(EMPTY_CUSTOMS, patch);
    expect(errors).toEqual([]);
    expect(record).toMatchObject({ hsCode: "610910", hsCodesByCountry: { US: "6109100012", EU: "61091000" }, countryOfOrigin: "VN", unitValue: 1250, currency: "USD" });
  });

  it("checks each destination's national code length: US 10, EU 8 or 10, UK 10, JP 9, AU 8, CA 10", () => {
    const bad = parseCustomsFields({ hs_us: "61091000", hs_eu: "610910001", hs_gb: "6109100010", hs_jp: "610910000", hs_au: "6109100", hs_ca: "61091000" }, { blank: "keep" });
    expect(bad.ok).toBe(false);
    const fields = !bad.ok ? bad.errors.map((e) => [e.field, e.key, e.vars?.digits]) : [];
    expect(fields).toEqual([
      ["hs_us", "skus.error.hsNationalLength", "10"],
      ["hs_eu", "skus.error.hsNationalLength", "8 / 10"],
      ["hs_au", "skus.error.hsNationalLength", "8"],
      ["hs_ca", "skus.error.hsNationalLength", "10"],
    ]);
  });

  it("rejects a national code that does not extend the HS code, and a vague description", () => {
    const { errors } = applyCustomsPatch(EMPTY_CUSTOMS, ok({ hs_code: "610910", hs_us: "6110200010" }));
    expect(errors).toEqual([{ field: "hs_us", key: "skus.error.hsNationalPrefix", vars: { country: "US", digits: "10", hsCode: "610910" } }]);
    const vague = parseCustomsFields({ customs_description: "Gift" }, { blank: "keep" });
    expect(!vague.ok && vague.errors[0]!.key).toBe("skus.error.descriptionVague");
    expect(parseCustomsFields({ customs_description: "Silk gift scarf" }, { blank: "keep" }).ok).toBe(true);
  });

  it("needs watt-hours for a lithium-ion SKU, checked against what is already stored", () => {
    expect(applyCustomsPatch(EMPTY_CUSTOMS, ok({ lithium: "UN3480" })).errors).toEqual([{ field: "watt_hours", key: "skus.error.wattHoursNeeded" }]);
    const stored = applyCustomsPatch(EMPTY_CUSTOMS, ok({ lithium: "ion_with_equipment", watt_hours: "18.5", state_of_charge_pct: "30%" })).record;
    expect(stored.dangerousGoods).toEqual({ lithium: "ion_with_equipment", wattHours: 18.5, stateOfChargePct: 30 });
    // A CSV row changing only the kind keeps the stored Wh and passes.
    expect(applyCustomsPatch(stored, ok({ lithium: "ion_in_equipment" })).errors).toEqual([]);
    expect(parseCustomsFields({ lithium: "UN3481" }, { blank: "keep" }).ok).toBe(false); // installed or packed with? ambiguous
  });

  it("keeps blank cells in a CSV but clears them from the form", () => {
    const stored = applyCustomsPatch(EMPTY_CUSTOMS, ok({ hs_code: "610910", material: "cotton" })).record;
    expect(applyCustomsPatch(stored, ok({ material: "" }, "keep")).record.material).toBe("cotton");
    expect(applyCustomsPatch(stored, ok({ material: "" }, "clear")).record.material).toBeNull();
  });

  it("refuses more decimals than the currency has, and round-trips through the form fields", () => {
    expect(applyCustomsPatch(EMPTY_CUSTOMS, ok({ unit_value: "100.5", currency: "JPY" })).errors).toEqual([
      { field: "unit_value", key: "skus.error.unitValueDecimals", vars: { currency: "JPY", decimals: 0 } },
    ]);
    const record = applyCustomsPatch(EMPTY_CUSTOMS, ok({ hs_code: "851762", unit_value: "19.90", currency: "EUR", other_dg_classes: "aerosol;Magnetized" })).record;
    const again = applyCustomsPatch(EMPTY_CUSTOMS, ok(customsToFields("X", record), "clear")).record;
    expect(again).toEqual(record);
  });
});

describe("nationalHsCode", () => {
  it("finds a member state's code under the EU, and a country's own entry first", () => {
    const codes = { US: "6109100012", EU: "61091000", FR: "6109100010" };
    expect(nationalHsCode(codes, "DE")).toBe("61091000");
    expect(nationalHsCode(codes, "FR")).toBe("6109100010");
    expect(nationalHsCode(codes, "US")).toBe("6109100012");
    expect(nationalHsCode(codes, "GB")).toBeUndefined();
    expect(nationalHsCode(codes, "VN")).toBeUndefined();
  });
});

describe("fillFromShopify", () => {
  const item = (over: Record<string, unknown> = {}) => ({
    id: "gid://shopify/InventoryItem/1", sku: "TEE", harmonizedSystemCode: "610910", countryCodeOfOrigin: "VN" as const,
    countryHarmonizedSystemCodes: { nodes: [{ countryCode: "US" as const, harmonizedSystemCode: "6109100012" }, { countryCode: "DE" as const, harmonizedSystemCode: "61091000" }] },
    measurement: { weight: { unit: "GRAMS" as const, value: 180 } },
    ...over,
  });

  it("fills only empty fields and maps an EU member state's code to the EU", () => {
    const merchant = applyCustomsPatch(EMPTY_CUSTOMS, ok({ country_of_origin: "TH", hs_code: "610910" })).record;
    const fill = fillFromShopify(merchant, item());
    expect(fill.record).toMatchObject({ countryOfOrigin: "TH", hsCode: "610910", hsCodesByCountry: { US: "6109100012", EU: "61091000" }, weightGrams: 180 });
    expect(fill.filled).toEqual(["hs_us", "hs_eu", "weight_grams"]);
  });

  it("skips a Shopify code that breaks the rules and still applies the rest", () => {
    const fill = fillFromShopify(EMPTY_CUSTOMS, item({ countryHarmonizedSystemCodes: { nodes: [{ countryCode: "US", harmonizedSystemCode: "61091000" }] } }));
    expect(fill.skipped).toEqual([{ field: "hs_us", key: "skus.error.hsNationalLength", vars: { country: "US", digits: "10" } }]);
    expect(fill.record).toMatchObject({ hsCode: "610910", countryOfOrigin: "VN", hsCodesByCountry: {} });
  });
});

describe("customs registrations form", () => {
  it("normalises valid numbers and names each invalid field", () => {
    expect(isValidAbn("51824753556")).toBe(true); // the ATO's published example ABN
    expect(isValidAbn("51824753557")).toBe(false);
    expect(parseRegistrationsForm({ ioss: "im 2500000001", gb_vat: "123456789", au_gst: "51 824 753 556", jp_ct: "1234567890123" })).toEqual({
      ok: true,
      registrations: { ioss: "IM2500000001", gb_vat: "GB123456789", au_gst: "51824753556", jp_ct: "T1234567890123" },
    });
    expect(parseRegistrationsForm({ ioss: "IM123", gb_vat: "", au_gst: "51824753557", jp_ct: "T123" })).toEqual({ ok: false, fields: ["ioss", "au_gst", "jp_ct"] });
    expect(parseRegistrationsForm({ ioss: " " })).toEqual({ ok: true, registrations: {} });
  });
});
