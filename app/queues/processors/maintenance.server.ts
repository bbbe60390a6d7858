/** Periodic and on-demand safety nets, one handler per task. */
import { inBackground } from "../../channels/call-priority";
import { pollMarketplaces } from "../../channels/registry.server";
import { pollAllShops } from "../../channels/shopify/fulfillment/poll-all-shops.server";
import { answerFulfillmentOrder, pollFulfillmentOrders } from "../../channels/shopify/fulfillment/poll-fulfillment-orders.server";
import type { HandlerContext } from "../../inbox/topic-handler";
import { runDiscoveryTask } from "../../stock/discover-channel-refs.server";
import { CorridorError } from "../../lib/errors";
import type { MaintenanceJob } from "../payloads";

/** `progress` reports to the BullMQ job (the CLI follows it); absent when run outside a worker. */
export type MaintenanceTask = (ctx: HandlerContext, job: MaintenanceJob, progress?: (p: object) => Promise<void>) => Promise<string>;

/** Tasks register here as their capabilities land (fulfillment-order poll, marketplace polling). */
export const MAINTENANCE_TASKS: Partial<Record<MaintenanceJob["task"], MaintenanceTask>> = {
  "poll-fulfillment-orders": pollFulfillmentOrders,
  "answer-fulfillment-order": answerFulfillmentOrder,
  "poll-all-shops": pollAllShops,
  "poll-marketplaces": pollMarketplaces,
  // Catalog reads yield to order intake under the platforms' rate limits (channels/call-priority.ts).
  "discover-channel-refs": (ctx, job, progress) => inBackground(() => runDiscoveryTask(ctx, job, progress)),
};

/** Tasks that also run on a schedule (BullMQ job schedulers: one per name, however many workers run). */
export const SCHEDULED_TASKS: { task: MaintenanceJob["task"]; everyMs: number }[] = [
  { task: "poll-all-shops", everyMs: 60_000 },
  { task: "poll-marketplaces", everyMs: 120_000 },
  // New listings on Etsy/TikTok get their refs (and a full push) within a day even if nobody runs the CLI.
  { task: "discover-channel-refs", everyMs: 24 * 3_600_000 },
];

export async function processMaintenance(ctx: HandlerContext, job: MaintenanceJob, bullJob?: { updateProgress(p: object): Promise<void> }): Promise<string> {
  const task = MAINTENANCE_TASKS[job.task];
  if (!task) throw new CorridorError("UNKNOWN_TASK", `no maintenance task "${job.task}" in this build`);
  return task(ctx, job, bullJob ? (p) => bullJob.updateProgress(p) : undefined);
}
