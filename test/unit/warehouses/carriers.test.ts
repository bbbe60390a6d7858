import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CARRIERS,
  chooseCarrier,
  isValidTrackingNumber,
  makeTrackingNumber,
  mod10CheckDigit,
  s10CheckDigit,
  trackingUrl,
  type CarrierCode,
} from "~/warehouses/carriers";

describe("chooseCarrier", () => {
  it.each([
    ["US", "US", "standard", "usps", "USPS"],
    ["GB", "GB", "standard", "royal-mail", "Royal Mail"],
    ["JP", "JP", "standard", "japan-post", "Japan Post (EN)"],
    ["AU", "AU", "standard", "australia-post", "Australia Post"],
    ["VN", "US", "standard", "dhl-ecommerce-asia", "DHL eCommerce Asia"],
    ["VN", "GB", "economy", "yunexpress", "YunExpress"],
    ["VN", "DE", "express", "dhl-express", "DHL Express"],
    ["US", "CA", "standard", "dhl-ecommerce", "DHL eCommerce"],
    ["GB", "FR", "standard", "royal-mail", "Royal Mail"],
  ] as const)("ships %s→%s %s with %s under Shopify's exact name", (origin, destination, service, code, shopify) => {
    // GIVEN a lane; WHEN a carrier is chosen; THEN it is the one a warehouse there would use
    const choice = chooseCarrier({ origin, destination, service });
    expect(choice.code).toBe(code);
    expect(choice.shopifyCompany).toBe(shopify);
  });

  it("names Vietnam Post for domestic Vietnam but gives Shopify no company, so the URL must be sent", () => {
    const choice = chooseCarrier({ origin: "VN", destination: "VN" });
    expect(choice.code).toBe("vietnam-post");
    expect(choice.shopifyCompany).toBeNull();
  });

  it("falls back to YunExpress's absence with DHL eCommerce Asia for an economy lane YunExpress does not serve", () => {
    expect(chooseCarrier({ origin: "VN", destination: "BR", service: "economy" }).code).toBe("dhl-ecommerce-asia");
  });

  it("accepts lower-case country codes", () => {
    expect(chooseCarrier({ origin: "us", destination: "us" }).code).toBe("usps");
  });
});

describe("tracking numbers", () => {
  it("computes the UPU S10 check digit of the worked example 47312482 (weighted sum 200 → 9)", () => {
    expect(s10CheckDigit("47312482")).toBe(9);
  });

  it("computes the GS1 mod-10 check digit USPS IMpb uses, on published EAN-13 examples", () => {
    // 4006381333931 and 6291041500213 are the usual worked examples of the GS1 check digit.
    expect(mod10CheckDigit("400638133393")).toBe(1);
    expect(mod10CheckDigit("629104150021")).toBe(3);
  });

  const codes = Object.keys(CARRIERS) as CarrierCode[];
  it("makes numbers every carrier's own format and check digit accept, for domestic and cross-border lanes", () => {
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.string({ minLength: 1, maxLength: 30 }), fc.boolean(), (code, seed, crossBorder) => {
        const lane = { origin: "VN", destination: crossBorder ? "US" : "VN" };
        const n = makeTrackingNumber(code, seed, lane);
        expect(isValidTrackingNumber(code, n)).toBe(true);
      }),
    );
  });

  it("gives the same parcel the same number and different parcels different numbers", () => {
    expect(makeTrackingNumber("usps", "demo/so_1/1")).toBe(makeTrackingNumber("usps", "demo/so_1/1"));
    expect(makeTrackingNumber("usps", "demo/so_1/1")).not.toBe(makeTrackingNumber("usps", "demo/so_2/1"));
  });

  it("refuses a number whose check digit was altered", () => {
    const n = makeTrackingNumber("royal-mail", "x", { origin: "GB", destination: "GB" });
    const wrong = `${n.slice(0, 10)}${(Number(n[10]) + 1) % 10}${n.slice(11)}`;
    expect(isValidTrackingNumber("royal-mail", n)).toBe(true);
    expect(isValidTrackingNumber("royal-mail", wrong)).toBe(false);
    const usps = makeTrackingNumber("usps", "x");
    expect(isValidTrackingNumber("usps", `${usps.slice(0, 21)}${(Number(usps[21]) + 1) % 10}`)).toBe(false);
  });

  it("builds a tracking URL that carries the number, URL-encoded", () => {
    expect(trackingUrl("usps", "9400111899223851731100")).toBe("https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223851731100");
    expect(trackingUrl("yunexpress", "YT 1")).toContain("YT%201");
  });
});
