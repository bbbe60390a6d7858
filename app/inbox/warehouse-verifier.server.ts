/**
 * Intake of warehouse partners' pushes at POST /webhooks/warehouses/<connector>/<shopId>. The
 * partner's signing secrets live in the shop's warehouse rows (connector_config.webhookSecret,
 * sealed); they are read and opened once per 30 s, not per delivery. Topic is stored as
 * "<connector>/<partner topic>" so the ingest step knows which connector parses it.
 */
import type postgres from "postgres";
import type { SecretBox } from "../lib/secret-box.server";
import { openConnectorConfig } from "../warehouses/connector-config.server";
import { WEBHOOK_AUTH } from "../warehouses/webhook-auth";
import type { WarehouseConnectorId } from "../warehouses/warehouse";
import type { DeliveryVerifier } from "./delivery";

const PATH = /^\/webhooks\/warehouses\/([a-z0-9-]+)\/(\d+)$/;
const TTL_MS = 30_000;

interface ShopSecrets {
  domain: string;
  secrets: string[];
  at: number;
}

export function warehouseVerifierFor(sql: postgres.Sql, box: SecretBox) {
  const cache = new Map<string, ShopSecrets>();
  async function secretsOf(connector: string, shopId: number, now: number): Promise<ShopSecrets | undefined> {
    const key = `${connector}/${shopId}`;
    const hit = cache.get(key);
    if (hit && now - hit.at < TTL_MS) return hit;
    const rows = await sql<{ domain: string; secret: unknown }[]>`
      SELECT s.domain, w.connector_config->'webhookSecret' AS secret
      FROM warehouses w JOIN shops s ON s.id = w.shop_id
      WHERE w.shop_id = ${shopId} AND w.connector = ${connector} AND s.status = 'active'`;
    if (rows.length === 0) return undefined;
    const opened = rows.map((r) => (r.secret == null ? null : openConnectorConfig(box, { webhookSecret: r.secret }).webhookSecret));
    const entry = { domain: rows[0]!.domain, secrets: [...new Set(opened.filter((s): s is string => typeof s === "string" && s.length > 0))], at: now };
    cache.set(key, entry);
    return entry;
  }

  return (path: string): DeliveryVerifier | undefined => {
    const match = PATH.exec(path);
    if (!match) return undefined;
    const connector = match[1] as WarehouseConnectorId;
    const shopId = Number(match[2]);
    const auth = WEBHOOK_AUTH[connector];
    if (!auth) return undefined;
    return async (headers, rawBody, now) => {
      const shop = await secretsOf(connector, shopId, now.getTime());
      if (!shop || shop.secrets.length === 0) return { ok: false, reason: `no ${connector} warehouse with a webhook secret for shop ${shopId}` };
      const verdict = auth(headers, rawBody, shop.secrets, now);
      if (!verdict.ok) return { ok: false, reason: `${verdict.reason}: ${verdict.detail}` };
      const topic = `${connector}/${headers["x-webhook-topic"] ?? "event"}`;
      return { ok: true, delivery: { deliveryId: verdict.deliveryId, topic, shopDomain: shop.domain } };
    };
  };
}
