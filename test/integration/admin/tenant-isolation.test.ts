/**
 * Every admin loader and action, called as shop B, must see and change nothing of shop A. Each
 * case also runs as shop A, so a loader that returned nothing to anyone would fail here too.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skus } from "../../../app/db/schema";
import { allocations, channelConnectAttempts, channelConnections, exceptions, inventoryLevels, orders, shops, warehouseLanes, warehouses } from "../../../app/db/schema";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { seedAdminShop, type SeededShop } from "./seed-admin";
import { callRoute } from "../../helpers/call-route";

let world: IsolatedWorld;
let a: SeededShop;
let b: SeededShop;
let cookieA: string;
let cookieB: string;
let routes: Awaited<ReturnType<typeof loadRoutes>>;
let closeQueues: () => Promise<void>;

async function loadRoutes() {
  return {
    app: await import("../../../app/routes/app"),
    home: await import("../../../app/routes/app._index"),
    orders: await import("../../../app/routes/app.orders._index"),
    order: await import("../../../app/routes/app.orders.$id"),
    orderDocument: await import("../../../app/routes/app.orders.$id.documents.$allocationId.$kind"),
    exceptions: await import("../../../app/routes/app.exceptions"),
    warehouses: await import("../../../app/routes/app.warehouses._index"),
    warehouse: await import("../../../app/routes/app.warehouses.$id/route"),
    inventory: await import("../../../app/routes/app.inventory"),
    channels: await import("../../../app/routes/app.channels"),
    settings: await import("../../../app/routes/app.settings"),
    products: await import("../../../app/routes/app.products._index/route"),
    product: await import("../../../app/routes/app.products.$id/route"),
  };
}

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;

/** Calls a loader or action like Remix does; a thrown Response (404) is returned as the result. */
async function call(handler: Handler, path: string, cookie: string, opts: { params?: Record<string, string>; form?: Record<string, string | string[]> } = {}) {
  const init: RequestInit = { headers: { Cookie: cookie } };
  if (opts.form) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.form)) for (const item of [v].flat()) body.append(k, item);
    init.method = "POST";
    init.body = body;
  }
  return callRoute(handler, new Request(`http://127.0.0.1${path}`, init), opts.params);
}

const json = (value: unknown) => JSON.stringify(value);

beforeAll(async () => {
  world = await isolatedWorld();
  Object.assign(process.env, {
    NODE_ENV: "test",
    CORRIDOR_DEMO_MODE: "1",
    SHOPIFY_API_KEY: "test-api-key",
    SHOPIFY_API_SECRET: "test-api-secret-0123456789",
    SCOPES: "read_orders,write_fulfillments",
    SHOPIFY_APP_URL: "http://127.0.0.1",
    DATABASE_URL: world.databaseUrl,
    REDIS_URL: world.redisUrl,
    QUEUE_PREFIX: world.queuePrefix,
    LOG_LEVEL: "silent",
    // Etsy configured (never called here: starting a connect only builds the consent URL).
    ETSY_KEYSTRING: "isolation-keystring",
    ETSY_SHARED_SECRET: "isolation-secret",
    ETSY_API_ORIGIN: "http://127.0.0.1:9",
  });
  a = await seedAdminShop(world.db, "alpha-store.myshopify.com", { tag: "ALPHA" });
  b = await seedAdminShop(world.db, "bravo-store.myshopify.com", { tag: "BRAVO" });
  const { demoSignInCookie } = await import("../../../app/auth/demo-session.server");
  // The signed cookie is what a browser gets from /demo/sign-in; minting one per shop gives two sessions.
  cookieA = (await demoSignInCookie(a.domain)).split(";")[0]!;
  cookieB = (await demoSignInCookie(b.domain)).split(";")[0]!;
  const { createQueues } = await import("../../../app/queues/queues.server");
  const { queueAdminCommands, setAdminCommands } = await import("../../../app/routes/admin-commands.server");
  const queues = createQueues(world.redisUrl, world.queuePrefix);
  setAdminCommands(queueAdminCommands(queues));
  closeQueues = () => queues.close();
  routes = await loadRoutes();
});

