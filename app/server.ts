/**
 * The web process: one node:http server on PORT. Intake (/webhooks/*) and health answer here directly,
 * ahead of any framework; bull-board sits at /operator/queues behind operator credentials; every other
 * request goes to the Remix app (the merchant admin). Workers run in their own process (workers/main.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import express from "express";
import { createDb, type DbHandle } from "./db/client.server";
import { checkReadiness } from "./health.server";
import { createInbox } from "./inbox/inbox.server";
import { createIntakeHandler } from "./inbox/intake-handler.server";
import { intakeRoutes } from "./inbox/intake-routes.server";
import { getConfig, type Config } from "./config.server";
import { logger } from "./lib/logger.server";
import { mountOperatorPages } from "./operator/bull-board.server";
import { createQueues, type Queues } from "./queues/queues.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface WebServer {
  server: Server;
  url: string;
  queues: Queues;
  close(): Promise<void>;
}

async function remixHandler(): Promise<express.RequestHandler> {
  const buildPath = path.join(root, "build", "index.js");
  if (!existsSync(buildPath)) {
    logger.warn({ buildPath }, "web: no Remix build found; the admin answers 503 until `npm run build` has run");
    return (_req, res) => {
      res.status(503).type("text/plain").send("The admin is not built yet: run `npm run build`.");
    };
  }
  const { createRequestHandler } = await import("@remix-run/express");
  const build = await import(pathToFileURL(buildPath).href);
  return createRequestHandler({ build, mode: process.env.NODE_ENV });
}

export interface WebServerDeps {
  db?: Pick<DbHandle, "db" | "sql" | "close">;
  queues?: Queues;
  /** Mount the Remix admin (default true). Intake-only tests skip it: the build reads process.env. */
  admin?: boolean;
}

export async function startWebServer(config: Config, deps: WebServerDeps = {}): Promise<WebServer> {
  const db = deps.db ?? createDb(config.DATABASE_URL, { max: config.DATABASE_POOL_MAX ?? 10 });
  const queues = deps.queues ?? createQueues(config.REDIS_URL, config.QUEUE_PREFIX);
  const inbox = createInbox({ sql: db.sql, queues, logger });
  const intake = createIntakeHandler({ inbox, routes: intakeRoutes(config, db.sql), maxBytes: config.WEBHOOK_MAX_BYTES, logger });

  const app = express();
  app.disable("x-powered-by");
  app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
  mountOperatorPages(app, { config, queues });
  if (deps.admin !== false) app.all("*", await remixHandler());

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    if (url === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      return;
    }
    if (url === "/readyz") {
      void checkReadiness(db.sql, queues.connection).then((r) => {
        res.writeHead(r.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(r));
      });
      return;
    }
    if (url.startsWith("/webhooks/")) {
      intake(req, res)
        .then((handled) => {
          if (!handled) app(req, res);
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, "intake crashed");
          if (!res.headersSent) res.writeHead(500).end();
        });
      return;
    }
    app(req, res);
  });
  // Shopify gives a delivery 5 s; never hold a socket longer than that on our side.
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.PORT, "0.0.0.0", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  logger.info({ port }, "web: listening");
  return {
    server,
    queues,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      if (!deps.queues) await queues.close();
      if (!deps.db) await db.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const config = getConfig();
  // Handlers go in before the server announces it listens, so a SIGTERM right after that finds them.
  const web = startWebServer(config);
  const stop = (signal: string) => {
    logger.info({ signal }, "web: shutting down");
    web.then((w) => w.close()).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "web: unclean shutdown");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  await web;
}
