/**
 * Why a connect did not finish, as the translation key the channels page shows. The callback
 * passes only the error's stable code in the URL (never the platform's text), and this maps it.
 */
const KEYS = {
  CONNECT_STATE_UNKNOWN: "channels.error.state",
  CONNECT_STATE_EXPIRED: "channels.error.state",
  CHANNEL_ACCOUNT_TAKEN: "channels.error.taken",
  CHANNEL_NOT_CONFIGURED: "channels.error.unavailable",
  CHANNEL_UNKNOWN: "channels.error.unavailable",
  ACCESS_DENIED: "channels.error.denied",
  ETSY_NO_SHOP: "channels.error.noShop",
} as const;

export type ConnectErrorKey = (typeof KEYS)[keyof typeof KEYS] | "channels.error.failed";

export const connectErrorKey = (code: string): ConnectErrorKey => (code in KEYS ? KEYS[code as keyof typeof KEYS] : "channels.error.failed");
