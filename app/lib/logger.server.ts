/**
 * Structured JSON logs (pino). A child logger per unit of work carries correlationId (minted at
 * the inbox and copied into every job), shop, channel, orderId, jobId, warehouseId.
 * Log ids; never tokens, addresses or customer names.
 */
import { randomUUID } from "node:crypto";
import { pino, type Logger } from "pino";

export type { Logger };

export interface LogScope {
  correlationId?: string;
  shop?: string;
  channel?: string;
  orderId?: string | number;
  jobId?: string;
  warehouseId?: string | number;
  [key: string]: unknown;
}

export const logger: Logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: process.env.CORRIDOR_PROCESS ?? "corridor" },
  redact: { paths: ["*.accessToken", "*.token", "*.secret", "*.password", "headers.authorization"], remove: true },
});

export const scoped = (scope: LogScope): Logger => logger.child(scope);

export const newCorrelationId = (): string => randomUUID();
