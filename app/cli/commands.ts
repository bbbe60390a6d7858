/**
 * The operator CLI's commands. Each reads or changes state through the same modules the processes
 * use; read commands accept --json. Later capabilities add their commands here.
 */
import { and, desc, eq } from "drizzle-orm";
import type { DbHandle } from "../db/client.server";
import { migrateDatabase } from "../db/migrate.server";
import { allocations, orderEvents, orders, webhookInbox } from "../db/schema";
import { replayInbox } from "../inbox/replay.server";
import type { Queues } from "../queues/queues.server";
import { connectShopByToken, SHOP_DOMAIN } from "../shops/connect-shop.server";
import { readFile } from "node:fs/promises";
import type { CanonicalOrder } from "../domain/order";
import { explainRoute, storedOrder } from "../routing/explain-route.server";
import { candidatesFromImport, describeProblems, parseWarehouseImportFile } from "../warehouses/import-file";
import { importWarehouses, listWarehouses, type ConnectorCredentials } from "../warehouses/import-warehouses.server";
import { table, UsageError, type Out } from "./output";
import { pino } from "pino";
import { stockShow } from "../stock/stock-show.server";
import { syncStockFromCli } from "../stock/stock-sync-cli.server";
import { syncHealth } from "../stock/sync-health.server";
import { quoteOrder } from "../customs/quote-order.server";
import { StoredOrderNotFound, writeOrderDocuments } from "../customs/write-order-documents.server";
import { CustomsDataError } from "../domain/customs/customs-error";
import { formatMinorUnits } from "../domain/money";
import { SKUS_COMMANDS } from "../skus/skus-cli.server";
import { CHANNELS_COMMANDS } from "../stock/discover-cli.server";
import { SecretBox } from "../lib/secret-box.server";
import { rotateSecrets } from "../lib/secret-box-rotate.server";

export interface CliContext {
  databaseUrl: string;
  /** SHOPIFY_ADMIN_API_ORIGIN, when the CLI talks to a sandbox instead of Shopify. */
  adminApiOrigin?: string;
  db(): DbHandle;
  queues(): Queues;
  out: Out;
  args: string[];
  flags: Record<string, string | boolean | undefined>;
  /** CORRIDOR_ENCRYPTION_KEYS, for commands that read or write tokens. */
  encryptionKeys?: string;
}

function requireEncryptionKeys(ctx: CliContext): string {
  if (!ctx.encryptionKeys) throw new UsageError("this command needs CORRIDOR_ENCRYPTION_KEYS");
  return ctx.encryptionKeys;
}

const requireSecrets = (ctx: CliContext): SecretBox => SecretBox.fromSpec(requireEncryptionKeys(ctx));

export type Command = { usage: string; summary: string; run(ctx: CliContext): Promise<void> };

const INBOX_STATUSES = ["pending", "processed", "failed", "ignored"] as const;

