/**
 * Channels in a real browser (Debian's chromium via playwright-core), demo mode, against the Etsy
 * and TikTok Shop sandboxes: a revoked Etsy connection shows its reason and a Reconnect button;
 * clicking it goes through Etsy's consent and back to "Connected"; Connect TikTok Shop does the same.
 * Screenshots go to artifacts/e2e/ (channels-*.png).
 */
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../app/auth/demo-session.server";
import { channelConnections } from "../../app/db/schema";
import { freePort } from "../../app/dev/local-services.server";
import { marketplaceEnv } from "../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../helpers/isolated";
import { seedShop } from "../helpers/seed";
import { startEtsySandbox, type EtsySandbox } from "../sandboxes/etsy";
import { startTiktokSandbox, type TiktokSandbox } from "../sandboxes/tiktok";
import { launchBrowser, prepareBrowserRun, startWeb, stopProcess, type AdminBrowser, type WebProcess } from "./browser-harness";

const ETSY_SHOP_ID = 81818181;
const ETSY_USER_ID = 91919191;

let world: IsolatedWorld;
let etsy: EtsySandbox;
let tts: TiktokSandbox;
let shopId: number;
let web: WebProcess;
let baseUrl: string;
let browser: AdminBrowser;
let page: Page;

const shot = (name: string) => browser.shot(name);
const etsyRow = async () => (await world.db.select().from(channelConnections).where(and(eq(channelConnections.shopId, shopId), eq(channelConnections.channel, "etsy"))))[0]!;

beforeAll(async () => {
  const executablePath = prepareBrowserRun();
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

  web = await startWeb(world, {
    logName: "channels-server.log",
    port,
    env: {
      SCOPES: "read_orders",
      ...marketplaceEnv({ etsy, tiktok: tts }),
    },
  });
  browser = await launchBrowser(executablePath);
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await stopProcess(web?.child);
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
    expect(browser.pageErrors).toEqual([]);
  });
});