afterAll(async () => {
  await closeQueues?.();
  const { closeDb } = await import("../../../app/db/db.server");
  await closeDb();
  await world?.cleanup();
});

describe("admin loaders are scoped to the signed-in shop", () => {
  it("refuses a request without a session by sending it to the demo sign-in", async () => {
    const res = (await call(routes.home.loader as Handler, "/app", "")) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/demo\/sign-in/);
  });

  it("refuses a cookie signed with another secret", async () => {
    const forged = cookieA.replace(/\.[^.]+$/, ".forgedsignature");
    const res = (await call(routes.home.loader as Handler, "/app", forged)) as Response;
    expect(res.status).toBe(302);
  });

  it("shows the app shell the shop's own domain", async () => {
    expect(await call(routes.app.loader as Handler, "/app", cookieB)).toMatchObject({ shopDomain: b.domain, embedded: false });
  });

  it("home counts only the shop's orders, exceptions, stock and chart", async () => {
    const homeA = (await call(routes.home.loader as Handler, "/app", cookieA)) as Awaited<ReturnType<typeof routes.home.loader>>;
    const homeB = (await call(routes.home.loader as Handler, "/app", cookieB)) as Awaited<ReturnType<typeof routes.home.loader>>;
    // Both shops were seeded identically, so equal figures prove neither sees the other's rows.
    expect(homeA.stages).toEqual(homeB.stages);
    expect(homeB.stages.received).toBe(2);
    expect(homeB.exceptionsOpen).toBe(2);
    expect(json(homeB)).not.toContain("ALPHA");
    expect(json(homeA)).toContain("ALPHA");
  });

  it("the orders list and its filter options hold only the shop's orders and warehouses", async () => {
    const listB = (await call(routes.orders.loader as Handler, "/app/orders", cookieB)) as Awaited<ReturnType<typeof routes.orders.loader>>;
    expect(listB.rows).toHaveLength(12);
    expect(listB.rows.every((r) => r.name.startsWith("#BRAVO"))).toBe(true);
    expect(json(listB)).not.toContain("ALPHA");
    // Filtering by the other shop's warehouse id yields nothing rather than its orders.
    const byForeignWarehouse = (await call(routes.orders.loader as Handler, `/app/orders?warehouse=${a.warehouseIds[1]}`, cookieB)) as typeof listB;
    expect(byForeignWarehouse.rows).toHaveLength(0);
    const byOwnWarehouse = (await call(routes.orders.loader as Handler, `/app/orders?warehouse=${a.warehouseIds[1]}`, cookieA)) as typeof listB;
    expect(byOwnWarehouse.rows.length).toBeGreaterThan(0);
  });

  it("another shop's order page answers 404, like a missing order", async () => {
    const res = (await call(routes.order.loader as Handler, `/app/orders/${a.shippedOrderId}`, cookieB, { params: { id: String(a.shippedOrderId) } })) as Response;
    expect(res.status).toBe(404);
    const own = (await call(routes.order.loader as Handler, `/app/orders/${a.shippedOrderId}`, cookieA, { params: { id: String(a.shippedOrderId) } })) as { order: { name: string }; shipments: unknown[] };
    expect(own.order.name).toMatch(/^#ALPHA/);
    expect(own.shipments).toHaveLength(1);
  });

  it("exceptions, warehouses, inventory, channels and settings list only the shop's rows", async () => {
    for (const [route, path] of [
      [routes.exceptions, "/app/exceptions"],
      [routes.warehouses, "/app/warehouses"],
      [routes.inventory, "/app/inventory"],
      [routes.channels, "/app/channels"],
      [routes.settings, "/app/settings"],
    ] as const) {
      const asB = await call(route.loader as Handler, path, cookieB);
      expect(json(asB), path).not.toContain("ALPHA");
      expect(json(asB), path).not.toContain("alpha-store");
    }
    const exB = (await call(routes.exceptions.loader as Handler, "/app/exceptions", cookieB)) as Awaited<ReturnType<typeof routes.exceptions.loader>>;
    expect(exB.exceptions.map((e) => Number(e.id)).sort()).toEqual([...b.exceptionIds].sort());
    const invA = (await call(routes.inventory.loader as Handler, "/app/inventory", cookieA)) as Awaited<ReturnType<typeof routes.inventory.loader>>;
    expect(invA.rows.map((r) => r.sku)).toEqual([...a.skus].sort());
  });

  it("another shop's customs document answers 404; the shop's own is a PDF", async () => {
    // GIVEN shop A's shipped order made printable: customs data on its line, a full canonical order, a cross-border shipment
    const orderId = a.shippedOrderId;
    const [alloc] = await world.db.select().from(allocations).where(eq(allocations.orderId, orderId));
    const { orderLines } = await import("../../../app/db/schema");
    await world.db.update(orderLines).set({ hsCode: "610910", countryOfOrigin: "VN" }).where(eq(orderLines.orderId, orderId));
    const [o] = await world.db.select().from(orders).where(eq(orders.id, orderId));
    const lines = await world.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
    await world.db.update(orders).set({ canonical: { ...o!.canonical, channel: o!.channel, name: o!.name, currency: "USD", shopDomain: a.domain, lines: lines.map((l) => ({ externalLineId: l.externalLineId, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, currency: l.currency, weightGrams: 300 })), shipTo: { countryCode: o!.destinationCountry, city: "Reno", name: "Pat Lee" } } }).where(eq(orders.id, orderId));
    await world.db.update(allocations).set({ crossBorder: true, incoterm: "DDP" }).where(eq(allocations.id, alloc!.id));
    const { allocationLines } = await import("../../../app/db/schema");
    await world.db.insert(allocationLines).values(lines.map((l) => ({ allocationId: alloc!.id, orderLineId: l.id, sku: l.sku, quantity: l.quantity }))).onConflictDoNothing();
    const params = { id: String(orderId), allocationId: String(alloc!.id), kind: "commercial-invoice" };
    const path = `/app/orders/${orderId}/documents/${alloc!.id}/commercial-invoice`;
    // WHEN shop B asks for it, directly or under one of its own order ids THEN 404, like a missing shipment
    expect(((await call(routes.orderDocument.loader as Handler, path, cookieB, { params })) as Response).status).toBe(404);
    expect(((await call(routes.orderDocument.loader as Handler, path, cookieB, { params: { ...params, id: String(b.shippedOrderId) } })) as Response).status).toBe(404);
    // AND shop A gets the PDF
    const own = (await call(routes.orderDocument.loader as Handler, path, cookieA, { params })) as Response;
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("application/pdf");
    expect(Buffer.from(await own.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("another shop's warehouse page answers 404", async () => {
    const res = (await call(routes.warehouse.loader as Handler, `/app/warehouses/${a.warehouseIds[0]}`, cookieB, { params: { id: String(a.warehouseIds[0]) } })) as Response;
    expect(res.status).toBe(404);
  });
});

describe("admin actions cannot touch another shop's data", () => {
  it("rerouting another shop's order changes nothing and enqueues nothing", async () => {
    const result = await call(routes.order.action as Handler, `/app/orders/${a.receivedOrderId}`, cookieB, { params: { id: String(a.receivedOrderId) }, form: { intent: "reroute" } });
    expect(result).toMatchObject({ ok: false });
    const [row] = await world.db.select({ revision: orders.revision }).from(orders).where(eq(orders.id, a.receivedOrderId));
    expect(row!.revision).toBe(1);
    const { createQueues } = await import("../../../app/queues/queues.server");
    const queues = createQueues(world.redisUrl, world.queuePrefix);
    try {
      expect(await queues.get("route-order").getJob(`route-${a.receivedOrderId}-r2`)).toBeUndefined();
      // WHEN its own shop reroutes THEN the revision moves and the routing job exists.
      expect(await call(routes.order.action as Handler, `/app/orders/${a.receivedOrderId}`, cookieA, { params: { id: String(a.receivedOrderId) }, form: { intent: "reroute" } })).toMatchObject({ ok: true });
      expect(await queues.get("route-order").getJob(`route-${a.receivedOrderId}-r2`)).toBeDefined();
    } finally {
      await queues.close();
    }
  });

  it("resending tracking of another shop's order finds nothing to send", async () => {
    const asB = await call(routes.order.action as Handler, `/app/orders/${a.shippedOrderId}`, cookieB, { params: { id: String(a.shippedOrderId) }, form: { intent: "resend-tracking" } });
    expect(asB).toEqual({ ok: false, error: "order.action.noTracking" });
    const asA = await call(routes.order.action as Handler, `/app/orders/${a.shippedOrderId}`, cookieA, { params: { id: String(a.shippedOrderId) }, form: { intent: "resend-tracking" } });
    expect(asA).toEqual({ ok: true, message: "order.action.trackingQueued" });
  });

  it("retrying or dismissing another shop's exceptions leaves them open", async () => {
    for (const intent of ["retry", "dismiss"]) {
      await call(routes.exceptions.action as Handler, "/app/exceptions", cookieB, { form: { intent, id: a.exceptionIds.map(String) } });
    }
    const open = await world.db.select().from(exceptions).where(and(eq(exceptions.shopDomain, a.domain), eq(exceptions.status, "open")));
    expect(open).toHaveLength(2);
    // WHEN shop A bulk-retries both THEN the replayable one is re-enqueued and resolved, the other stays open.
    const result = await call(routes.exceptions.action as Handler, "/app/exceptions", cookieA, { form: { intent: "retry", id: a.exceptionIds.map(String) } });
    expect(result).toMatchObject({ tone: "warning", key: "exceptions.result.retriedSome", vars: { count: 1, skipped: 1 } });
    const { createQueues } = await import("../../../app/queues/queues.server");
    const queues = createQueues(world.redisUrl, world.queuePrefix);
    try {
      const order = a.orderIds[5]!;
      const job = await queues.get("route-order").getJob(`route-${order}-r1-retry-${a.replayableExceptionId}`);
      expect(job?.data).toMatchObject({ orderId: order, revision: 1 });
    } finally {
      await queues.close();
    }
    const after = await world.db.select({ id: exceptions.id, status: exceptions.status }).from(exceptions).where(eq(exceptions.shopDomain, a.domain));
    expect(after.find((e) => e.id === a.replayableExceptionId)!.status).toBe("resolved");
    expect(after.filter((e) => e.status === "open")).toHaveLength(1);
  });

  it("editing another shop's warehouse, lanes or connection test is refused", async () => {
    const form = {
      intent: "save", code: "HIJACK", name: "Hijacked", connector: "sandbox", countryCode: "US", kind: "overseas", cutoffTime: "14:00",
      timeZone: "UTC", priority: "0", handlingFee: "0", feeCurrency: "USD", active: "on", lanes: "[]",
    };
    const res = (await call(routes.warehouse.action as Handler, `/app/warehouses/${a.warehouseIds[0]}`, cookieB, { params: { id: String(a.warehouseIds[0]) }, form })) as Response;
    expect(res.status).toBe(404);
    const test = (await call(routes.warehouse.action as Handler, `/app/warehouses/${a.warehouseIds[0]}`, cookieB, { params: { id: String(a.warehouseIds[0]) }, form: { intent: "test-connection" } })) as Response;
    expect(test.status).toBe(404);
    const [wh] = await world.db.select().from(warehouses).where(eq(warehouses.id, a.warehouseIds[0]!));
    expect(wh!.code).toBe("VN-HCM");
    expect(await world.db.select().from(warehouseLanes).where(eq(warehouseLanes.warehouseId, a.warehouseIds[0]!))).toHaveLength(1);
  });

  it("GIVEN a warehouse with connector secrets WHEN its own shop saves the form THEN the API key, webhook secret and location id survive", async () => {
    const id = a.warehouseIds[1]!;
    const secrets = { apiKey: "key-kept", webhookSecret: "whsec-kept", partnerLocationId: "US-RNO" };
    await world.db.update(warehouses).set({ connectorConfig: { baseUrl: "http://old.example", ...secrets }, capabilities: { lithium: true, prohibited: ["UN1263"] } }).where(eq(warehouses.id, id));
    const [before] = await world.db.select().from(warehouses).where(eq(warehouses.id, id));
    const form = {
      intent: "save", code: before!.code, name: "Renamed", connector: "sandbox", baseUrl: "https://3pl.example", countryCode: before!.countryCode, kind: before!.kind,
      cutoffTime: "14:00", timeZone: "UTC", priority: "0", handlingFee: "0", feeCurrency: "USD", active: "on", lanes: "[]",
    };
    expect(await call(routes.warehouse.action as Handler, `/app/warehouses/${id}`, cookieA, { params: { id: String(id) }, form })).toEqual({ kind: "saved" });
    const [after] = await world.db.select().from(warehouses).where(eq(warehouses.id, id));
    expect(after).toMatchObject({ name: "Renamed", connectorConfig: { baseUrl: "https://3pl.example", ...secrets }, capabilities: { lithium: false, ddp: false, prohibited: ["UN1263"] } });
    // An emptied URL field removes the URL, and still only the URL.
    await call(routes.warehouse.action as Handler, `/app/warehouses/${id}`, cookieA, { params: { id: String(id) }, form: { ...form, baseUrl: "" } });
    const [cleared] = await world.db.select().from(warehouses).where(eq(warehouses.id, id));
    expect(cleared!.connectorConfig).toEqual(secrets);
  });

  it("a warehouse created by a shop belongs to that shop only", async () => {
    const form = {
      intent: "save", code: "gb-lon", name: "London", connector: "sandbox", countryCode: "gb", kind: "overseas", cutoffTime: "15:30",
      timeZone: "Europe/London", priority: "2", handlingFee: "150", feeCurrency: "gbp", active: "on",
      lanes: JSON.stringify([{ destinations: ["GB", "IE"], mode: "ground", carrier: "Royal Mail", transitDaysMin: 1, transitDaysMax: 3, baseCost: 300, perKgCost: 80, currency: "GBP", allowsLithium: false, ddp: false }]),
    };
    const res = (await call(routes.warehouse.action as Handler, "/app/warehouses/new", cookieB, { params: { id: "new" }, form })) as Response;
    expect(res.status).toBe(302);
    const [created] = await world.db.select().from(warehouses).where(eq(warehouses.code, "GB-LON"));
    expect(created).toMatchObject({ shopId: b.shopId, countryCode: "GB", feeCurrency: "GBP", handlingFee: 150 });
    expect(await world.db.select().from(warehouseLanes).where(eq(warehouseLanes.warehouseId, created!.id))).toHaveLength(1);
    const listA = (await call(routes.warehouses.loader as Handler, "/app/warehouses", cookieA)) as Awaited<ReturnType<typeof routes.warehouses.loader>>;
    expect(listA.warehouses.map((w) => w.code)).not.toContain("GB-LON");
  });

  it("setting a safety buffer on another shop's stock is refused", async () => {
    const form = { warehouseId: String(a.warehouseIds[0]), sku: a.skus[0]!, safetyBuffer: "99" };
    expect(await call(routes.inventory.action as Handler, "/app/inventory", cookieB, { form })).toEqual({ ok: false, key: "inventory.buffer.notFound" });
    const [level] = await world.db.select().from(inventoryLevels).where(and(eq(inventoryLevels.warehouseId, a.warehouseIds[0]!), eq(inventoryLevels.sku, a.skus[0]!)));
    expect(level!.safetyBuffer).toBe(5);
    expect(await call(routes.inventory.action as Handler, "/app/inventory", cookieA, { form })).toEqual({ ok: true, key: "inventory.buffer.saved" });
  });

  it("saving settings changes only the signed-in shop", async () => {
    const form = { routingPolicy: "fastest", promiseDays: "7", maxSplits: "3", lowStockThreshold: "12", language: "vi" };
    expect(await call(routes.settings.action as Handler, "/app/settings", cookieB, { form })).toEqual({ ok: true });
    const rows = await world.db.select({ domain: shops.domain, settings: shops.settings }).from(shops);
    expect(rows.find((r) => r.domain === b.domain)!.settings).toMatchObject({ routingPolicy: "fastest", promiseDays: 7, language: "vi" });
    expect(rows.find((r) => r.domain === a.domain)!.settings).not.toHaveProperty("routingPolicy");
    // The chosen language now drives shop B's shell, not shop A's.
    expect(await call(routes.app.loader as Handler, "/app", cookieB)).toMatchObject({ locale: "vi" });
    expect(await call(routes.app.loader as Handler, "/app", cookieA)).toMatchObject({ locale: "en" });
  });

  it("cancelling another shop's order at the warehouse finds nothing and cancels nothing", async () => {
    // orderIds[1] is routed: its allocation is reserved, never sent to the warehouse.
    const routed = a.orderIds[1]!;
    const asB = await call(routes.order.action as Handler, `/app/orders/${routed}`, cookieB, { params: { id: String(routed) }, form: { intent: "cancel-at-warehouse" } });
    expect(asB).toEqual({ ok: false, error: "order.action.nothingToCancel" });
    const before = await world.db.select({ status: allocations.status }).from(allocations).where(eq(allocations.orderId, routed));
    expect(before).toEqual([{ status: "reserved" }]);
    // WHEN its own shop cancels THEN the allocation is cancelled and the banner says how many.
    const asA = await call(routes.order.action as Handler, `/app/orders/${routed}`, cookieA, { params: { id: String(routed) }, form: { intent: "cancel-at-warehouse" } });
    expect(asA).toEqual({ ok: true, message: "order.action.cancelled", vars: { count: 1 } });
    const after = await world.db.select({ status: allocations.status }).from(allocations).where(eq(allocations.orderId, routed));
    expect(after).toEqual([{ status: "cancelled" }]);
  });

  it("cancelling a shipped order at the warehouse answers too late with the tracking number", async () => {
    const asA = await call(routes.order.action as Handler, `/app/orders/${a.shippedOrderId}`, cookieA, { params: { id: String(a.shippedOrderId) }, form: { intent: "cancel-at-warehouse" } });
    expect(asA).toMatchObject({ ok: false, error: "order.action.cancelTooLate", tone: "warning", vars: { reason: expect.stringMatching(/^tracking 9400ALPHA/) } });
  });

  it("connecting a channel starts a connect bound to the signed-in shop, and no shop sees another's reconnect reason", async () => {
    // GIVEN shop A's Etsy connection needs reconnecting, with the platform's reason
    await world.db.update(channelConnections).set({ statusReason: "etsy: ALPHA grant revoked" }).where(and(eq(channelConnections.shopId, a.shopId), eq(channelConnections.channel, "etsy")));
    // WHEN shop B clicks Reconnect Etsy
    const res = (await call(routes.channels.action as Handler, "/app/channels", cookieB, { form: { channel: "etsy" } })) as Response;
    // THEN the consent starts for B only
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^http:\/\/127\.0\.0\.1:9\/oauth\/connect\?/);
    expect((await world.db.select().from(channelConnectAttempts)).map((r) => r.shopId)).toEqual([b.shopId]);
    // AND only A's page shows A's reason
    expect(json(await call(routes.channels.loader as Handler, "/app/channels", cookieB))).not.toContain("ALPHA grant revoked");
    expect(json(await call(routes.channels.loader as Handler, "/app/channels", cookieA))).toContain("ALPHA grant revoked");
  });

  it("a stock sync runs on the shop's own connection and its progress is visible to that shop only", async () => {
    const [connA] = await world.db.select().from(channelConnections).where(and(eq(channelConnections.shopId, a.shopId), eq(channelConnections.channel, "shopify")));
    const [connB] = await world.db.select().from(channelConnections).where(and(eq(channelConnections.shopId, b.shopId), eq(channelConnections.channel, "shopify")));
    const res = (await call(routes.inventory.action as Handler, "/app/inventory", cookieA, { form: { intent: "sync-stock", connectionId: String(connB!.id) } })) as Response;
    expect(res.status).toBe(302);
    const jobId = new URL(res.headers.get("Location")!, "http://x").searchParams.get("sync")!;
    // The form's connectionId is ignored: the job is for shop A's own storefront.
    expect(jobId).toMatch(new RegExp(`^stock-${connA!.id}-manual-\\d+$`));
    const { createQueues } = await import("../../../app/queues/queues.server");
    const queues = createQueues(world.redisUrl, world.queuePrefix);
    try {
      const job = await queues.get("push-stock").getJob(jobId);
      expect(job?.data).toMatchObject({ connectionId: connA!.id });
    } finally {
      await queues.close();
    }
    type Inv = Awaited<ReturnType<typeof routes.inventory.loader>>;
    const asA = (await call(routes.inventory.loader as Handler, `/app/inventory?sync=${jobId}`, cookieA)) as Inv;
    expect(asA.sync).toEqual({ state: "pending" });
    expect(asA.canSync).toBe(true);
    expect(asA.health).toMatchObject({ pushes: 0, failedPushes: 0 });
    const asB = (await call(routes.inventory.loader as Handler, `/app/inventory?sync=${jobId}`, cookieB)) as Inv;
    expect(asB.sync).toBeNull();
  });
});

describe("products (customs data per SKU) are scoped to the signed-in shop", () => {
  it("lists, opens, edits, imports and pulls only the shop's own SKUs", async () => {
    const [skuA] = await world.db.insert(skus).values({ shopId: a.shopId, sku: "ALPHA-SKU", title: "ALPHA only", hsCode: "610910" }).returning();
    type Products = { rows: { sku: string }[]; gaps: { total: number } };
    const listB = (await call(routes.products.loader as Handler, "/app/products?q=ALPHA", cookieB)) as Products;
    expect(listB.rows).toEqual([]);
    expect(json(await call(routes.products.loader as Handler, "/app/products", cookieB))).not.toContain("ALPHA");
    expect(((await call(routes.products.loader as Handler, "/app/products?q=ALPHA", cookieA)) as Products).rows.map((r) => r.sku)).toEqual(["ALPHA-SKU"]);
    const params = { id: String(skuA!.id) };
    expect(((await call(routes.product.loader as Handler, `/app/products/${skuA!.id}`, cookieB, { params })) as Response).status).toBe(404);
    expect(((await call(routes.product.action as Handler, `/app/products/${skuA!.id}`, cookieB, { params, form: { hs_code: "999999" } })) as Response).status).toBe(404);
    // A CSV naming shop A's SKU, uploaded by shop B, creates shop B's own row; a Shopify pull without B's token writes nothing.
    const upload = new FormData();
    upload.append("intent", "import-csv");
    upload.append("file", new File(["sku,hs_code\nALPHA-SKU,999999\n"], "b.csv"));
    await routes.products.action({ request: new Request("http://127.0.0.1/app/products", { method: "POST", body: upload, headers: { Cookie: cookieB } }), params: {}, context: {} });
    expect(await call(routes.products.action as Handler, "/app/products", cookieB, { form: { intent: "pull-shopify" } })).toMatchObject({ kind: "pull", ok: false });
    const rows = await world.db.select({ shopId: skus.shopId, hsCode: skus.hsCode }).from(skus).where(eq(skus.sku, "ALPHA-SKU"));
    expect(rows).toEqual(expect.arrayContaining([{ shopId: a.shopId, hsCode: "610910" }, { shopId: b.shopId, hsCode: "999999" }]));
    expect(rows).toHaveLength(2);
  });
});
