import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMinorUnits, toMinorUnits } from "../../../app/domain/money";

describe("money", () => {
  it("converts decimal strings to minor units by the currency's precision, without float error", () => {
    expect(toMinorUnits("199.00", "USD")).toBe(19900);
    expect(toMinorUnits("0.29", "USD")).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(toMinorUnits("1500", "JPY")).toBe(1500);
    expect(toMinorUnits("250000", "VND")).toBe(250000);
    expect(toMinorUnits("10.005", "USD")).toBe(1001);
    expect(toMinorUnits("1.234", "KWD")).toBe(1234);
  });

  it("rejects text that is not an amount", () => {
    expect(() => toMinorUnits("abc", "USD")).toThrow(/not a decimal/);
    expect(() => toMinorUnits("", "USD")).toThrow(/not a decimal/);
    expect(() => toMinorUnits("1", "XXZ")).toThrow(/unknown currency/);
  });

  it("round-trips every amount through its decimal text", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom("USD", "JPY", "EUR", "VND", "KWD"), (amount, currency) => {
        expect(toMinorUnits(formatMinorUnits(amount, currency), currency)).toBe(amount);
      }),
    );
  });
});
