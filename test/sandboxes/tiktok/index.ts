export { deliverInOrder, startTiktokSandbox, TTS_CODES, type DeliveryOrder, type TiktokSandbox, type TiktokSandboxOptions, type WebhookEvent } from "./server";
export { TiktokSandboxState } from "./state";
