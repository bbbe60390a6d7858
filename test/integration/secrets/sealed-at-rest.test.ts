/**
 * Tokens at rest, read back raw from Postgres: channel credentials, warehouse partner keys and
 * Shopify sessions hold envelopes, never the token; the app reads them plain; `corridor secrets rotate` moves every row
 * to the current key, seals legacy plain rows, runs twice without changing anything the second
 * time, and leaves alone what no listed key opens.
 */
import { randomBytes } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { DrizzleSessionStoragePostgres } from "@shopify/shopify-app-session-storage-drizzle";
import { readFile } from "node:fs/promises";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS, type CliContext } from "../../../app/cli/commands";
import { openConnection, saveConnectedAccounts, AccountOwnedElsewhereError } from "../../../app/channels/connection-store.server";
import { findConnection } from "../../../app/channels/marketplace-ingest.server";
import type { Config } from "../../../app/config.server";
import { channelConnections, sessionTable, warehouses } from "../../../app/db/schema";
import { warehouseVerifierFor } from "../../../app/inbox/warehouse-verifier.server";
import { rotateSecrets } from "../../../app/lib/secret-box-rotate.server";
import { SecretBox, secretBoxFor, SecretUnreadableError } from "../../../app/lib/secret-box.server";
import { connectShopByToken } from "../../../app/shops/connect-shop.server";
import { offlineAccessToken, SealedSessionStorage } from "../../../app/shops/sealed-session-storage.server";
import { testConfig } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { seedShop, seedWarehouse } from "../../helpers/seed";
import { connectorFor, openConnectorConfig } from "../../../app/warehouses/connector-config.server";
import { parseWarehouseImportFile } from "../../../app/warehouses/import-file";
import { importWarehouses } from "../../../app/warehouses/import-warehouses.server";
import { signWebhook } from "../../../app/warehouses/sandbox/verify";

let world: IsolatedWorld;
let config: Config;
let box: SecretBox;
/** The keys after the operator's rotation (set by the first rotation test). */
let rotatedKeys: string;

const key = () => randomBytes(32).toString("base64");
const etsyCredentials = (n: number) => ({
  accessToken: `12345.access-${n}-secretvalue`,
  refreshToken: `12345.refresh-${n}-secretvalue`,
  accessTokenExpiresAt: "2030-01-01T00:00:00.000Z",
  userId: "12345",
  shopId: `shop-${n}`,
});
/** Every stored secret as Postgres has it, as text. */
const rawConnections = async () => [...(await world.db.execute<{ id: string; raw: string }>(sql`SELECT id::text, credentials::text AS raw FROM channel_connections ORDER BY id`))];
const rawSessions = async () => [...(await world.db.execute<{ id: string; raw: string }>(sql`SELECT id, concat_ws(' ', "accessToken", "refreshToken") AS raw FROM session ORDER BY id`))];

async function rotate(keys: string) {
  const printed: unknown[] = [];
  const ctx: CliContext = {
    databaseUrl: world.databaseUrl,
    db: () => world,
    queues: () => {
      throw new Error("not used");
    },
    out: { json: true, print: (data) => void printed.push(data) },
    args: [],
    flags: {},
    encryptionKeys: keys,
  };
  await COMMANDS["secrets rotate"]!.run(ctx);
  return printed[0] as { currentKid: string; connections: { scanned: number; resealed: number; unreadable: string[] }; sessions: { scanned: number; resealed: number } };
}

beforeAll(async () => {
  world = await isolatedWorld();
  config = testConfig(world);
  box = secretBoxFor(config);
});
afterAll(async () => {
  await world?.cleanup();
});

describe("channel credentials at rest", () => {
  it("stores a connected account's tokens sealed and gives them back plain", async () => {
    // GIVEN a shop; WHEN an Etsy account is saved as completeConnect returned it
    const shop = await seedShop(world.db, "sealed-a.myshopify.com");
    await saveConnectedAccounts(world.db, box, shop.id, "etsy", [{ externalAccountId: "shop-1", credentials: etsyCredentials(1) }], new Date());
    // THEN Postgres holds no token, the non-secret fields stay readable in SQL…
    const [raw] = await rawConnections();
    expect(raw!.raw).not.toContain("secretvalue");
    expect(raw!.raw).toContain('"shopId": "shop-1"');
    // …and the app's read gives the plain credentials back
    const connection = await findConnection({ db: world.db, config }, "etsy", "shop-1");
    expect(connection!.credentials).toEqual(etsyCredentials(1));
  });

  it("refuses to move an account that another Corridor shop owns", async () => {
    const other = await seedShop(world.db, "sealed-b.myshopify.com");
    await expect(saveConnectedAccounts(world.db, box, other.id, "etsy", [{ externalAccountId: "shop-1", credentials: etsyCredentials(9) }], new Date())).rejects.toThrow(AccountOwnedElsewhereError);
    const connection = await findConnection<Record<string, string>>({ db: world.db, config }, "etsy", "shop-1");
    expect(connection!.credentials.accessToken).toBe(etsyCredentials(1).accessToken);
  });

  it("fails clearly when the process has the wrong key", async () => {
    const stranger = testConfig(world, { CORRIDOR_ENCRYPTION_KEYS: `test1:${key()}` });
    await expect(findConnection<Record<string, string>>({ db: world.db, config: stranger }, "etsy", "shop-1")).rejects.toThrow(SecretUnreadableError);
  });
});

