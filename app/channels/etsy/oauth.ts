/**
 * Etsy OAuth 2.0, authorization code with PKCE (S256 only), contract §A.2. Access tokens live one
 * hour; every refresh returns a NEW refresh token and retires the old one, so the caller must
 * persist what `refreshEtsyToken` returns before anything else uses the connection.
 */
import { createHash, randomBytes } from "node:crypto";
import type { EtsyClient } from "./client";
import type { EtsyTokenResponse } from "./wire";

/** What Corridor needs: receipts (read, ship), listings (inventory), shop. */
export const ETSY_SCOPES = ["transactions_r", "transactions_w", "listings_r", "listings_w", "shops_r"] as const;

/** Refresh this long before expiry, so a token never lapses between our check and Etsy's. */
export const ETSY_REFRESH_MARGIN_MS = 5 * 60_000;

export interface EtsyCredentials {
  accessToken: string;
  refreshToken: string;
  /** ISO time the access token stops working. */
  accessTokenExpiresAt: string;
  /** Etsy user id (the numeric prefix of the tokens). */
  userId: string;
  shopId: string;
}

const base64url = (bytes: Buffer) => bytes.toString("base64url");

/** A fresh PKCE pair: keep the verifier in the merchant's session, send the challenge to Etsy. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = base64url(randomBytes(32)); // 43 chars, inside RFC 7636's 43–128
  return { verifier, challenge: pkceChallenge(verifier) };
}

export const pkceChallenge = (verifier: string): string => base64url(createHash("sha256").update(verifier).digest());

export function etsyAuthorizationUrl(opts: { authorizeOrigin: string; keystring: string; redirectUri: string; state: string; challenge: string; scopes?: readonly string[] }): string {
  const url = new URL("/oauth/connect", opts.authorizeOrigin);
  url.searchParams.set("response_type", "code");
  // The OAuth client_id is the bare keystring, not keystring:secret (contract §A.1).
  url.searchParams.set("client_id", opts.keystring);
  url.searchParams.set("redirect_uri", opts.redirectUri);
  url.searchParams.set("scope", (opts.scopes ?? ETSY_SCOPES).join(" "));
  url.searchParams.set("state", opts.state);
  url.searchParams.set("code_challenge", opts.challenge);
  url.searchParams.set("code_challenge_method", "S256");
  return url.toString();
}

/** Etsy tokens are `<user_id>.<opaque>`; the prefix is the user id (common practice, #483). */
export const userIdFromToken = (token: string): string => token.split(".")[0] ?? "";

export function credentialsFromToken(token: EtsyTokenResponse, shopId: string, now: Date): EtsyCredentials {
  return {
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    accessTokenExpiresAt: new Date(now.getTime() + token.expires_in * 1000).toISOString(),
    userId: userIdFromToken(token.access_token),
    shopId,
  };
}

export function exchangeEtsyCode(client: EtsyClient, keystring: string, input: { code: string; redirectUri: string; verifier: string }) {
  return client.token({ grant_type: "authorization_code", client_id: keystring, redirect_uri: input.redirectUri, code: input.code, code_verifier: input.verifier });
}

export async function refreshEtsyToken(client: EtsyClient, keystring: string, credentials: EtsyCredentials, now: Date): Promise<EtsyCredentials> {
  const token = await client.token({ grant_type: "refresh_token", client_id: keystring, refresh_token: credentials.refreshToken });
  return credentialsFromToken(token, credentials.shopId, now);
}

export const etsyNeedsRefresh = (credentials: EtsyCredentials, now: Date): boolean =>
  Date.parse(credentials.accessTokenExpiresAt) - now.getTime() <= ETSY_REFRESH_MARGIN_MS;