export const COMMANDS: Record<string, Command> = {
  ...SKUS_COMMANDS,
  ...CHANNELS_COMMANDS,
  migrate: {
    usage: "corridor migrate",
    summary: "apply the SQL migrations in drizzle/ to DATABASE_URL",
    async run(ctx) {
      await migrateDatabase(ctx.databaseUrl);
      ctx.out.print({ migrated: true }, () => "migrations applied");
    },
  },

  "inbox list": {
    usage: "corridor inbox list [--status pending|processed|failed|ignored] [--limit N] [--json]",
    summary: "stored webhook deliveries, newest first",
    async run(ctx) {
      const status = ctx.flags.status as (typeof INBOX_STATUSES)[number] | undefined;
      if (status && !INBOX_STATUSES.includes(status)) throw new UsageError(`--status must be one of ${INBOX_STATUSES.join(", ")}`);
      const rows = await ctx
        .db()
        .db.select({ id: webhookInbox.id, channel: webhookInbox.channel, topic: webhookInbox.topic, shop: webhookInbox.shopDomain, status: webhookInbox.status, attempts: webhookInbox.attempts, error: webhookInbox.error, receivedAt: webhookInbox.receivedAt, correlationId: webhookInbox.correlationId })
        .from(webhookInbox)
        .where(status ? eq(webhookInbox.status, status) : undefined)
        .orderBy(desc(webhookInbox.id))
        .limit(Number(ctx.flags.limit ?? 100));
      ctx.out.print(rows, () => table(rows, ["id", "channel", "topic", "shop", "status", "attempts", "receivedAt", "error"]));
    },
  },

  "inbox replay": {
    usage: "corridor inbox replay <id>",
    summary: "process a stored delivery again (after a fix)",
    async run(ctx) {
      const id = Number(ctx.args[0]);
      if (!Number.isInteger(id) || id <= 0) throw new UsageError("give the inbox row id: corridor inbox replay <id>");
      const result = await replayInbox({ db: ctx.db().db, queues: ctx.queues() }, id);
      ctx.out.print({ id, replayed: true, ...result }, () => `inbox row ${id} (was ${result.previousStatus}) queued for processing`);
    },
  },

  "orders list": {
    usage: "corridor orders list [--shop <domain>] [--stage <stage>] [--limit N] [--json]",
    summary: "orders, newest first",
    async run(ctx) {
      const rows = await ctx
        .db()
        .db.select({ id: orders.id, channel: orders.channel, externalId: orders.externalId, name: orders.name, stage: orders.stage, destination: orders.destinationCountry, revision: orders.revision, placedAt: orders.placedAt })
        .from(orders)
        .where(ctx.flags.stage ? eq(orders.stage, ctx.flags.stage as "received") : undefined)
        .orderBy(desc(orders.id))
        .limit(Number(ctx.flags.limit ?? 100));
      ctx.out.print(rows, () => table(rows, ["id", "channel", "externalId", "name", "stage", "destination", "revision", "placedAt"]));
    },
  },

  "orders show": {
    usage: "corridor orders show <channel>:<external id> [--json]",
    summary: "one order with its lines, routing decision, shipments and timeline",
    async run(ctx) {
      const [channel, externalId] = (ctx.args[0] ?? "").split(/:(.*)/s);
      if (!channel || !externalId) throw new UsageError("give the order as <channel>:<external id>, e.g. shopify:820982911946154508");
      const { db } = ctx.db();
      const [order] = await db.select().from(orders).where(and(eq(orders.channel, channel as "shopify"), eq(orders.externalId, externalId)));
      if (!order) throw new UsageError(`no order ${channel}:${externalId}`);
      const shipments = await db.select().from(allocations).where(eq(allocations.orderId, order.id));
      const timeline = await db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id)).orderBy(orderEvents.at);
      const doc = { ...order, shipments, timeline };
      ctx.out.print(doc, () =>
        [
          `${order.name}  ${order.channel}:${order.externalId}  stage ${order.stage}  → ${order.destinationCountry}`,
          ...order.canonical.lines.map((l) => `  ${l.quantity} × ${l.sku}`),
          `shipments: ${shipments.length ? shipments.map((s) => `${s.status} ${s.trackingNumber ?? ""}`).join(", ") : "none"}`,
          "timeline:",
          ...timeline.map((e) => `  ${e.at.toISOString()}  ${e.kind}`),
        ].join("\n"),
      );
    },
  },

  "warehouses import": {
    usage: "corridor warehouses import <file.json> --shop <domain> [--credentials <file.json>] [--json]",
    summary: "load warehouses, lanes, costs, capabilities and stock from one file (docs/warehouse-import.md)",
    async run(ctx) {
      const file = ctx.args[0];
      const shop = ctx.flags.shop;
      if (!file || typeof shop !== "string") throw new UsageError("give the file and the shop: corridor warehouses import <file.json> --shop <domain>");
      const parsed = parseWarehouseImportFile(await readFile(file, "utf8"));
      if (!parsed.ok) throw new UsageError(`${file} is not a valid import file:\n${describeProblems(parsed.problems)}`);
      const credentials = typeof ctx.flags.credentials === "string" ? (JSON.parse(await readFile(ctx.flags.credentials, "utf8")) as ConnectorCredentials) : {};
      const summary = await importWarehouses(ctx.db().db, shop, parsed.file, credentials, requireSecrets(ctx));
      ctx.out.print(summary, () => `imported ${summary.warehouses} warehouses, ${summary.lanes} lanes, ${summary.products} products, ${summary.stockLevels} stock levels into ${shop}`);
    },
  },

  "warehouses list": {
    usage: "corridor warehouses list [--shop <domain>] [--json]",
    summary: "warehouses with their lanes and stock",
    async run(ctx) {
      const rows = await listWarehouses(ctx.db().db, typeof ctx.flags.shop === "string" ? ctx.flags.shop : undefined);
      ctx.out.print(rows, () => table(rows.map((w) => ({ ...w, lanes: w.lanes.length, skus: Object.keys(w.stock).length })), ["id", "code", "name", "connector", "countryCode", "kind", "lanes", "skus", "active"]));
    },
  },

  route: {
    usage: "corridor route <channel>:<external id> --explain [--json]  |  corridor route --order <file.json> [--warehouses <import file>] --explain [--json]",
    summary: "where an order would ship from and why; nothing is stored or reserved",
    async run(ctx) {
      let order: CanonicalOrder;
      if (typeof ctx.flags.order === "string") {
        order = JSON.parse(await readFile(ctx.flags.order, "utf8")) as CanonicalOrder;
      } else {
        const [channel, externalId] = (ctx.args[0] ?? "").split(/:(.*)/s);
        if (!channel || !externalId) throw new UsageError("give <channel>:<external id> or --order <file.json>");
        order = await storedOrder(ctx.db().db, channel as CanonicalOrder["channel"], externalId);
      }
      let candidates;
      if (typeof ctx.flags.warehouses === "string") {
        const parsed = parseWarehouseImportFile(await readFile(ctx.flags.warehouses, "utf8"));
        if (!parsed.ok) throw new UsageError(describeProblems(parsed.problems));
        candidates = candidatesFromImport(parsed.file);
      }
      const decision = await explainRoute(ctx.db().db, order, { now: new Date(), candidates });
      ctx.out.print(decision, () =>
        [
          decision.status === "routed" ? `routed: ${decision.summary}` : `unroutable (${decision.code}): ${decision.merchantMessage}`,
          ...(ctx.flags.explain ? decision.candidates.map((c) => `  ${c.verdict.padEnd(10)} ${c.warehouseCode.padEnd(10)} ${c.reason}`) : []),
        ].join("\n"),
      );
    },
  },

  "shops connect": {
    usage: "corridor shops connect <shop>.myshopify.com --token <admin API access token>",
    summary: "connect a store by a custom-app token (development stores, tests, the demo) without OAuth",
    async run(ctx) {
      const domain = ctx.args[0] ?? "";
      const token = ctx.flags.token;
      if (!SHOP_DOMAIN.test(domain)) throw new UsageError("give the shop as <name>.myshopify.com");
      if (typeof token !== "string" || !token) throw new UsageError("--token <admin API access token> is required");
      await connectShopByToken(ctx.db().db, domain, token, requireSecrets(ctx));
      ctx.out.print({ shop: domain, connected: true }, () => `${domain} connected (offline token stored)`);
    },
  },

  "stock show": {
    usage: "corridor stock show <sku> [--shop <domain>] [--json]",
    summary: "a SKU per warehouse, what each storefront may sell and last got, pending changes, low-stock alerts",
    async run(ctx) {
      const sku = ctx.args[0] ?? "";
      if (!sku) throw new UsageError("give the SKU: corridor stock show <sku>");
      const shopDomain = typeof ctx.flags.shop === "string" ? ctx.flags.shop : undefined;
      const views = await stockShow(ctx.db().db, sku, { now: new Date(), shopDomain });
      ctx.out.print(views, () =>
        views.length === 0
          ? `no warehouse holds ${sku}`
          : views
              .map((v) =>
                [
                  `${v.sku} at ${v.shopDomain}${v.pendingChanges ? ` (${v.pendingChanges} change(s) waiting to be pushed)` : ""}`,
                  table(v.warehouses, ["code", "active", "onHand", "reserved", "safetyBuffer", "sellable"]),
                  table(v.storefronts.map((s) => ("skipped" in s ? { connectionId: s.connectionId, availableToSell: "", lastPushedQuantity: "", lastPushedAt: "", inSync: s.skipped } : s)), ["connectionId", "availableToSell", "lastPushedQuantity", "lastPushedAt", "inSync"]),
                  ...v.lowStock.map((a) => `low stock at ${a.warehouseCode}: ${a.daysOfCover === null ? "no recent sales" : `${a.daysOfCover} days of cover`} (${a.reasons.join(", ")})`),
                ].join("\n"),
              )
              .join("\n\n"),
      );
    },
  },

  "secrets rotate": {
    usage: "corridor secrets rotate [--json]",
    summary: "re-seal every channel token, warehouse partner key and Shopify session with the first CORRIDOR_ENCRYPTION_KEYS key (and seal plain legacy ones); idempotent, progress on stderr",
    async run(ctx) {
      const box = requireSecrets(ctx);
      const report = await rotateSecrets(ctx.db().db, box, (table, c) => process.stderr.write(`${table}: ${c.scanned} scanned, ${c.resealed} re-sealed\n`));
      const rows = (["connections", "warehouses", "sessions"] as const).map((t) => ({ table: t, ...report[t], unreadable: report[t].unreadable.length }));
      ctx.out.print(report, () => [`current key: ${report.currentKid}`, table(rows, ["table", "scanned", "resealed", "raced", "unreadable"])].join("\n"));
      const unreadable = [
        ...report.connections.unreadable.map((id) => `channel_connections ${id}`),
        ...report.warehouses.unreadable.map((id) => `warehouses ${id}`),
        ...report.sessions.unreadable.map((id) => `session ${id}`)];
      // Left as they were: the operator must list the key that sealed them, then run again.
      if (unreadable.length) throw new Error(`${unreadable.length} row(s) sealed with a key not in CORRIDOR_ENCRYPTION_KEYS: ${unreadable.join(", ")}`);
    },
  },

  "stock sync": {
    usage: "corridor stock sync [--shop <domain>] [--read-back] [--admin-origin <url>] [--json]",
    summary: "push every SKU whose Shopify quantity differs from available-to-sell (--read-back: as read from Shopify), progress on stderr; then sync health",
    async run(ctx) {
      const shopDomain = typeof ctx.flags.shop === "string" ? ctx.flags.shop : undefined;
      const adminOrigin = typeof ctx.flags["admin-origin"] === "string" ? ctx.flags["admin-origin"] : ctx.adminApiOrigin;
      // Logs go to stderr: stdout carries only the result (and --json stays parseable).
      const logger = pino({ level: "warn" }, pino.destination(2));
      const { db } = ctx.db();
      const runs = await syncStockFromCli({ db, logger, adminOrigin, encryptionKeys: requireEncryptionKeys(ctx) }, { shopDomain, readBack: ctx.flags["read-back"] === true });
      const health = await syncHealth(db, { now: new Date(), shopDomain });
      ctx.out.print({ runs, health }, () =>
        [
          table(runs.map((r) => ({ shop: r.shopDomain, connection: r.connectionId, ...(r.result.status === "pushed" ? { ...r.result.summary, driftFixed: r.result.summary.drifted.length } : { skipped: r.result.reason }) })), ["shop", "connection", "considered", "pushed", "unchanged", "unmapped", "activated", "batches", "staleRetries", "driftFixed", "skipped"]),
          "",
          "sync health, last hour:",
          table(health.map((h) => ({ ...h, lagP50: h.lagP50Ms === null ? "" : `${h.lagP50Ms} ms`, lagP95: h.lagP95Ms === null ? "" : `${h.lagP95Ms} ms` })), ["shopDomain", "pushes", "rowsPushed", "lagP50", "lagP95", "staleRetries", "failedPushes", "pendingChanges"]),
        ].join("\n"),
      );
    },
  },
  "customs quote": {
    usage: "corridor customs quote --order <file.json> [--date YYYY-MM-DD] [--incoterm DDP|DAP] [--json]",
    summary: "landed cost of a canonical order shipped from Vietnam: duty per line, import tax, fees, who pays; nothing is stored",
    async run(ctx) {
      if (typeof ctx.flags.order !== "string") throw new UsageError("give the order file: corridor customs quote --order <file.json>");
      const date = ctx.flags.date;
      if (date !== undefined && (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date))) throw new UsageError("--date must be YYYY-MM-DD");
      const incoterm = ctx.flags.incoterm ?? "DAP";
      if (incoterm !== "DDP" && incoterm !== "DAP") throw new UsageError("--incoterm must be DDP or DAP");
      const order = JSON.parse(await readFile(ctx.flags.order, "utf8")) as CanonicalOrder;
      let quote;
      try {
        quote = await quoteOrder(ctx.db().db, order, { ...(date ? { date } : {}), incoterm });
      } catch (error) {
        if (error instanceof CustomsDataError) throw new UsageError(error.merchantMessage ?? error.message);
        throw error;
      }
      const m = (n: number) => `${quote.currency} ${formatMinorUnits(n, quote.currency)}`;
      ctx.out.print(quote, () =>
        [
          `${quote.ruleSet} rules on ${quote.date}, ${quote.incoterm}: total ${m(quote.total)} (goods ${m(quote.goods)}, shipping ${m(quote.shipping)}, duty ${m(quote.duty)}, import tax ${m(quote.importTax)}, fees ${m(quote.fees)})`,
          `due at checkout ${m(quote.dueAtCheckout)}, on delivery ${m(quote.dueOnDelivery)}; tax collected ${quote.taxCollectedAt}; duty paid by ${quote.payer.duty}`,
          table(quote.lines.map((l) => ({ line: l.lineId, hsCode: l.hsCode, value: m(l.value), customsValue: m(l.customsValue), duty: m(l.duty) })), ["line", "hsCode", "value", "customsValue", "duty"]),
          ...quote.fx.map((r) => `fx: 1 ${r.base} = ${r.rate} ${r.quote} (${r.source}, ${r.date})`),
          ...quote.explanation.map((e) => `${e.severity === "warning" ? "!" : "-"} ${e.text}${e.effectiveFrom ? ` [from ${e.effectiveFrom}${e.effectiveTo ? ` to ${e.effectiveTo}` : ""}]` : ""}`),
        ].join("\n"),
      );
    },
  },

  "customs docs": {
    usage: "corridor customs docs <channel>:<external id> --out <dir> [--json]",
    summary: "write the commercial invoice, packing list and (postal lanes) CN23 PDFs of each shipment of a stored order",
    async run(ctx) {
      const [channel, externalId] = (ctx.args[0] ?? "").split(/:(.*)/s);
      if (!channel || !externalId) throw new UsageError("give the order as <channel>:<external id>, e.g. shopify:820982911946154508");
      if (typeof ctx.flags.out !== "string") throw new UsageError("give the folder: --out <dir>");
      let written;
      try {
        written = await writeOrderDocuments(ctx.db().db, channel as CanonicalOrder["channel"], externalId, ctx.flags.out);
      } catch (error) {
        if (error instanceof StoredOrderNotFound) throw new UsageError(error.message);
        if (error instanceof CustomsDataError) throw new UsageError(error.merchantMessage ?? error.message);
        throw error;
      }
      if (written.length === 0) throw new UsageError(`${channel}:${externalId} has no shipments yet: route it first`);
      ctx.out.print(written, () => written.flatMap((w) => [`${w.clientReference} from ${w.warehouseCode}:`, ...w.files.map((f) => `  ${f}`)]).join("\n"));
    },
  },
};
