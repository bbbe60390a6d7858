/** What an inbox topic handler gets and returns. Handlers live with their channel (handle-<topic>.server.ts). */
import type { Config } from "../config.server";
import type { Database } from "../db/client.server";
import type { webhookInbox } from "../db/schema";
import type { Logger } from "../lib/logger.server";
import type { Queues } from "../queues/queues.server";

export type InboxRow = typeof webhookInbox.$inferSelect;

export interface HandlerContext {
  db: Database;
  queues: Queues;
  logger: Logger;
  config: Config;
  now(): Date;
}

/**
 * "processed": done; "ignored": nothing to do for this delivery (a stale update, an unknown topic).
 * `marked`: the handler already marked the row, in the transaction that applied it (markInboxRow).
 */
export type HandlerOutcome = { status: "processed" | "ignored"; note?: string; marked?: boolean };

export type TopicHandler = (ctx: HandlerContext, row: InboxRow) => Promise<HandlerOutcome>;