describe("Shopify sessions at rest", () => {
  it("seals the offline token of a shop connected by token", async () => {
    await connectShopByToken(world.db, "sealed-c.myshopify.com", "shpat_connect_secretvalue", box);
    expect((await rawSessions()).map((r) => r.raw).join()).not.toContain("secretvalue");
    expect(await offlineAccessToken(world.db, box, "sealed-c.myshopify.com")).toBe("shpat_connect_secretvalue");
  });

  it("stores and loads sessions through the Shopify storage with access and refresh tokens sealed", async () => {
    // GIVEN the storage shopify.server.ts builds; WHEN the library stores an expiring offline session
    const storage = new SealedSessionStorage(new DrizzleSessionStoragePostgres(world.db, sessionTable), box);
    const session = new Session({ id: "offline_sealed-d.myshopify.com", shop: "sealed-d.myshopify.com", state: "s", isOnline: false, accessToken: "shpat_lib_secretvalue", refreshToken: "shprt_lib_secretvalue", scope: "read_orders" });
    await storage.storeSession(session);
    // THEN neither token is in the table, and every read path gives them back
    const raw = (await rawSessions()).find((r) => r.id === session.id)!.raw;
    expect(raw).not.toContain("secretvalue");
    expect(raw).toContain('"kid":"test1"');
    const loaded = await storage.loadSession(session.id);
    expect([loaded!.accessToken, loaded!.refreshToken]).toEqual(["shpat_lib_secretvalue", "shprt_lib_secretvalue"]);
    expect((await storage.findSessionsByShop("sealed-d.myshopify.com"))[0]!.accessToken).toBe("shpat_lib_secretvalue");
  });
});

describe("corridor secrets rotate", () => {
  it("re-seals every row with the new key, seals legacy plain rows, and is idempotent", async () => {
    // GIVEN a legacy connection and a legacy session stored before encryption (plain tokens)
    const shop = await seedShop(world.db, "sealed-e.myshopify.com");
    await world.db.insert(channelConnections).values({ shopId: shop.id, channel: "tiktok", externalAccountId: "legacy-1", credentials: { accessToken: "legacy-access-secretvalue", refreshToken: "legacy-refresh-secretvalue", shopCipher: "c1" } });
    await world.db.insert(sessionTable).values({ id: "offline_legacy.myshopify.com", shop: "legacy.myshopify.com", state: "s", isOnline: false, accessToken: "shpat_legacy_secretvalue" });
    expect((await rawConnections()).map((r) => r.raw).join()).toContain("legacy-access-secretvalue");
    // AND legacy rows read as they are
    expect((await findConnection<Record<string, string>>({ db: world.db, config }, "tiktok", "legacy-1"))!.credentials.accessToken).toBe("legacy-access-secretvalue");

    // WHEN the operator puts a new key first, keeps the old one, and rotates
    const newKeys = (rotatedKeys = `test2:${key()},${config.CORRIDOR_ENCRYPTION_KEYS}`);
    const first = await rotate(newKeys);

    // THEN every row is under test2 and no token is left in the clear
    expect(first.currentKid).toBe("test2");
    expect(first.connections).toMatchObject({ scanned: 3, resealed: 2, unreadable: [] }); // shop-1 and legacy-1 (the refused save wrote nothing)
    expect(first.sessions).toMatchObject({ scanned: 3, resealed: 3 });
    const everything = [...(await rawConnections()), ...(await rawSessions())].map((r) => r.raw).join("\n");
    expect(everything).not.toContain("secretvalue");
    expect(everything).not.toContain('"kid":"test1"');
    expect(everything).not.toContain('"kid": "test1"');
    // AND the new key alone opens everything
    const onlyNew = testConfig(world, { CORRIDOR_ENCRYPTION_KEYS: newKeys.split(",")[0]! });
    expect((await findConnection<Record<string, string>>({ db: world.db, config: onlyNew }, "etsy", "shop-1"))!.credentials).toEqual(etsyCredentials(1));
    expect((await findConnection<Record<string, string>>({ db: world.db, config: onlyNew }, "tiktok", "legacy-1"))!.credentials).toMatchObject({ accessToken: "legacy-access-secretvalue", shopCipher: "c1" });
    expect(await offlineAccessToken(world.db, secretBoxFor(onlyNew), "legacy.myshopify.com")).toBe("shpat_legacy_secretvalue");

    // WHEN it runs again, THEN nothing changes
    const second = await rotate(newKeys);
    expect(second.connections.resealed + second.sessions.resealed).toBe(0);
  });

  it("names rows no listed key opens and leaves them untouched", async () => {
    // GIVEN a row sealed under a key the operator forgot to list
    const shop = await seedShop(world.db, "sealed-f.myshopify.com");
    const lost = SecretBox.fromSpec(`lost:${key()}`);
    const [row] = await world.db
      .insert(channelConnections)
      .values({ shopId: shop.id, channel: "etsy", externalAccountId: "lost-1", credentials: { accessToken: lost.seal("x", "channel_connections.credentials.accessToken") } })
      .returning();
    // WHEN rotating, THEN the command fails naming it, and the row is as it was
    await expect(rotate(rotatedKeys)).rejects.toThrow(`1 row(s) sealed with a key not in CORRIDOR_ENCRYPTION_KEYS: channel_connections ${row!.id}`);
    const [after] = await world.db.select().from(channelConnections).where(sql`id = ${row!.id}`);
    expect(after!.credentials).toEqual(row!.credentials);
    expect(() => openConnection(lost, after!)).not.toThrow();
  });
});

