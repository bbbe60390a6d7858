/**
 * Channels in a real browser (Debian's chromium via playwright-core), demo mode, against the Etsy
 * and TikTok Shop sandboxes: a revoked Etsy connection shows its reason and a Reconnect button;
 * clicking it goes through Etsy's consent and back to "Connected"; Connect TikTok Shop does the same.
 * Screenshots go to artifacts/e2e/ (channels-*.png).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../app/auth/demo-session.server";
import { channelConnections } from "../../app/db/schema";
import { TEST_ENCRYPTION_KEYS } from "../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../helpers/isolated";
import { seedShop } from "../helpers/seed";
import { startEtsySandbox, type EtsySandbox } from "../sandboxes/etsy";
import { startTiktokSandbox, type TiktokSandbox } from "../sandboxes/tiktok";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ARTIFACTS = path.join(ROOT, "artifacts", "e2e");
const ETSY_SHOP_ID = 81818181;
const ETSY_USER_ID = 91919191;

let world: IsolatedWorld;
let etsy: EtsySandbox;
let tts: TiktokSandbox;
let shopId: number;
let server: ChildProcess;
let baseUrl: string;
let context: BrowserContext;
let page: Page;
let profileDir: string;
const pageErrors: string[] = [];

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

async function waitForHealth(url: string, child: ChildProcess) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`app/server.ts exited with ${child.exitCode}; see artifacts/e2e/channels-server.log`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("app/server.ts did not become healthy within 60 s");
}

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true, caret: "initial" });
const etsyRow = async () => (await world.db.select().from(channelConnections).where(and(eq(channelConnections.shopId, shopId), eq(channelConnections.channel, "etsy"))))[0]!;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  world = await isolatedWorld();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  etsy = await startEtsySandbox();
  etsy.state.addShop(ETSY_SHOP_ID, ETSY_USER_ID, "SaigonCeramics");
  tts = await startTiktokSandbox({ redirectUri: `${baseUrl}/channels/tiktok/callback` });
  tts.state.addShop("Hanoi Silk US");

  // GIVEN the demo shop whose Etsy connection Etsy stopped honouring (the seller changed password).
  const shop = await seedShop(world.db, DEMO_SHOP_DOMAIN);
  shopId = shop.id;
  await world.db.insert(channelConnections).values([
    { shopId, channel: "shopify", externalAccountId: DEMO_SHOP_DOMAIN, status: "connected", lastWebhookAt: new Date() },
    { shopId, channel: "etsy", externalAccountId: String(ETSY_SHOP_ID), status: "needs_reauth", statusReason: "etsy: invalid_grant: refresh_token is revoked", statusChangedAt: new Date() },
  ]);

  execFileSync(path.join(ROOT, "node_modules", ".bin", "remix"), ["build"], { cwd: ROOT, stdio: "pipe" });
  const executablePath = execFileSync("bash", [path.join(ROOT, "scripts", "ensure-chromium.sh")], { encoding: "utf8" }).trim();
  const log = createWriteStream(path.join(ARTIFACTS, "channels-server.log"));
  server = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "development",
      CORRIDOR_DEMO_MODE: "1",
      DATABASE_URL: world.databaseUrl,
      REDIS_URL: world.redisUrl,
      QUEUE_PREFIX: world.queuePrefix,
      PORT: String(port),
      SHOPIFY_API_KEY: "e2e-api-key",
      SHOPIFY_API_SECRET: "e2e-api-secret-0123456789",
      SCOPES: "read_orders",
      SHOPIFY_APP_URL: baseUrl,
      LOG_LEVEL: "info",
      CORRIDOR_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
      ETSY_KEYSTRING: etsy.keystring,
      ETSY_SHARED_SECRET: etsy.sharedSecret,
      ETSY_API_ORIGIN: etsy.url,
      TIKTOK_APP_KEY: tts.appKey,
      TIKTOK_APP_SECRET: tts.appSecret,
      TIKTOK_API_ORIGIN: tts.url,
      TIKTOK_AUTH_ORIGIN: tts.url,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.pipe(log);
  server.stderr!.pipe(log);
  await waitForHealth(baseUrl, server);

  profileDir = mkdtempSync(path.join(tmpdir(), "corridor-e2e-chromium-"));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
    locale: "en-US",
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/cdn\.shopify\.com|net::ERR_/.test(msg.text() + (msg.location().url ?? ""))) pageErrors.push(`console: ${msg.text()}`);
  });
});

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  await etsy?.close();
  await tts?.close();
  await world?.cleanup();
});

describe("channels: connect and reconnect in a browser", () => {
  it("shows the revoked Etsy connection with its reason and a Reconnect button", async () => {
    await page.goto(`${baseUrl}/app/channels`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: `Sign in as ${DEMO_SHOP_DOMAIN}` }).click();
    await page.waitForURL(`${baseUrl}/app/channels`);
    await page.waitForLoadState("networkidle");
    await page.getByText("Needs reconnecting").waitFor();
    await page.getByText("Reason: etsy: invalid_grant: refresh_token is revoked").waitFor();
    await page.getByRole("button", { name: "Reconnect Etsy" }).waitFor();
    await page.getByRole("button", { name: "Connect TikTok Shop" }).waitFor();
    await shot("channels-01-needs-reauth");
  });

  it("reconnects Etsy through Etsy's consent and comes back Connected", async () => {
    // WHEN the merchant clicks Reconnect Etsy (the sandbox's consent approves and sends the browser back)
    await page.getByRole("button", { name: "Reconnect Etsy" }).click();
    await page.waitForURL(`${baseUrl}/app/channels?connected=etsy`);
    await page.waitForLoadState("networkidle");
    // THEN the page says so and the same connection is connected again, the reason gone
    await page.getByText("Etsy is connected. New orders will arrive in Corridor.").waitFor();
    await expect.poll(() => page.getByText("Needs reconnecting").count()).toBe(0);
    await page.getByText("Connected", { exact: true }).first().waitFor();
    // A connection made a moment ago is not "silent for a day", and another shop can still be added.
    expect(await page.getByText(/Nothing heard for over a day/).count()).toBe(0);
    await page.getByRole("button", { name: "Connect another Etsy shop" }).waitFor();
    const row = await etsyRow();
    expect(row).toMatchObject({ status: "connected", statusReason: null });
    expect(JSON.stringify(row.credentials)).toContain('"kid":"test1"');
    await shot("channels-02-etsy-reconnected");
  });

  it("connects TikTok Shop through its authorisation and lists the shop", async () => {
    await page.getByRole("button", { name: "Connect TikTok Shop" }).click();
    await page.waitForURL(`${baseUrl}/app/channels?connected=tiktok`);
    await page.waitForLoadState("networkidle");
    await page.getByText("TikTok Shop is connected. New orders will arrive in Corridor.").waitFor();
    await expect.poll(() => page.getByText("Connected", { exact: true }).count()).toBe(3);
    await shot("channels-03-tiktok-connected");
    expect(pageErrors).toEqual([]);
  });
});
