/**
 * The fixed vocabularies pages filter and label by. Kept out of the `.server` query modules so the
 * browser bundle can import them (Remix replaces `.server` modules with empty stubs there).
 */
export const ORDER_STAGES = ["received", "routed", "at_warehouse", "shipped", "delivered", "cancelled", "exception"] as const;
export type OrderStage = (typeof ORDER_STAGES)[number];

/** The stages Home counts: the path every order takes from webhook to doorstep. */
export const HOME_STAGES = ["received", "routed", "at_warehouse", "shipped", "delivered"] as const;
export type HomeStage = (typeof HOME_STAGES)[number];

export const CHANNELS = ["shopify", "etsy", "tiktok"] as const;
export type ChannelName = (typeof CHANNELS)[number];
