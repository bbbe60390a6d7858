/**
 * Plain node:http handlers for POST /webhooks/*, mounted ahead of Remix on the same port: the hot
 * path skips the framework (STYLE.md §5) and reads the raw bytes from the Node stream.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../lib/logger.server";
import type { DeliveryVerifier } from "./delivery";
import type { Inbox, InboxChannel } from "./inbox.server";
import { BodyTooLargeError, readBody } from "./read-body";

export interface IntakeRoute {
  channel: InboxChannel;
  verifier: DeliveryVerifier;
}

/** Path → how to verify what arrives there (undefined: not an intake path). */
export type IntakeRoutes = (path: string) => IntakeRoute | undefined;

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function answer(res: ServerResponse, status: number, body?: Record<string, unknown>) {
  const text = body ? JSON.stringify(body) : "";
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}

/** Returns true when it handled the request (the path is an intake path). */
export function createIntakeHandler(deps: { inbox: Inbox; routes: IntakeRoutes; maxBytes: number; logger: Logger }) {
  return async function handleIntake(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? "/").split("?")[0]!;
    const route = deps.routes(path);
    if (!route) return false;
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      answer(res, 405, { error: "method not allowed: webhooks are POST" });
      req.resume();
      return true;
    }
    const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (contentType !== "application/json") {
      answer(res, 415, { error: "unsupported media type: webhooks are application/json" });
      req.resume();
      return true;
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, deps.maxBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        answer(res, 413, { error: `payload too large (limit ${error.limitBytes} bytes)` });
        return true;
      }
      throw error;
    }
    try {
      const verdict = await deps.inbox.accept(route.channel, route.verifier, flatHeaders(req), raw);
      if (verdict.status === 200) answer(res, 200, { ok: true, outcome: verdict.outcome });
      else if (verdict.status === 401) answer(res, 401, { error: "unauthorized: signature did not verify" });
      else answer(res, 503, { error: "temporarily unavailable, retry" });
    } catch (error) {
      deps.logger.error({ err: error, path }, "intake: unexpected error; nothing acknowledged");
      answer(res, 500, { error: "internal error" });
    }
    return true;
  };
}