describe("warehouse partner keys at rest", () => {
  const whsec = `whsec_${randomBytes(24).toString("base64")}`;
  const rawWarehouses = async (shopId: number) =>
    [...(await world.db.execute<{ raw: string }>(sql`SELECT connector_config::text AS raw FROM warehouses WHERE shop_id = ${shopId} ORDER BY id`))].map((r) => r.raw);

  it("imports a partner's API key and signing secret sealed, and every reader gets them plain", async () => {
    // GIVEN the demo network imported with the partner's credentials
    const shop = await seedShop(world.db, "sealed-wh.myshopify.com");
    const parsed = parseWarehouseImportFile(await readFile("scripts/seed/demo-warehouses.json", "utf8"));
    if (!parsed.ok) throw new Error("the demo import file does not parse");
    await importWarehouses(world.db, shop.domain, parsed.file, { sandbox: { baseUrl: "http://127.0.0.1:9", apiKey: "pk-secretvalue", webhookSecret: whsec } }, box);
    // THEN Postgres holds envelopes for both, and the rest plain (SQL and the admin read it)
    const raw = (await rawWarehouses(shop.id)).join("\n");
    expect(raw).not.toContain("pk-secretvalue");
    expect(raw).not.toContain(whsec.slice(6, 20));
    expect(raw).toContain('"baseUrl": "http://127.0.0.1:9"');
    expect(raw).toContain('"kid": "test1"');
    // AND the connector is built from the opened settings
    const [row] = await world.db.select().from(warehouses).where(eq(warehouses.shopId, shop.id)).limit(1);
    expect(openConnectorConfig(box, row!.connectorConfig)).toMatchObject({ apiKey: "pk-secretvalue", webhookSecret: whsec, baseUrl: "http://127.0.0.1:9" });
    expect(() => connectorFor(box, row!)).not.toThrow();
    // AND the intake check verifies a push signed with the secret, and refuses another signature
    const verifier = warehouseVerifierFor(world.sql, box)(`/webhooks/warehouses/sandbox/${shop.id}`)!;
    const body = Buffer.from('{"type":"order.shipped"}');
    const now = new Date();
    const headers = (secret: string) => ({ "webhook-id": "msg_1", "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": signWebhook(secret, "msg_1", Math.floor(now.getTime() / 1000), body) });
    expect(await verifier(headers(whsec), body, now)).toMatchObject({ ok: true, delivery: { deliveryId: "msg_1", shopDomain: shop.domain } });
    expect(await verifier(headers(`whsec_${randomBytes(24).toString("base64")}`), body, now)).toMatchObject({ ok: false });
  });

  it("is sealed by `secrets rotate` when a legacy row holds it plain", async () => {
    // GIVEN a warehouse stored before sealing
    const shop = await seedShop(world.db, "legacy-wh.myshopify.com");
    await seedWarehouse(world.db, shop.id, { code: "US-LEG", country: "US", stock: {}, destinations: ["US"], connectorConfig: { baseUrl: "http://127.0.0.1:9", apiKey: "legacy-pk-secretvalue", webhookSecret: whsec, partnerLocationId: "US-LEG" } });
    const [legacy] = await world.db.select().from(warehouses).where(eq(warehouses.shopId, shop.id));
    expect(openConnectorConfig(box, legacy!.connectorConfig)).toMatchObject({ apiKey: "legacy-pk-secretvalue" });
    // WHEN the operator rotates to a new key
    const rotated = SecretBox.fromSpec(`test3:${key()},${config.CORRIDOR_ENCRYPTION_KEYS}`);
    const report = await rotateSecrets(world.db, rotated);
    // THEN the row is sealed under the new key, and opens to the same settings
    expect(report.warehouses.unreadable).toEqual([]);
    expect(report.warehouses.resealed).toBeGreaterThanOrEqual(1);
    const raw = (await rawWarehouses(shop.id)).join("\n");
    expect(raw).not.toContain("legacy-pk-secretvalue");
    expect(raw).toContain('"kid": "test3"');
    const [after] = await world.db.select().from(warehouses).where(eq(warehouses.shopId, shop.id));
    expect(openConnectorConfig(rotated, after!.connectorConfig)).toEqual(openConnectorConfig(box, legacy!.connectorConfig));
  });
});
