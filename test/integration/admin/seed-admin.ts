/**
 * A shop with something on every admin page: warehouses with lanes, stock (one SKU low), orders in
 * every home stage with lines, shipments, tracking and timeline, exceptions (one replayable), and
 * channel connections. Used by the admin integration tests and the e2e browser run.
 */
import type { Database } from "../../../app/db/client.server";
import {
  allocations,
  channelConnections,
  exceptions,
  inventoryLevels,
  orderEvents,
  orderLines,
  orders,
  shops,
  trackingEvents,
  warehouseLanes,
  warehouses,
} from "../../../app/db/schema";
import type { CanonicalOrder } from "../../../app/domain/order";

export interface SeededShop {
  shopId: number;
  domain: string;
  warehouseIds: number[];
  orderIds: number[];
  /** The order that is shipped, with tracking. */
  shippedOrderId: number;
  /** A received order (can be rerouted). */
  receivedOrderId: number;
  exceptionIds: number[];
  replayableExceptionId: number;
  skus: string[];
}

const DAY = 86_400_000;

export async function seedAdminShop(db: Database, domain: string, opts: { tag?: string; now?: Date } = {}): Promise<SeededShop> {
  const tag = opts.tag ?? domain.split(".")[0]!.toUpperCase();
  const now = opts.now ?? new Date();
  const [shop] = await db.insert(shops).values({ domain, settings: { lowStockThreshold: 5, promiseDays: 10 } }).returning();
  const shopId = shop!.id;
  const whs = await db
    .insert(warehouses)
    .values([
      { shopId, code: "VN-HCM", name: `${tag} Ho Chi Minh City`, connector: "sandbox", countryCode: "VN", kind: "origin", capabilities: { lithium: false, ddp: true } },
      { shopId, code: "US-RNO", name: `${tag} Reno`, connector: "sandbox", countryCode: "US", kind: "overseas", dutiesPrepaid: true },
    ])
    .returning();
  const [hcm, reno] = [whs[0]!, whs[1]!];
  await db.insert(warehouseLanes).values([
    { warehouseId: hcm.id, destinations: ["US", "CA", "GB"], mode: "air", carrier: "VNPost EMS", transitDaysMin: 6, transitDaysMax: 10, baseCost: 900, perKgCost: 1200, currency: "USD" },
    { warehouseId: reno.id, destinations: ["US"], mode: "ground", carrier: "USPS", transitDaysMin: 2, transitDaysMax: 5, baseCost: 450, perKgCost: 150, currency: "USD" },
  ]);
  const skus = [`${tag}-TEE-RED-M`, `${tag}-MUG-BLUE`, `${tag}-HAT-GRN`];
  await db.insert(inventoryLevels).values([
    { warehouseId: hcm.id, sku: skus[0]!, onHand: 120, reserved: 4, safetyBuffer: 5 },
    { warehouseId: reno.id, sku: skus[0]!, onHand: 30, reserved: 2, safetyBuffer: 3 },
    { warehouseId: hcm.id, sku: skus[1]!, onHand: 60, reserved: 0, safetyBuffer: 0 },
    { warehouseId: reno.id, sku: skus[2]!, onHand: 6, reserved: 3, safetyBuffer: 2 },
  ]);

  const stages = ["received", "routed", "at_warehouse", "shipped", "delivered", "exception"] as const;
  const orderIds: number[] = [];
  for (let i = 0; i < 12; i++) {
    const stage = stages[i % stages.length]!;
    const placedAt = new Date(now.getTime() - (i % 7) * DAY - 3600_000);
    const destination = i % 3 === 0 ? "GB" : "US";
    const externalId = `gid://shopify/Order/${9_007_199_254_740_993n + BigInt(i)}`;
    const [order] = await db
      .insert(orders)
      .values({
        shopId,
        channel: i % 4 === 3 ? "etsy" : "shopify",
        externalId,
        name: `#${tag}-${1001 + i}`,
        stage,
        channelUpdatedAt: placedAt,
        canonical: { externalId } as unknown as CanonicalOrder,
        destinationCountry: destination,
        currency: "USD",
        placedAt,
        updatedAt: now,
        routingDecision:
          stage === "received"
            ? null
            : { policy: "balanced", explanation: `${tag}: Reno has stock and reaches ${destination} in 2–5 days for $4.50; Ho Chi Minh City is cheaper but misses the promise.` },
      })
      .returning();
    orderIds.push(order!.id);
    await db.insert(orderLines).values({ orderId: order!.id, externalLineId: `${i}-1`, sku: skus[i % 3]!, quantity: 1 + (i % 2), unitPrice: 2500, currency: "USD" });
    await db.insert(orderEvents).values({ orderId: order!.id, kind: "received", at: placedAt, detail: {} });
    if (stage !== "received" && stage !== "exception") {
      const wh = i % 2 ? reno : hcm;
      await db.insert(orderEvents).values({ orderId: order!.id, kind: "routed", at: new Date(placedAt.getTime() + 60_000), detail: { warehouse: wh.code } });
      const shipped = stage === "shipped" || stage === "delivered";
      const [alloc] = await db
        .insert(allocations)
        .values({
          orderId: order!.id,
          warehouseId: wh.id,
          clientReference: `CR-${shopId}-${order!.id}-1`,
          status: stage === "routed" ? "reserved" : stage === "at_warehouse" ? "accepted" : stage === "shipped" ? "in_transit" : "delivered",
          mode: wh === reno ? "ground" : "air",
          expectedCost: 450,
          costCurrency: "USD",
          expectedDeliveryAt: new Date(placedAt.getTime() + 5 * DAY),
          carrier: shipped ? "USPS" : null,
          trackingNumber: shipped ? `9400${tag}${i}` : null,
          trackingUrl: shipped ? `https://tools.usps.com/go/TrackConfirmAction?tLabels=9400${tag}${i}` : null,
          shippedAt: shipped ? new Date(placedAt.getTime() + DAY) : null,
          // One delivery inside the 10-day promise, one late: the on-time rate reads 50%.
          deliveredAt: stage === "delivered" ? new Date(placedAt.getTime() + (i === 4 ? 3 : 12) * DAY) : null,
        })
        .returning();
      if (shipped) {
        await db.insert(orderEvents).values({ orderId: order!.id, kind: "shipped", at: new Date(placedAt.getTime() + DAY), detail: {} });
        await db.insert(trackingEvents).values({ allocationId: alloc!.id, eventKey: `e-${alloc!.id}-1`, status: "in_transit", sequence: 10, happenedAt: new Date(placedAt.getTime() + DAY), location: "Reno, NV", carrier: "USPS" });
      }
    }
  }
  const shippedOrderId = orderIds[stages.indexOf("shipped")]!;
  const receivedOrderId = orderIds[0]!;

  const exRows = await db
    .insert(exceptions)
    .values([
      {
        shopDomain: domain,
        kind: "unroutable_order",
        subject: `order:${orderIds[5]}`,
        dedupeKey: `${domain}:unroutable:${orderIds[5]}`,
        code: "NO_STOCK",
        reason: "operator detail: no warehouse with stock for HAT-GRN x2 to GB",
        merchantMessage: `No warehouse has 2 × ${skus[2]} for Great Britain. Add stock or a lane, then retry.`,
        replay: { queue: "route-order", data: { orderId: orderIds[5], revision: 1 }, jobId: `route-${orderIds[5]}-r1` },
      },
      {
        shopDomain: domain,
        kind: "malformed_webhook",
        subject: "inbox:77",
        dedupeKey: `${domain}:malformed:77`,
        code: "INVALID_JSON",
        reason: "operator detail: Unexpected token at byte 812",
        replay: null,
      },
    ])
    .returning({ id: exceptions.id });

  await db.insert(channelConnections).values([
    { shopId, channel: "shopify", externalAccountId: domain, status: "connected", lastWebhookAt: new Date(now.getTime() - 5 * 60_000) },
    { shopId, channel: "etsy", externalAccountId: `${tag}-etsy-shop`, status: "needs_reauth", lastWebhookAt: new Date(now.getTime() - 3 * DAY) },
  ]);

  return {
    shopId,
    domain,
    warehouseIds: [hcm.id, reno.id],
    orderIds,
    shippedOrderId,
    receivedOrderId,
    exceptionIds: exRows.map((r) => r.id),
    replayableExceptionId: exRows[0]!.id,
    skus,
  };
}
