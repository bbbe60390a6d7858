export { startEtsySandbox, type EtsySandbox, type EtsySandboxOptions, type SendOptions } from "./server";
export { EtsySandboxState } from "./state";
