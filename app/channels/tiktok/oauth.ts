/**
 * TikTok Shop authorisation (contract §B.5): the seller approves on TikTok, we get an auth code,
 * trade it (with app key + secret, unsigned) for tokens, then list the authorised shops: each
 * shop's `cipher` is the `shop_cipher` every shop-scoped call needs. `*_expire_in` are ABSOLUTE
 * Unix timestamps, not durations.
 */
import type { TiktokClient } from "./client";
import type { TiktokShop, TiktokTokenData } from "./wire";

/** Refresh this long before the access token's expiry. */
export const TIKTOK_REFRESH_MARGIN_MS = 60 * 60_000;

export interface TiktokCredentials {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  shopId: string;
  shopCipher: string;
  openId?: string;
}

export function tiktokAuthorizationUrl(opts: { authOrigin: string; appKey: string; state: string; serviceId?: string }): string {
  // With a service id the current Partner Center link; otherwise the documented legacy one.
  const url = opts.serviceId ? new URL("https://services.tiktokshop.com/open/authorize") : new URL("/oauth/authorize", opts.authOrigin);
  if (opts.serviceId) url.searchParams.set("service_id", opts.serviceId);
  else url.searchParams.set("app_key", opts.appKey);
  url.searchParams.set("state", opts.state);
  return url.toString();
}

export const exchangeTiktokCode = (client: TiktokClient, code: string) =>
  client.auth<TiktokTokenData>("/api/v2/token/get", { auth_code: code, grant_type: "authorized_code" });

export const refreshTiktokToken = (client: TiktokClient, refreshToken: string) =>
  client.auth<TiktokTokenData>("/api/v2/token/refresh", { refresh_token: refreshToken, grant_type: "refresh_token" });

export const getAuthorizedShops = (client: TiktokClient, accessToken: string) =>
  client.call<{ shops: TiktokShop[] }>({ method: "GET", path: "/authorization/202309/shops", accessToken });

export function credentialsFromToken(token: TiktokTokenData, shop: { id: string; cipher: string }): TiktokCredentials {
  return {
    accessToken: token.access_token,
    accessTokenExpiresAt: new Date(token.access_token_expire_in * 1000).toISOString(),
    refreshToken: token.refresh_token,
    refreshTokenExpiresAt: new Date(token.refresh_token_expire_in * 1000).toISOString(),
    shopId: shop.id,
    shopCipher: shop.cipher,
    ...(token.open_id ? { openId: token.open_id } : {}),
  };
}

export const tiktokNeedsRefresh = (credentials: TiktokCredentials, now: Date): boolean =>
  Date.parse(credentials.accessTokenExpiresAt) - now.getTime() <= TIKTOK_REFRESH_MARGIN_MS;
