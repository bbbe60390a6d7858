export { startEtsySandbox, type DeliveryOrder, type EtsySandbox, type EtsySandboxOptions, type SendOptions } from "./server";
export { EtsySandboxState } from "./state";
