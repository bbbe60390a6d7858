/**
 * What every browser test needs: the admin's production build, the real web (and worker) processes
 * spawned as in production with their logs in artifacts/e2e/, and Debian's chromium driven by
 * playwright-core (never a downloaded browser) collecting page errors and screenshots.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { DEMO_SHOP_DOMAIN } from "../../app/auth/demo-session.server";
import { freePort } from "../../app/dev/local-services.server";
import { TEST_ENCRYPTION_KEYS } from "../helpers/config";
import type { IsolatedWorld } from "../helpers/isolated";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const ARTIFACTS = path.join(ROOT, "artifacts", "e2e");

/**
 * Builds the admin (the real Remix production build) and makes sure chromium is installed; returns
 * chromium's path. `npm test` builds once before Vitest and says so with CORRIDOR_ADMIN_BUILT=1.
 */
export function prepareBrowserRun(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (process.env.CORRIDOR_ADMIN_BUILT !== "1") execFileSync(path.join(ROOT, "node_modules", ".bin", "remix"), ["build"], { cwd: ROOT, stdio: "pipe" });
  return execFileSync("bash", [path.join(ROOT, "scripts", "ensure-chromium.sh")], { encoding: "utf8" }).trim();
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Web and worker get the same environment, as the two deployments do: demo mode over the test's world. */
export function appEnv(world: IsolatedWorld, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "development",
    CORRIDOR_DEMO_MODE: "1",
    DATABASE_URL: world.databaseUrl,
    REDIS_URL: world.redisUrl,
    QUEUE_PREFIX: world.queuePrefix,
    PORT: String(port),
    SHOPIFY_API_KEY: "e2e-api-key",
    SHOPIFY_API_SECRET: "e2e-api-secret-0123456789",
    SCOPES: "read_orders,write_fulfillments,read_inventory,write_inventory",
    SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    CORRIDOR_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    LOG_LEVEL: "info",
    ...extra,
  };
}

/** Spawns an entry point (app/server.ts, workers/main.ts) with tsx, its output in artifacts/e2e/<logName>. */
export function spawnLogged(script: string, env: NodeJS.ProcessEnv, logName: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const log = createWriteStream(path.join(ARTIFACTS, logName));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}

export interface WebProcess {
  baseUrl: string;
  child: ChildProcess;
}

/** Picks a free port (unless given), starts app/server.ts and waits until it answers /healthz. */
export async function startWeb(world: IsolatedWorld, opts: { logName: string; port?: number; env?: Record<string, string> }): Promise<WebProcess> {
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawnLogged("app/server.ts", appEnv(world, port, opts.env), opts.logName);
  await until("app/server.ts to answer /healthz", async () => {
    if (child.exitCode !== null) throw new Error(`app/server.ts exited with ${child.exitCode}; see artifacts/e2e/${opts.logName}`);
    try {
      return (await fetch(`${baseUrl}/healthz`)).ok;
    } catch {
      return false; // not listening yet
    }
  }, 60_000);
  return { baseUrl, child };
}

export interface AdminBrowser {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, which every test expects to stay empty. */
  pageErrors: string[];
  /** A full-page screenshot at artifacts/e2e/<prefix><name>.png. */
  shot(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

export async function launchBrowser(executablePath: string, opts: { shotPrefix?: string } = {}): Promise<AdminBrowser> {
  const profileDir = mkdtempSync(path.join(tmpdir(), "corridor-e2e-chromium-"));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
    locale: "en-US",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on("console", (msg) => {
    // Offline, the Inter font stylesheet on cdn.shopify.com cannot load; that is not a page defect.
    if (msg.type() === "error" && !/cdn\.shopify\.com|net::ERR_/.test(msg.text() + (msg.location().url ?? ""))) pageErrors.push(`console: ${msg.text()}`);
  });
  return {
    context,
    page,
    pageErrors,
    // caret "initial": Playwright otherwise styles inputs to hide the caret, which React reports as a
    // hydration mismatch when the shot lands before hydration ends.
    shot: (name) => page.screenshot({ path: path.join(ARTIFACTS, `${opts.shotPrefix ?? ""}${name}.png`), fullPage: true, caret: "initial" }),
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Uses the development-only demo sign-in, then lands on `pathname`. */
export async function signInAsDemoShop(page: Page, baseUrl: string, pathname = "/app"): Promise<void> {
  await page.goto(`${baseUrl}${pathname}`, { waitUntil: "networkidle" });
  await page.getByRole("button", { name: `Sign in as ${DEMO_SHOP_DOMAIN}` }).click();
  await page.waitForURL(`${baseUrl}${pathname}`);
  await page.waitForLoadState("networkidle");
}
