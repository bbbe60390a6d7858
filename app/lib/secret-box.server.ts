/**
 * Secrets at rest: AES-256-GCM with keys from CORRIDOR_ENCRYPTION_KEYS ("kid:base64key,…", the
 * first one current). A sealed value is an envelope `{ v, kid, iv, tag, ct }`, stored in the same
 * jsonb field or text column the plain value used to occupy (text columns hold it as JSON).
 *
 * - Sealing always uses the current key; opening accepts any listed key, so a new key is rolled out
 *   by putting it first and `corridor secrets rotate` re-seals every row before the old one is dropped.
 * - The AAD names what the value is ("accessToken"), so a ciphertext cannot be moved into another slot.
 * - A value that is not an envelope is a legacy plain row: it reads as-is and is sealed on rotate.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { CorridorError } from "./errors";

export interface SealedSecret {
  v: 1;
  /** Id of the key that sealed it. */
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

export interface EncryptionKey {
  kid: string;
  key: Buffer;
}

/** A secret we hold but cannot read: unknown key, wrong key or tampered ciphertext. Never retryable. */
export class SecretUnreadableError extends CorridorError {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super("SECRET_UNREADABLE", message, { ...opts, retryable: false });
  }
}

const KID = /^[A-Za-z0-9_.-]{1,32}$/;

/**
 * Development and tests only (config refuses it in production): lets a fresh checkout run without
 * setting a key while the code path stays the same as production's. Its secrecy is nil by design.
 */
export const DEVELOPMENT_ENCRYPTION_KEYS = `dev:${Buffer.alloc(32, "corridor-development-only-key").toString("base64")}`;

/** Parses "kid:base64key,…"; throws naming the first problem (config turns it into one line). */
export function parseEncryptionKeys(spec: string): EncryptionKey[] {
  const keys = spec
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf(":");
      const kid = part.slice(0, at);
      if (at < 1 || !KID.test(kid)) throw new Error(`each key must be "kid:base64", kid of [A-Za-z0-9_.-]{1,32}`);
      const key = Buffer.from(part.slice(at + 1), "base64");
      if (key.length !== 32) throw new Error(`key "${kid}" must be 32 bytes of base64 (openssl rand -base64 32)`);
      return { kid, key };
    });
  if (keys.length === 0) throw new Error("must list at least one key");
  const kids = new Set(keys.map((k) => k.kid));
  if (kids.size !== keys.length) throw new Error("key ids must be unique");
  return keys;
}

export const isSealedSecret = (value: unknown): value is SealedSecret =>
  typeof value === "object" &&
  value !== null &&
  (value as SealedSecret).v === 1 &&
  typeof (value as SealedSecret).kid === "string" &&
  typeof (value as SealedSecret).iv === "string" &&
  typeof (value as SealedSecret).tag === "string" &&
  typeof (value as SealedSecret).ct === "string";

/** Opened envelopes a box remembers: a shop's tokens and its partners' keys, with room to spare. */
const OPENED_KEPT = 512;

export class SecretBox {
  private readonly byKid: ReadonlyMap<string, Buffer>;
  /** The key new seals use. */
  readonly currentKid: string;

  constructor(keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new Error("SecretBox needs at least one key");
    this.currentKid = keys[0]!.kid;
    this.byKid = new Map(keys.map((k) => [k.kid, k.key]));
  }

  static fromSpec(spec: string): SecretBox {
    return new SecretBox(parseEncryptionKeys(spec));
  }

