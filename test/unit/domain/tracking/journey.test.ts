import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildParcelJourney, type EventInput, type LegInput } from "../../../../app/domain/tracking/journey";

const RANK: Record<string, number> = { carrier_picked_up: 30, in_transit: 40, in_customs: 50, customs_released: 55, out_for_delivery: 60, delivered: 100 };
const day = (n: number) => new Date(Date.UTC(2026, 10, 1 + n));
let nextId = 1;
const ev = (status: string, d: number, extra: Partial<EventInput> = {}): EventInput => ({
  id: nextId++, status, sequence: RANK[status]!, happenedAt: day(d), carrierName: "USPS", trackingNumber: "N1", location: null, message: null, ...extra,
});
const leg = (over: Partial<LegInput> = {}): LegInput => ({
  id: 1, status: "shipped", carrierName: "USPS", trackingNumber: "N1", trackingUrl: null, crossBorder: false,
  expectedDeliveryAt: null, shippedAt: day(0), deliveredAt: null, events: [], ...over,
});

describe("buildParcelJourney", () => {
  it("shows a leg at its highest-ranked event, not the last one received", () => {
    // GIVEN delivered, then a late in-transit stamped even later
    const j = buildParcelJourney([leg({ events: [ev("delivered", 5), ev("in_transit", 6)] })]);
    // THEN delivered, with both events kept in time order
    expect(j.legs[0]!.status).toBe("delivered");
    expect(j.legs[0]!.events.map((e) => e.status)).toEqual(["delivered", "in_transit"]);
  });

  it("falls back to the shipment's stage in shopper words before any carrier event", () => {
    const j = buildParcelJourney([leg({ status: "packed" }), leg({ id: 2, status: "reserved" })]);
    expect(j.legs.map((l) => l.status)).toEqual(["preparing", "processing"]);
  });

  it("leaves out cancelled and failed shipments and numbers the rest in allocation order", () => {
    const j = buildParcelJourney([leg({ id: 9 }), leg({ id: 3, status: "cancelled" }), leg({ id: 4 })]);
    expect(j.legs.map((l) => l.number)).toEqual([1, 2]);
    expect(j.legs).toHaveLength(2);
  });

  it("reports customs per cross-border leg and the least advanced one for the order", () => {
    const held = leg({ id: 1, crossBorder: true, events: [ev("in_customs", 2)] });
    const released = leg({ id: 2, crossBorder: true, events: [ev("in_customs", 2), ev("customs_released", 3)] });
    const domestic = leg({ id: 3 });
    const j = buildParcelJourney([held, released, domestic]);
    expect(j.legs.map((l) => l.customs)).toEqual(["in_customs", "cleared", "not_required"]);
    expect(j.customs).toBe("in_customs");
    expect(buildParcelJourney([domestic]).customs).toBe("not_required");
  });

  it("counts a delivered cross-border parcel as cleared even when no customs event was logged", () => {
    expect(buildParcelJourney([leg({ crossBorder: true, events: [ev("delivered", 4)] })]).legs[0]!.customs).toBe("cleared");
  });

  it("lists earlier tracking numbers after a carrier hand-over", () => {
    const j = buildParcelJourney([leg({ trackingNumber: "LOCAL", events: [ev("in_transit", 1, { trackingNumber: "LINEHAUL" }), ev("out_for_delivery", 3, { trackingNumber: "LOCAL" })] })]);
    expect(j.legs[0]!.previousTrackingNumbers).toEqual(["LINEHAUL"]);
  });

  it("estimates the order at its last undelivered parcel, unknown if any lacks a date, none once all arrived", () => {
    const a = leg({ id: 1, expectedDeliveryAt: day(8) });
    const b = leg({ id: 2, expectedDeliveryAt: day(12) });
    const delivered = leg({ id: 3, expectedDeliveryAt: day(20), events: [ev("delivered", 4)] });
    expect(buildParcelJourney([a, b, delivered]).estimatedDelivery).toBe(day(12).toISOString());
    expect(buildParcelJourney([a, leg({ id: 2 })]).estimatedDelivery).toBeNull();
    expect(buildParcelJourney([delivered]).estimatedDelivery).toBeNull();
    expect(buildParcelJourney([delivered]).legs[0]!.deliveredAt).toBe(day(4).toISOString());
  });

  it("gives the same status whatever order the events arrive in, and never leaves delivered", () => {
    const statuses = Object.keys(RANK);
    const arbEvents = fc.array(fc.record({ status: fc.constantFrom(...statuses), d: fc.integer({ min: 0, max: 30 }) }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(arbEvents, fc.integer(), (raw, seed) => {
        const events = raw.map((r) => ev(r.status, r.d));
        const shuffled = [...events].sort((x, y) => ((x.id * 7919 + seed) % 101) - ((y.id * 7919 + seed) % 101));
        const one = buildParcelJourney([leg({ events })]).legs[0]!;
        const two = buildParcelJourney([leg({ events: shuffled })]).legs[0]!;
        expect(two.status).toBe(one.status);
        expect(two.events).toEqual(one.events);
        if (events.some((e) => e.status === "delivered")) expect(one.status).toBe("delivered");
      }),
    );
  });
});
