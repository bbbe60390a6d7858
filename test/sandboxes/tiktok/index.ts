export { startTiktokSandbox, TTS_CODES, type TiktokSandbox, type TiktokSandboxOptions, type WebhookEvent } from "./server";
export { TiktokSandboxState } from "./state";
