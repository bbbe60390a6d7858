/**
 * The SecretBox alone (no I/O): AES-256-GCM envelopes, key ids, tamper detection, and the config
 * rules for CORRIDOR_ENCRYPTION_KEYS.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigInvalid, parseConfig } from "../../../app/config.server";
import { DEVELOPMENT_ENCRYPTION_KEYS, SecretBox, SecretUnreadableError, type SealedSecret } from "../../../app/lib/secret-box.server";

const key = () => randomBytes(32).toString("base64");
const TOKEN = "shpat_0123456789abcdef";

describe("SecretBox", () => {
  it("seals a token into an envelope that holds no trace of it and opens it again", () => {
    // GIVEN a box with one key; WHEN a token is sealed and opened
    const box = SecretBox.fromSpec(`k1:${key()}`);
    const sealed = box.seal(TOKEN, "accessToken");
    // THEN the envelope names its key, hides the token, and opens to the same text
    expect(sealed).toMatchObject({ v: 1, kid: "k1" });
    expect(JSON.stringify(sealed)).not.toContain("0123456789abcdef");
    expect(box.open(sealed, "accessToken")).toBe(TOKEN);
    // AND two seals of one token differ (random IV), so equal tokens are not visible as equal
    expect(box.seal(TOKEN, "accessToken").ct).not.toBe(sealed.ct);
  });

  it("refuses to open with the wrong key material, saying which key it tried", () => {
    // GIVEN a value sealed under k1; WHEN another box whose k1 is different material opens it
    const sealed = SecretBox.fromSpec(`k1:${key()}`).seal(TOKEN, "accessToken");
    const impostor = SecretBox.fromSpec(`k1:${key()}`);
    // THEN it fails clearly, not with garbage
    expect(() => impostor.open(sealed, "accessToken")).toThrow(SecretUnreadableError);
    expect(() => impostor.open(sealed, "accessToken")).toThrow(/failed authentication under key "k1"/);
  });

  it("names an unknown key id instead of guessing", () => {
    const sealed = SecretBox.fromSpec(`old:${key()}`).seal(TOKEN, "accessToken");
    expect(() => SecretBox.fromSpec(`new:${key()}`).open(sealed, "accessToken")).toThrow(/key "old", which CORRIDOR_ENCRYPTION_KEYS does not list/);
  });

  it("detects a tampered ciphertext, tag or IV, and a value moved to another field, after opening the genuine one", () => {
    const box = SecretBox.fromSpec(`k1:${key()}`);
    const sealed = box.seal(TOKEN, "accessToken");
    // The box remembers what it opened; a variant of a remembered envelope must still fail.
    expect(box.open(sealed, "accessToken")).toBe(TOKEN);
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, "base64");
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString("base64");
    };
    const variants: SealedSecret[] = [
      { ...sealed, ct: flip(sealed.ct) },
      { ...sealed, tag: flip(sealed.tag) },
      { ...sealed, iv: flip(sealed.iv) },
    ];
    for (const tampered of variants) expect(() => box.open(tampered, "accessToken")).toThrow(SecretUnreadableError);
    // The AAD binds the value to its field: an access token pasted into refreshToken does not open.
    expect(() => box.open(sealed, "refreshToken")).toThrow(SecretUnreadableError);
  });

  it("seals with the first key and opens with any listed key (rotation)", () => {
    // GIVEN a value sealed under the old key
    const oldKey = key();
    const sealedOld = SecretBox.fromSpec(`k0:${oldKey}`).seal(TOKEN, "accessToken");
    // WHEN the new key is put first and the old one kept
    const rotated = SecretBox.fromSpec(`k1:${key()},k0:${oldKey}`);
    // THEN old values still open, new seals use k1, and only k1 values count as current
    expect(rotated.open(sealedOld, "accessToken")).toBe(TOKEN);
    const sealedNew = rotated.seal(TOKEN, "accessToken");
    expect(sealedNew.kid).toBe("k1");
    expect(rotated.isCurrent(sealedOld)).toBe(false);
    expect(rotated.isCurrent(sealedNew)).toBe(true);
  });

  it("reads legacy plain text as-is, and text envelopes as sealed", () => {
    const box = SecretBox.fromSpec(`k1:${key()}`);
    expect(box.openText("shpat_legacy", "session.accessToken")).toBe("shpat_legacy");
    const text = box.sealText(TOKEN, "session.accessToken");
    expect(text).not.toContain(TOKEN);
    expect(box.openText(text, "session.accessToken")).toBe(TOKEN);
  });
});

describe("CORRIDOR_ENCRYPTION_KEYS in config", () => {
  const base = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SCOPES: "read_orders", SHOPIFY_APP_URL: "https://x.example", DATABASE_URL: "postgres://h/db", REDIS_URL: "redis://h" };
  const problems = (env: Record<string, string>) => {
    try {
      parseConfig({ ...base, ...env });
      return [];
    } catch (error) {
      if (error instanceof ConfigInvalid) return error.problems;
      throw error;
    }
  };

  it("refuses a short key, a missing kid and duplicate kids, naming the variable", () => {
    expect(problems({ CORRIDOR_ENCRYPTION_KEYS: `k1:${randomBytes(16).toString("base64")}` })).toEqual([expect.stringMatching(/^CORRIDOR_ENCRYPTION_KEYS .*32 bytes/)]);
    expect(problems({ CORRIDOR_ENCRYPTION_KEYS: key() })).toEqual([expect.stringMatching(/^CORRIDOR_ENCRYPTION_KEYS .*kid/)]);
    expect(problems({ CORRIDOR_ENCRYPTION_KEYS: `a:${key()},a:${key()}` })).toEqual([expect.stringMatching(/unique/)]);
  });

  it("needs its own key in production and falls back to the development key elsewhere", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual([expect.stringMatching(/^CORRIDOR_ENCRYPTION_KEYS is missing/)]);
    expect(problems({ NODE_ENV: "production", CORRIDOR_ENCRYPTION_KEYS: DEVELOPMENT_ENCRYPTION_KEYS })).toEqual([expect.stringMatching(/development key/)]);
    expect(problems({ NODE_ENV: "production", CORRIDOR_ENCRYPTION_KEYS: `prod1:${key()}` })).toEqual([]);
    expect(parseConfig({ ...base, NODE_ENV: "development" }).CORRIDOR_ENCRYPTION_KEYS).toBe(DEVELOPMENT_ENCRYPTION_KEYS);
  });
});
