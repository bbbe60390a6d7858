/**
 * The sandbox 3PL connector: Corridor's `Warehouse` over the sandbox's HTTP API
 * (docs/sandbox-3pl.md). One instance per warehouse row (one partner location).
 */
import { PartnerError } from "~/lib/errors";
import {
  assertClientReference,
  type CallContext,
  type CancelOutcome,
  type ConnectionCheck,
  type DispatchReceipt,
  type DispatchRequest,
  type IncomingHeaders,
  type Shipment,
  type StockLevel,
  type Warehouse,
  type WarehouseOrderRef,
  type WarehouseOrderSnapshot,
  type WebhookVerdict,
} from "../warehouse";
import { createSandboxClient, type SandboxAnswer } from "./client";
import { toPartnerError, toUnexpectedBody } from "./errors";
import { SANDBOX_DOCUMENT_KINDS, toCreateOrder, toSnapshot, toStage, toStockLevels, toWarehouseEvent } from "./map";
import { WireOrder, WireOrderList, WireOrderStatus, WirePing, WireStock, WireWebhook } from "./schema";
import { verifyStandardWebhook } from "./verify";
import { z } from "zod";

export interface SandboxWarehouseOptions {
  baseUrl: string;
  apiKey: string;
  /** "whsec_…" secret the sandbox signs this tenant's webhooks with. */
  webhookSecret: string;
  /** Sandbox warehouse code this instance ships from ("US-RNO"). */
  partnerLocationId: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The sandbox answers GET /v1/stock for at most this many SKUs per call. */
const STOCK_PAGE = 100;

const CancelAnswer = z.object({ order: WireOrder, already_cancelled: z.boolean() });
const TooLateAnswer = z.object({ error: z.object({ code: z.literal("ALREADY_SHIPPED"), message: z.string() }), status: WireOrderStatus });

function parseJson<T>(schema: z.ZodType<T>, answer: SandboxAnswer, operation: string, correlationId?: string): T {
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw toUnexpectedBody(operation, `not JSON (HTTP ${answer.status})`, correlationId);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw toUnexpectedBody(operation, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "), correlationId);
  return parsed.data;
}

const orderPath = (ref: WarehouseOrderRef) => {
  assertClientReference(ref.clientReference);
  return `/v1/orders/${encodeURIComponent(ref.clientReference)}`;
};

export function createSandboxWarehouse(options: SandboxWarehouseOptions): Warehouse {
  const client = createSandboxClient(options);
  const location = options.partnerLocationId;

  async function fetchOrder(ref: WarehouseOrderRef, ctx: CallContext = {}): Promise<WarehouseOrderSnapshot | null> {
    const answer = await client.call({ operation: "fetchOrder", method: "GET", path: orderPath(ref), accept: [404], ...ctx });
    if (answer.status === 404) return null;
    return toSnapshot(parseJson(WireOrder, answer, "fetchOrder", ctx.correlationId));
  }

  return {
    connector: "sandbox",
    partnerLocationId: location,
    capabilities: { customsDocuments: SANDBOX_DOCUMENT_KINDS },

    async submitOrder(request: DispatchRequest, idempotencyKey: string, ctx: CallContext = {}): Promise<DispatchReceipt> {
      assertClientReference(idempotencyKey);
      const answer = await client.call({
        operation: "submitOrder",
        method: "POST",
        path: "/v1/orders",
        body: toCreateOrder(request, idempotencyKey, location),
        idempotencyKey,
        ...ctx,
      });
      if (answer.text.trim() === "") {
        // MCF-style empty create answer: the order exists under our reference; read it back once,
        // and let the caller poll later if the partner does not show it yet.
        const order = await fetchOrder({ clientReference: idempotencyKey }, ctx).catch((error: unknown) => {
          if (error instanceof PartnerError && error.retryable) return null;
          throw error;
        });
        if (!order) return { status: "pending", clientReference: idempotencyKey };
        return { status: "accepted", clientReference: idempotencyKey, partnerOrderId: order.partnerOrderId, duplicate: false };
      }
      const order = parseJson(WireOrder, answer, "submitOrder", ctx.correlationId);
      if (order.reference !== idempotencyKey) {
        throw toUnexpectedBody("submitOrder", `answered reference ${order.reference}, sent ${idempotencyKey}`, ctx.correlationId);
      }
      // 201 created; 200 = the sandbox already had this reference with the same body.
      return { status: "accepted", clientReference: order.reference, partnerOrderId: order.id, duplicate: answer.status === 200, acceptedAt: order.created_at };
    },

    async cancelOrder(ref: WarehouseOrderRef, idempotencyKey: string, ctx: CallContext = {}): Promise<CancelOutcome> {
      const answer = await client.call({
        operation: "cancelOrder",
        method: "POST",
        path: `${orderPath(ref)}/cancel`,
        idempotencyKey,
        accept: [409],
        ...ctx,
      });
      if (answer.status === 409) {
        let tooLate: z.infer<typeof TooLateAnswer> | undefined;
        try {
          tooLate = TooLateAnswer.parse(JSON.parse(answer.text));
        } catch {
          // Some other conflict: not "too late", so map it like any refusal.
          throw toPartnerError({ operation: "cancelOrder", status: 409, body: answer.text, correlationId: ctx.correlationId });
        }
        return { outcome: "too_late", stage: toStage(tooLate.status), reason: tooLate.error.message };
      }
      const parsed = parseJson(CancelAnswer, answer, "cancelOrder", ctx.correlationId);
      return { outcome: "cancelled", alreadyCancelled: parsed.already_cancelled };
    },

    fetchOrder,

    async fetchShipments(ref: WarehouseOrderRef, ctx: CallContext = {}): Promise<Shipment[]> {
      const order = await fetchOrder(ref, ctx);
      if (!order) {
        throw new PartnerError("NOT_FOUND", `sandbox-3pl fetchShipments: no order ${ref.clientReference}`, { status: 404, retryable: false });
      }
      return order.shipments;
    },

    async listUpdatedOrders(since: string, ctx: CallContext = {}): Promise<WarehouseOrderSnapshot[]> {
      const out: WarehouseOrderSnapshot[] = [];
      let cursor: string | undefined;
      do {
        const answer = await client.call({
          operation: "listUpdatedOrders",
          method: "GET",
          path: "/v1/orders",
          query: { updated_since: since, warehouse: location, cursor },
          ...ctx,
        });
        const page = parseJson(WireOrderList, answer, "listUpdatedOrders", ctx.correlationId);
        out.push(...page.orders.map(toSnapshot));
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return out;
    },

    async fetchStock(skus, ctx: CallContext = {}): Promise<StockLevel[]> {
      const unique = [...new Set(skus)];
      const out: StockLevel[] = [];
      for (let i = 0; i < unique.length; i += STOCK_PAGE) {
        const page = unique.slice(i, i + STOCK_PAGE);
        const answer = await client.call({ operation: "fetchStock", method: "GET", path: "/v1/stock", query: { warehouse: location, sku: page }, ...ctx });
        out.push(...toStockLevels(parseJson(WireStock, answer, "fetchStock", ctx.correlationId), page));
      }
      return out;
    },

    verifyWebhook(headers: IncomingHeaders, rawBody: Uint8Array, now: Date = new Date()): WebhookVerdict {
      const signed = verifyStandardWebhook(headers, rawBody, [options.webhookSecret], now);
      if ("ok" in signed) return signed;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(rawBody).toString("utf8"));
      } catch {
        return { ok: false, reason: "malformed", detail: "body is not JSON" };
      }
      const parsed = WireWebhook.safeParse(json);
      if (!parsed.success) return { ok: false, reason: "malformed", detail: parsed.error.issues[0]?.message ?? "unknown payload" };
      return {
        ok: true,
        deliveryId: signed.deliveryId,
        topic: parsed.data.type,
        sentAt: new Date(signed.timestamp * 1000).toISOString(),
        event: toWarehouseEvent(parsed.data),
      };
    },

    async testConnection(ctx: CallContext = {}): Promise<ConnectionCheck> {
      try {
        const answer = await client.call({ operation: "testConnection", method: "GET", path: "/v1/ping", ...ctx });
        const ping = parseJson(WirePing, answer, "testConnection", ctx.correlationId);
        if (!ping.warehouses.includes(location)) {
          return { ok: false, message: `authenticated as ${ping.tenant}, but location ${location} is not one of ${ping.warehouses.join(", ")}`, partnerLocations: ping.warehouses };
        }
        return { ok: true, message: `authenticated as ${ping.tenant}; locations ${ping.warehouses.join(", ")}`, partnerLocations: ping.warehouses };
      } catch (error) {
        if (error instanceof PartnerError) return { ok: false, message: error.merchantMessage ?? error.message };
        throw error;
      }
    },
  };
}