  seal(plain: string, aad: string): SealedSecret {
    const iv = randomBytes(12); // 96-bit random nonce: GCM's recommended size
    const cipher = createCipheriv("aes-256-gcm", this.byKid.get(this.currentKid)!, iv);
    cipher.setAAD(Buffer.from(aad));
    const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return { v: 1, kid: this.currentKid, iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), ct: ct.toString("base64") };
  }

  /**
   * Envelopes opened before, by everything that authenticated them (key id, IV, tag, ciphertext, AAD):
   * the workers open the same shop token and partner key for every event they handle, and a decipher
   * per open was about 2 % of their CPU under load. A tampered or moved envelope differs in one of
   * those, so it misses and fails authentication as before. Bounded; old entries go first.
   */
  private readonly opened = new Map<string, string>();

  open(sealed: SealedSecret, aad: string): string {
    const memo = `${sealed.kid}\0${sealed.iv}\0${sealed.tag}\0${sealed.ct}\0${aad}`;
    const known = this.opened.get(memo);
    if (known !== undefined) return known;
    const key = this.byKid.get(sealed.kid);
    if (!key) throw new SecretUnreadableError(`secret "${aad}" was sealed with key "${sealed.kid}", which CORRIDOR_ENCRYPTION_KEYS does not list`);
    let plain: string;
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
      plain = Buffer.concat([decipher.update(Buffer.from(sealed.ct, "base64")), decipher.final()]).toString("utf8");
    } catch (cause) {
      throw new SecretUnreadableError(`secret "${aad}" failed authentication under key "${sealed.kid}": wrong key material or tampered ciphertext`, { cause });
    }
    if (this.opened.size >= OPENED_KEPT) this.opened.delete(this.opened.keys().next().value!);
    this.opened.set(memo, plain);
    return plain;
  }

  /** A stored field: an envelope is opened, anything else is a legacy plain value. */
  openValue(stored: unknown, aad: string): unknown {
    return isSealedSecret(stored) ? this.open(stored, aad) : stored;
  }

  /** For text columns: the envelope as JSON. */
  sealText(plain: string, aad: string): string {
    return JSON.stringify(this.seal(plain, aad));
  }

  /** For text columns: JSON envelopes are opened; any other text is a legacy plain value. */
  openText(stored: string, aad: string): string {
    const sealed = parseSealedText(stored);
    return sealed ? this.open(sealed, aad) : stored;
  }

  /** Whether a stored value is already sealed with the current key (rotation skips it). */
  isCurrent(stored: unknown): boolean {
    const sealed = typeof stored === "string" ? parseSealedText(stored) : stored;
    return isSealedSecret(sealed) && sealed.kid === this.currentKid;
  }
}

/**
 * Which fields of a jsonb settings object are secrets: by name, so a new channel's token or a new
 * partner's key is sealed without a list to update (accessToken, webhookSecret, apiKey, password).
 */
export const isSecretField = (name: string): boolean => /(token|secret|password|apikey)$/i.test(name);

/**
 * Sealing by field for jsonb objects whose other fields stay plain (SQL and routing read them). The AAD
 * is `<where>.<field>`, so a value cannot be moved to another column or field.
 */
export function sealedFields(where: string) {
  const aad = (field: string) => `${where}.${field}`;
  return {
    /** Plain → stored: secret string fields sealed. */
    seal(box: SecretBox, plain: object): Record<string, unknown> {
      return Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, isSecretField(k) && typeof v === "string" ? box.seal(v, aad(k)) : v]));
    },
    /** Stored → plain. Throws SecretUnreadableError for an unknown key or a tampered value. */
    open<Plain = Record<string, unknown>>(box: SecretBox, stored: Record<string, unknown>): Plain {
      return Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, box.openValue(v, aad(k))])) as Plain;
    },
    /** Re-seals with the current key whatever is plain or sealed with an older key; `changed` false when nothing was. */
    reseal(box: SecretBox, stored: Record<string, unknown>): { next: Record<string, unknown>; changed: boolean } {
      let changed = false;
      const next = Object.fromEntries(
        Object.entries(stored).map(([k, v]) => {
          if (!isSecretField(k) || box.isCurrent(v) || (typeof v !== "string" && typeof v !== "object") || v === null) return [k, v];
          changed = true;
          return [k, box.seal(box.openValue(v, aad(k)) as string, aad(k))];
        }),
      );
      return { next, changed };
    },
  };
}

export function parseSealedText(stored: string): SealedSecret | undefined {
  if (!stored.startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(stored);
    return isSealedSecret(parsed) ? parsed : undefined;
  } catch {
    return undefined; // not JSON: a plain value that happens to start with "{"
  }
}

const boxes = new WeakMap<object, SecretBox>();

/** The process's box for a parsed config (built once per config object). */
export function secretBoxFor(config: { readonly CORRIDOR_ENCRYPTION_KEYS: string }): SecretBox {
  let box = boxes.get(config);
  if (!box) boxes.set(config, (box = SecretBox.fromSpec(config.CORRIDOR_ENCRYPTION_KEYS)));
  return box;
}
