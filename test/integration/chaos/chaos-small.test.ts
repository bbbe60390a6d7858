/**
 * The chaos run, small: 300 orders across Shopify, Etsy and TikTok Shop through the real web and two
 * worker processes, while a worker is SIGKILLed mid-job, Redis and Postgres (the run's own) restart,
 * the 3PL answers 5xx/429/timeouts and every platform delivers webhooks twice and out of order.
 * The verdict is read from the sandboxes' own records, not Corridor's tables (scripts/chaos).
 *
 * `npm run chaos` is the same run with 10,000 orders; docs/RELIABILITY.md has its report.
 *
 * Opt-in (CORRIDOR_CHAOS_TEST=1) until the app bugs it found are fixed (docs/RELIABILITY.md, findings
 * 2 and 3: a fulfillment order answered by two concurrent polls holds stock for a rejected order); it
 * then belongs in every run. It needs a few minutes on a quiet 2-core machine.
 */
import { describe, expect, it } from "vitest";
import { renderReport, runChaos, type ChaosReport } from "../../../scripts/chaos/run-chaos";

describe.runIf(process.env.CORRIDOR_CHAOS_TEST === "1")("the small chaos run", () => {
  it("loses no order, doubles no warehouse order or storefront shipment, and converges stock, through every kind of fault", async () => {
    // GIVEN the whole stack as processes on its own Postgres and Redis
    // WHEN 300 orders flow while each kind of fault happens at least once
    const report: ChaosReport = await runChaos({ orders: 300, rate: 10, workers: 2, faultEveryMs: 4_000, settleTimeoutMs: 240_000, seed: 7 });
    const summary = renderReport(report);
    // THEN every fault happened, and from the outside nothing was lost or doubled
    expect(Object.values(report.faults).every((n) => n >= 1), summary).toBe(true);
    expect(report.verdict.placed, summary).toBe(300);
    expect({ lost: report.verdict.lost, short: report.verdict.short, duplicateWarehouseOrders: report.verdict.duplicateWarehouseOrders }, summary).toEqual({ lost: [], short: [], duplicateWarehouseOrders: [] });
    expect({ duplicate: report.verdict.duplicateStorefrontShipments, missing: report.verdict.missingStorefrontShipments }, summary).toEqual({ duplicate: [], missing: [] });
    // AND every storefront's stock equals what Corridor's warehouses hold
    expect(report.verdict.stockDiverged, summary).toEqual([]);
    expect(report.verdict.ok, summary).toBe(true);
  }, 420_000);
});
