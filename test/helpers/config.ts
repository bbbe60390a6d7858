import { parseConfig, type Config } from "../../app/config.server";
import { SecretBox } from "../../app/lib/secret-box.server";
import type { IsolatedWorld } from "./isolated";

export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret-0123456789";
/** A test-only sealing key (not the built-in development one), so tests run the production path. */
export const TEST_ENCRYPTION_KEYS = `test1:${Buffer.alloc(32, "corridor-test-key").toString("base64")}`;
/** The box every test config's processes seal and open with. */
export const testSecretBox = SecretBox.fromSpec(TEST_ENCRYPTION_KEYS);

/** A valid config pointing at this test file's own database and Redis prefix. */
export function testConfig(world: Pick<IsolatedWorld, "databaseUrl" | "redisUrl" | "queuePrefix">, overrides: Record<string, string> = {}): Config {
  return parseConfig({
    NODE_ENV: "test",
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    SCOPES: "read_orders,write_fulfillments",
    SHOPIFY_APP_URL: "http://127.0.0.1",
    DATABASE_URL: world.databaseUrl,
    REDIS_URL: world.redisUrl,
    QUEUE_PREFIX: world.queuePrefix,
    PORT: "0",
    LOG_LEVEL: "silent",
    CORRIDOR_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    ...overrides,
  });
}

/** The variables that point Corridor's Etsy and TikTok Shop adapters at their sandboxes. */
export function marketplaceEnv(sandboxes: {
  etsy?: { keystring: string; sharedSecret: string; url: string };
  tiktok?: { appKey: string; appSecret: string; url: string };
}): Record<string, string> {
  const { etsy, tiktok } = sandboxes;
  return {
    ...(etsy && { ETSY_KEYSTRING: etsy.keystring, ETSY_SHARED_SECRET: etsy.sharedSecret, ETSY_API_ORIGIN: etsy.url }),
    ...(tiktok && { TIKTOK_APP_KEY: tiktok.appKey, TIKTOK_APP_SECRET: tiktok.appSecret, TIKTOK_API_ORIGIN: tiktok.url, TIKTOK_AUTH_ORIGIN: tiktok.url }),
  };
}
