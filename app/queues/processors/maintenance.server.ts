/** Periodic and on-demand safety nets, one handler per task. */
import { pollMarketplaces } from "../../channels/registry.server";
import { pollFulfillmentOrders } from "../../channels/shopify/fulfillment/poll-fulfillment-orders.server";
import type { HandlerContext } from "../../inbox/topic-handler";
import { CorridorError } from "../../lib/errors";
import type { MaintenanceJob } from "../payloads";

export type MaintenanceTask = (ctx: HandlerContext, job: MaintenanceJob) => Promise<string>;

/** Tasks register here as their capabilities land (fulfillment-order poll, marketplace polling). */
export const MAINTENANCE_TASKS: Partial<Record<MaintenanceJob["task"], MaintenanceTask>> = { "poll-fulfillment-orders": pollFulfillmentOrders, "poll-marketplaces": pollMarketplaces };

export async function processMaintenance(ctx: HandlerContext, job: MaintenanceJob): Promise<string> {
  const task = MAINTENANCE_TASKS[job.task];
  if (!task) throw new CorridorError("UNKNOWN_TASK", `no maintenance task "${job.task}" in this build`);
  return task(ctx, job);
}
