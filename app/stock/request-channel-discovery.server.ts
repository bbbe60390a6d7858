/**
 * Queues catalog discovery for connections just made (the connect callback): the worker reads the
 * new storefront's listings, maps SKUs and sends a full push, so a connection made after the stock
 * last changed still gets every level. Never fails the connect: with Redis down, the daily
 * discovery run (SCHEDULED_TASKS) does the same later.
 */
import type { Config } from "../config.server";
import type { Logger } from "../lib/logger.server";
import { discoverRefsJobId } from "../queues/keys";
import { QUEUE } from "../queues/names";
import { createQueues, type Queues } from "../queues/queues.server";

let producer: Queues | undefined;

export async function requestChannelDiscovery(
  deps: { config: Pick<Config, "REDIS_URL" | "QUEUE_PREFIX">; logger: Logger; now: Date; queues?: Queues },
  connectionIds: readonly number[],
  correlationId: string,
): Promise<void> {
  const queues = deps.queues ?? (producer ??= createQueues(deps.config.REDIS_URL, deps.config.QUEUE_PREFIX));
  for (const connectionId of connectionIds) {
    try {
      await queues.add(QUEUE.maintenance, { task: "discover-channel-refs", connectionId, correlationId }, { jobId: discoverRefsJobId(connectionId, deps.now) });
    } catch (error) {
      deps.logger.warn({ err: error, connectionId }, "could not queue catalog discovery for a new connection; the daily run will do it");
    }
  }
}
