/**
 * Session tokens as App Bridge and customer-account extensions mint them (contract §6.1, §8):
 * HS256 JWTs signed with the app's client secret. Overrides let tests forge the bad ones
 * (wrong aud, wrong secret, expired) that Corridor must refuse.
 */
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";

export interface TokenOverrides {
  secret?: string;
  aud?: string;
  /** Seconds from now; negative = already expired. */
  expiresIn?: number;
  nbfOffset?: number;
  extra?: Record<string, unknown>;
}

const shopUrl = (shop: string) => `https://${shop}`;

async function sign(claims: Record<string, unknown>, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(secret));
}

/** An embedded-admin ID token: iss = shop admin URL, dest = shop URL, aud = API key, 1 minute. */
export function mintAdminSessionToken(app: { apiKey: string; apiSecret: string }, shop: string, opts: TokenOverrides & { userId?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign(
    {
      iss: `${shopUrl(shop)}/admin`,
      dest: shopUrl(shop),
      aud: opts.aud ?? app.apiKey,
      sub: opts.userId ?? "42",
      exp: now + (opts.expiresIn ?? 60),
      nbf: now + (opts.nbfOffset ?? 0),
      iat: now,
      jti: randomUUID(),
      sid: randomUUID(),
      ...opts.extra,
    },
    opts.secret ?? app.apiSecret,
  );
}

/**
 * A customer-account UI extension token: dest = shop, aud = API key, 5 minutes; `sub` is the
 * customer GID only when the customer is logged in (and the app has protected data access).
 */
export function mintCustomerAccountToken(app: { apiKey: string; apiSecret: string }, shop: string, opts: TokenOverrides & { customerId?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign(
    {
      dest: shop,
      aud: opts.aud ?? app.apiKey,
      ...(opts.customerId ? { sub: opts.customerId.startsWith("gid://") ? opts.customerId : `gid://shopify/Customer/${opts.customerId}` } : {}),
      exp: now + (opts.expiresIn ?? 300),
      nbf: now + (opts.nbfOffset ?? 0),
      iat: now,
      jti: randomUUID(),
      ...opts.extra,
    },
    opts.secret ?? app.apiSecret,
  );
}
