/**
 * The operator CLI as operators run it (`corridor …` in a child process) against a real database:
 * --json output parses, and each command does what its usage line says.
 */
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelConnections, sessionTable, webhookInbox } from "../../../app/db/schema";
import { DEVELOPMENT_ENCRYPTION_KEYS, SecretBox } from "../../../app/lib/secret-box.server";
import { offlineAccessToken } from "../../../app/shops/sealed-session-storage.server";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { canonicalOrder, seedOrder } from "../../helpers/seed";
import { runCorridor } from "../../helpers/run-cli";

let world: IsolatedWorld;

beforeAll(async () => {
  world = await isolatedWorld();
});
afterAll(async () => world?.cleanup());

const corridor = (...args: string[]) => runCorridor(world, args);

describe("corridor CLI", () => {
  it("migrates, imports the demo warehouses and lists them as JSON", async () => {
    expect((await corridor("migrate")).code).toBe(0);
    const imported = await corridor("warehouses", "import", "scripts/seed/demo-warehouses.json", "--shop", "cli-demo.myshopify.com", "--json");
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ warehouses: 5 });
    const listed = JSON.parse((await corridor("warehouses", "list", "--shop", "cli-demo.myshopify.com", "--json")).stdout);
    expect(listed.map((w: { code: string }) => w.code)).toContain("VN-HCM");
    expect(listed.find((w: { code: string }) => w.code === "VN-HCM").lanes.length).toBeGreaterThan(0);
  });

  it("refuses an invalid import file naming the bad field, and stores nothing", async () => {
    const bad = path.join(os.tmpdir(), `bad-import-${process.pid}.json`);
    await writeFile(bad, JSON.stringify({ version: 1, products: [], warehouses: [{ code: "x" }] }));
    const result = await corridor("warehouses", "import", bad, "--shop", "bad.myshopify.com");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/warehouses\[0\]\.code/);
  });

  it("explains a what-if route for an order file without storing it", async () => {
    const file = path.join(os.tmpdir(), `order-${process.pid}.json`);
    await writeFile(file, JSON.stringify(canonicalOrder("cli-demo.myshopify.com", [{ sku: "AODAI-SILK-RED-M", quantity: 1 }], { shipTo: { countryCode: "US" } })));
    const result = await corridor("route", "--order", file, "--explain", "--json");
    expect(result.code, result.stderr).toBe(0);
    const decision = JSON.parse(result.stdout);
    expect(decision.status).toBe("routed");
    expect(decision.candidates.length).toBe(5);
    expect(decision.candidates.some((c: { verdict: string }) => c.verdict === "won")).toBe(true);
    expect((await corridor("orders", "list", "--json")).stdout.trim()).toBe("[]");
  });

  it("lists and shows stored orders by <channel>:<external id>", async () => {
    const order = canonicalOrder("cli-demo.myshopify.com", [{ sku: "AODAI-SILK-RED-M", quantity: 1 }], { externalId: "820982911946154508" });
    await seedOrder(world.db, order);
    const listed = JSON.parse((await corridor("orders", "list", "--json")).stdout);
    expect(listed).toEqual([expect.objectContaining({ channel: "shopify", externalId: "820982911946154508" })]);
    const shown = JSON.parse((await corridor("orders", "show", "shopify:820982911946154508", "--json")).stdout);
    expect(shown.canonical.lines[0].sku).toBe("AODAI-SILK-RED-M");
    expect(shown.timeline.map((e: { kind: string }) => e.kind)).toEqual(["received"]);
    const explained = JSON.parse((await corridor("route", "shopify:820982911946154508", "--explain", "--json")).stdout);
    expect(explained.status).toBe("routed");
    expect((await corridor("orders", "show", "shopify:1")).code).toBe(2);
  });

  it("lists failed inbox rows and replays one", async () => {
    const [row] = await world.db
      .insert(webhookInbox)
      .values({ channel: "shopify", deliveryId: "cli-1", topic: "orders/create", shopDomain: "cli-demo.myshopify.com", headers: {}, rawBody: Buffer.from("{"), status: "failed", error: "INVALID_JSON", correlationId: "c" })
      .returning();
    const failed = JSON.parse((await corridor("inbox", "list", "--status", "failed", "--json")).stdout);
    expect(failed).toEqual([expect.objectContaining({ id: row!.id, status: "failed", error: "INVALID_JSON" })]);
    const replayed = await corridor("inbox", "replay", String(row!.id), "--json");
    expect(replayed.code, replayed.stderr).toBe(0);
    expect((await world.db.select().from(webhookInbox).where(eq(webhookInbox.id, row!.id)))[0]!.status).toBe("pending");
    expect((await corridor("inbox", "list", "--status", "nonsense")).code).toBe(2);
  });

  it("connects a store by a custom-app token", async () => {
    const result = await corridor("shops", "connect", "dev-store.myshopify.com", "--token", "shpat_test_123", "--json");
    expect(result.code, result.stderr).toBe(0);
    const [session] = await world.db.select().from(sessionTable).where(eq(sessionTable.id, "offline_dev-store.myshopify.com"));
    expect(session).toMatchObject({ shop: "dev-store.myshopify.com", isOnline: false });
    // Sealed at rest (issue #7), with the development key this environment falls back to.
    expect(session!.accessToken).not.toContain("shpat_test_123");
    expect(await offlineAccessToken(world.db, SecretBox.fromSpec(DEVELOPMENT_ENCRYPTION_KEYS), "dev-store.myshopify.com")).toBe("shpat_test_123");
    expect(await world.db.select().from(channelConnections).where(eq(channelConnections.externalAccountId, "dev-store.myshopify.com"))).toHaveLength(1);
    expect((await corridor("shops", "connect", "not-a-shop", "--token", "x")).code).toBe(2);
  });
});
