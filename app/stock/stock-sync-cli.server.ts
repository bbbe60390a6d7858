/**
 * `corridor stock sync`: a full reconciliation of each storefront connection (Shopify, and Etsy and
 * TikTok Shop when the CLI's config has their app credentials; otherwise they are reported skipped),
 * run in the CLI's process with a progress bar on stderr. It pushes every SKU whose storefront
 * quantity differs from ATS, so it also repairs drift that the change-driven pushes cannot see.
 */
import type { Config } from "../config.server";
import type { Database } from "../db/client.server";
import type { Logger } from "../lib/logger.server";
import { runStockPush, type PushStockResult } from "./process-push-stock.server";
import { stockConnectionIds } from "./stock-connection.server";

export interface StockSyncRun {
  shopDomain: string;
  connectionId: number;
  result: PushStockResult;
}

/** A text progress bar: `[#########...........]  450/1000 rows  acme.myshopify.com`. */
export function progressBar(done: number, total: number, label: string, width = 30): string {
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(share * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total} rows  ${label}`;
}

export async function syncStockFromCli(
  deps: { db: Database; logger: Logger; adminOrigin?: string; encryptionKeys: string; stderr?: NodeJS.WritableStream },
  opts: { shopDomain?: string; readBack?: boolean },
): Promise<StockSyncRun[]> {
  const stderr = deps.stderr ?? process.stderr;
  // The pushers read only the Admin API origin override and the keys opening stored tokens from
  // config; the CLI has no Shopify secrets.
  const config = { SHOPIFY_ADMIN_API_ORIGIN: deps.adminOrigin, CORRIDOR_ENCRYPTION_KEYS: deps.encryptionKeys } as Config;
  const runs: StockSyncRun[] = [];
  for (const { connectionId, shopDomain } of await stockConnectionIds(deps.db, opts.shopDomain)) {
    const result = await runStockPush({ db: deps.db, config, logger: deps.logger, now: () => new Date() }, connectionId, {
      scope: "all",
      readBack: opts.readBack,
      onProgress: (done, total) => stderr.write(`\r${progressBar(done, total, shopDomain)}`),
    });
    stderr.write(result.status === "pushed" ? "\n" : `${shopDomain}: skipped (${result.reason})\n`);
    runs.push({ shopDomain, connectionId, result });
  }
  return runs;
}
