/**
 * bull-board for operators at /operator/queues, behind HTTP basic auth (OPERATOR_CREDENTIALS).
 * Merchants never reach it: without credentials configured it is not mounted at all.
 */
import { timingSafeEqual } from "node:crypto";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Express, RequestHandler } from "express";
import type { Config } from "../config.server";
import { ALL_QUEUES, type Queues } from "../queues/queues.server";

export const OPERATOR_QUEUES_PATH = "/operator/queues";

function basicAuth(credentials: string): RequestHandler {
  const expected = Buffer.from(`Basic ${Buffer.from(credentials).toString("base64")}`);
  return (req, res, next) => {
    const given = Buffer.from(req.headers.authorization ?? "");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.setHeader("www-authenticate", 'Basic realm="Corridor operators"');
    res.status(401).send("Operator sign-in required.");
  };
}

export function mountOperatorPages(app: Express, deps: { config: Config; queues: Queues }): boolean {
  if (!deps.config.OPERATOR_CREDENTIALS) return false;
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(OPERATOR_QUEUES_PATH);
  createBullBoard({ queues: ALL_QUEUES.map((name) => new BullMQAdapter(deps.queues.get(name))), serverAdapter });
  app.use(OPERATOR_QUEUES_PATH, basicAuth(deps.config.OPERATOR_CREDENTIALS), serverAdapter.getRouter());
  return true;
}
