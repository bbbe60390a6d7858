/**
 * The production path of requireShop: Shopify's session token (contract §6.1) through
 * authenticate.admin, with each shop's offline session already stored (as after token exchange).
 * A token for shop B yields shop B's data only; a token signed with another secret gets nothing.
 */
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionTable } from "../../../app/db/schema";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { seedAdminShop, type SeededShop } from "./seed-admin";
import { callRoute } from "../../helpers/call-route";

const API_KEY = "test-api-key";
const API_SECRET = "test-api-secret-0123456789";
const SCOPES = "read_orders,write_fulfillments";

let world: IsolatedWorld;
let a: SeededShop;
let b: SeededShop;
let ordersRoute: typeof import("../../../app/routes/app.orders._index");
let orderRoute: typeof import("../../../app/routes/app.orders.$id");

/** A session token as App Bridge sends it: HS256 with the app secret, aud = API key, dest = shop. */
async function sessionToken(shop: string, secret = API_SECRET) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: API_KEY, sub: "42", sid: `sid-${shop}`, jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt(now - 5)
    .setNotBefore(now - 5)
    .setExpirationTime(now + 60)
    .sign(new TextEncoder().encode(secret));
}

async function call(handler: (args: never) => Promise<unknown>, path: string, token: string, params: Record<string, string> = {}) {
  const request = new Request(`http://127.0.0.1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return callRoute(handler, request, params);
}

beforeAll(async () => {
  world = await isolatedWorld();
  Object.assign(process.env, {
    NODE_ENV: "test",
    CORRIDOR_DEMO_MODE: "0",
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SCOPES,
    SHOPIFY_APP_URL: "https://corridor.example",
    DATABASE_URL: world.databaseUrl,
    REDIS_URL: world.redisUrl,
    QUEUE_PREFIX: world.queuePrefix,
    LOG_LEVEL: "silent",
  });
  a = await seedAdminShop(world.db, "alpha-store.myshopify.com", { tag: "ALPHA" });
  b = await seedAdminShop(world.db, "bravo-store.myshopify.com", { tag: "BRAVO" });
  // Offline sessions as token exchange would have stored them (expiring tokens, an hour left).
  for (const shop of [a.domain, b.domain]) {
    await world.db.insert(sessionTable).values({
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      scope: SCOPES,
      accessToken: `shpat_test_${shop}`,
      expires: new Date(Date.now() + 3600_000),
      refreshToken: `shprt_test_${shop}`,
      refreshTokenExpires: new Date(Date.now() + 30 * 86_400_000),
    });
  }
  ordersRoute = await import("../../../app/routes/app.orders._index");
  orderRoute = await import("../../../app/routes/app.orders.$id");
});

afterAll(async () => {
  const { closeDb } = await import("../../../app/db/db.server");
  await closeDb();
  await world?.cleanup();
});

describe("requireShop inside Shopify admin", () => {
  it("gives a session token for shop B shop B's orders only", async () => {
    const list = (await call(ordersRoute.loader, "/app/orders", await sessionToken(b.domain))) as { rows: { name: string }[] };
    expect(list.rows).toHaveLength(12);
    expect(list.rows.every((r) => r.name.startsWith("#BRAVO"))).toBe(true);
  });

  it("answers 404 to shop B's token for shop A's order", async () => {
    const res = (await call(orderRoute.loader, `/app/orders/${a.shippedOrderId}`, await sessionToken(b.domain), { id: String(a.shippedOrderId) })) as Response;
    expect(res.status).toBe(404);
  });

  it("refuses a token signed with another secret", async () => {
    const res = (await call(ordersRoute.loader, "/app/orders", await sessionToken(a.domain, "not-the-app-secret"))) as Response;
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(401);
  });
});
