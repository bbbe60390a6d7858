/**
 * `corridor skus import <file.csv>` and `corridor skus pull-shopify`: the products page's two bulk
 * imports from the operator CLI, with progress on stderr (stdout stays the result, parseable with --json).
 */
import { readFile } from "node:fs/promises";
import { pino } from "pino";
import type { Command } from "../cli/commands";
import { UsageError } from "../cli/output";
import { findShopByDomain } from "../db/queries/shop.server";
import { translator } from "../i18n/translate";
import { progressBar } from "../stock/stock-sync-cli.server";
import { describeFieldError } from "./customs-messages";
import { CsvFileError, importCustomsCsv } from "./import-customs-csv.server";
import { pullCustomsFromShopify } from "./pull-shopify-customs.server";

const t = translator("en");

export const SKUS_COMMANDS: Record<string, Command> = {
  "skus import": {
    usage: "corridor skus import <file.csv> --shop <domain> [--dry-run] [--json]",
    summary: "load customs data per SKU (HS codes, origin, value, dangerous goods) from a CSV; bad lines are listed with their reasons",
    async run(ctx) {
      const file = ctx.args[0];
      const domain = ctx.flags.shop;
      if (!file || typeof domain !== "string") throw new UsageError("give the file and the shop: corridor skus import <file.csv> --shop <domain>");
      const { db } = ctx.db();
      const shop = await findShopByDomain(db, domain);
      if (!shop) throw new UsageError(`no shop ${domain}`);
      let summary;
      try {
        summary = await importCustomsCsv(db, shop.id, await readFile(file, "utf8"), {
          dryRun: ctx.flags["dry-run"] === true,
          onProgress: (done, total) => process.stderr.write(`\r${progressBar(done, total, file)}${done === total ? "\n" : ""}`),
        });
      } catch (error) {
        if (error instanceof CsvFileError) throw new UsageError(`${file}: ${t(error.key, error.vars)}`);
        throw error;
      }
      const s = summary;
      ctx.out.print(s, () =>
        [
          `${s.dryRun ? "dry run, nothing written: " : ""}${s.rows} rows: ${s.created} added, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected.length} rejected`,
          ...s.rejected.map((r) => `  line ${r.line} (${r.sku || "no sku"}): ${r.errors.map((e) => describeFieldError(t, e)).join(" ")}`),
        ].join("\n"),
      );
      // Rejected lines make the exit status 1 for scripts, though the good rows were written.
      if (s.rejected.length) throw new Error(`${s.rejected.length} line(s) rejected; fix them and import the file again`);
    },
  },

  "skus pull-shopify": {
    usage: "corridor skus pull-shopify --shop <domain> [--admin-origin <url>] [--json]",
    summary: "fill SKUs' empty HS codes, national codes, origin and weight from the shop's Shopify inventory items; never overwrites",
    async run(ctx) {
      const domain = ctx.flags.shop;
      if (typeof domain !== "string") throw new UsageError("give the shop: corridor skus pull-shopify --shop <domain>");
      const origin = typeof ctx.flags["admin-origin"] === "string" ? ctx.flags["admin-origin"] : ctx.adminApiOrigin;
      const logger = pino({ level: "warn" }, pino.destination(2));
      // The offline token is sealed at rest: shopAdmin opens it with the CLI's CORRIDOR_ENCRYPTION_KEYS.
      const CORRIDOR_ENCRYPTION_KEYS = ctx.encryptionKeys;
      if (!CORRIDOR_ENCRYPTION_KEYS) throw new UsageError("this command needs CORRIDOR_ENCRYPTION_KEYS");
      const outcome = await pullCustomsFromShopify({ db: ctx.db().db, config: { SHOPIFY_ADMIN_API_ORIGIN: origin, CORRIDOR_ENCRYPTION_KEYS }, logger }, domain, {
        onProgress: (items) => process.stderr.write(`\r${items} Shopify items read`),
      });
      process.stderr.write("\n");
      if (!outcome.ok) throw new UsageError(`${domain}: ${outcome.reason}`);
      const s = outcome.summary;
      ctx.out.print(s, () =>
        [
          `${s.items} Shopify items: ${s.created} new SKUs, ${s.filled} completed, ${s.unchanged} already complete, ${s.ignored} without a SKU or repeated`,
          ...s.skipped.map((k) => `  ${k.sku}: kept out ${k.errors.map((e) => describeFieldError(t, e)).join(" ")}`),
        ].join("\n"),
      );
    },
  },
};
