/**
 * The chaos run, small: 80 orders across Shopify, Etsy and TikTok Shop through the real web and two
 * worker processes, while a worker is SIGKILLed mid-job, Redis and Postgres (the run's own) restart,
 * the 3PL answers 5xx/429/timeouts and every platform delivers webhooks twice and out of order; a
 * few Shopify orders are cancelled while their dispatch is in flight. Each fault kind happens at
 * least once (FAULT_ROTATION), on a fixed seed. The verdict is read from the sandboxes' own records,
 * not Corridor's tables (scripts/chaos): no order lost or short, no duplicate warehouse order, no
 * storefront shipment doubled or missing, nothing live after an accepted cancel, stock converged,
 * and no process died on its own (finding 1: the patched Postgres driver survives a restart).
 *
 * `npm run chaos` is the same run with 10,000 orders; docs/RELIABILITY.md has its report.
 *
 * It runs in its own Vitest project ("chaos"), after the others and alone (scripts/test.sh), so the
 * fault timings are not squeezed by parallel test files; about a minute and a half on 2 cores.
 * It was opt-in until findings 2, 3, 7, 8 and 9 were fixed (docs/RELIABILITY.md); 9 was the last:
 * a TikTok stock push that landed while Postgres restarted, unrecorded, left its level one unit off.
 */
import { describe, expect, it } from "vitest";
import { renderReport, runChaos, type ChaosReport } from "../../../scripts/chaos/run-chaos";

const ORDERS = 80;

describe("the small chaos run", () => {
  it("GIVEN every kind of fault, WHEN 80 orders flow, THEN from the outside no order is lost or doubled, no shipment is doubled or missing, and stock converges", async () => {
    // GIVEN the whole stack as processes on its own Postgres and Redis
    // WHEN 80 orders flow while each kind of fault happens at least once
    const report: ChaosReport = await runChaos({ orders: ORDERS, rate: 6, workers: 2, faultEveryMs: 3_000, settleTimeoutMs: 90_000, seed: 11 });
    const summary = renderReport(report);
    // THEN every fault happened, and no process died without being killed by the schedule
    expect(Object.values(report.faults).every((n) => n >= 1), summary).toBe(true);
    expect(report.unexpectedExits, summary).toBe(0);
    expect(report.verdict.placed, summary).toBe(ORDERS);
    // AND from the outside nothing was lost or doubled
    expect({ lost: report.verdict.lost, short: report.verdict.short, duplicateWarehouseOrders: report.verdict.duplicateWarehouseOrders }, summary).toEqual({ lost: [], short: [], duplicateWarehouseOrders: [] });
    expect(report.verdict.shippedAfterCancel, summary).toEqual([]);
    expect({ duplicate: report.verdict.duplicateStorefrontShipments, missing: report.verdict.missingStorefrontShipments }, summary).toEqual({ duplicate: [], missing: [] });
    // AND every storefront's stock equals what Corridor's warehouses hold, and Corridor's on-hand the 3PL's
    expect(report.verdict.stockDiverged, summary).toEqual([]);
    expect(report.verdict.ok, summary).toBe(true);
  }, 300_000);
});
