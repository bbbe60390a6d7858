/**
 * The mandatory privacy topics (contracts/shopify.md §1.6):
 * - customers/data_request: gather what Corridor holds about the customer for the merchant;
 * - customers/redact: erase that customer's personal data (ship-to names, addresses, phones, emails);
 * - shop/redact (48 h after uninstall): erase everything Corridor holds for the shop.
 * Country codes stay on redacted orders: they are not personal and routing history needs them.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { complianceRequests, orders, sessionTable, shops, webhookInbox } from "../../../db/schema";
import type { CanonicalOrder } from "../../../domain/order";
import { InvalidPayloadError } from "../../../lib/errors";
import type { HandlerContext, InboxRow, TopicHandler } from "../../../inbox/topic-handler";
import { parseShopifyJson } from "./handle-orders.server";

const idText = z.union([z.string(), z.number()]).transform(String);
const Customer = z.object({ id: idText, email: z.string().nullish(), phone: z.string().nullish() }).passthrough();
const DataRequest = z.object({ shop_domain: z.string(), customer: Customer, orders_requested: z.array(idText).default([]) }).passthrough();
const CustomerRedact = z.object({ shop_domain: z.string(), customer: Customer, orders_to_redact: z.array(idText).default([]) }).passthrough();

function parse<T>(schema: z.ZodType<T>, row: InboxRow): T {
  const result = schema.safeParse(parseShopifyJson(row.rawBody));
  if (!result.success) throw new InvalidPayloadError("UNEXPECTED_COMPLIANCE_SHAPE", `${row.topic}: ${result.error.issues[0]?.message}`);
  return result.data;
}

/** The shop's orders that belong to the customer: by the listed order ids, the customer's id, or their email. */
async function customerOrders(ctx: HandlerContext, shopDomain: string, orderIds: string[], customer: { id: string; email?: string | null }) {
  const [shop] = await ctx.db.select({ id: shops.id }).from(shops).where(eq(shops.domain, shopDomain));
  if (!shop) return [];
  const byId = orderIds.length ? inArray(orders.externalId, orderIds) : sql`false`;
  const byCustomer = eq(orders.customerId, `gid://shopify/Customer/${customer.id}`);
  const byEmail = customer.email ? sql`${orders.canonical}->'shipTo'->>'email' = ${customer.email}` : sql`false`;
  return ctx.db
    .select({ id: orders.id, externalId: orders.externalId, name: orders.name, canonical: orders.canonical })
    .from(orders)
    .where(and(eq(orders.shopId, shop.id), eq(orders.channel, "shopify"), sql`(${byId} OR ${byCustomer} OR ${byEmail})`));
}

export const handleCustomersDataRequest: TopicHandler = async (ctx, row) => {
  const p = parse(DataRequest, row);
  const found = await customerOrders(ctx, row.shopDomain, p.orders_requested, p.customer);
  const exported = found.map((o) => ({ order: o.name, externalId: o.externalId, shipTo: o.canonical.shipTo }));
  await ctx.db
    .insert(complianceRequests)
    .values({ shopDomain: row.shopDomain, topic: row.topic, inboxId: row.id, customerRef: p.customer.id, export: { orders: exported }, result: { orders: exported.length } })
    .onConflictDoNothing();
  return { status: "processed", note: `${exported.length} orders exported` };
};

const ERASED: (keyof CanonicalOrder["shipTo"])[] = ["name", "address1", "address2", "phone", "email", "zip", "city"];

export const handleCustomersRedact: TopicHandler = async (ctx, row) => {
  const p = parse(CustomerRedact, row);
  const found = await customerOrders(ctx, row.shopDomain, p.orders_to_redact, p.customer);
  await ctx.db.transaction(async (tx) => {
    for (const o of found) {
      const shipTo = { ...o.canonical.shipTo };
      for (const field of ERASED) delete shipTo[field];
      // The customer's id goes too: it is what ties the order to the person.
      const { customerId: _erased, ...canonical } = o.canonical;
      await tx.update(orders).set({ canonical: { ...canonical, shipTo }, customerId: null }).where(eq(orders.id, o.id));
    }
    // The raw deliveries of those orders carry the same PII: blank them, keep the row for audit.
    await tx
      .update(webhookInbox)
      .set({ rawBody: Buffer.from("{}"), error: "redacted (customers/redact)" })
      .where(and(eq(webhookInbox.shopDomain, row.shopDomain), inArray(webhookInbox.topic, ["orders/create", "orders/updated", "orders/cancelled"]), sql`${webhookInbox.rawBody} <> '{}'::bytea`, found.length ? sql`(${sql.join(found.map((o) => sql`position(${Buffer.from(`/Order/${o.externalId}"`)}::bytea in ${webhookInbox.rawBody}) > 0`), sql` OR `)})` : sql`false`));
    await tx
      .insert(complianceRequests)
      .values({ shopDomain: row.shopDomain, topic: row.topic, inboxId: row.id, customerRef: p.customer.id, result: { ordersRedacted: found.length } })
      .onConflictDoNothing();
  });
  return { status: "processed", note: `${found.length} orders redacted` };
};

export const handleShopRedact: TopicHandler = async (ctx, row) => {
  await ctx.db.transaction(async (tx) => {
    const deleted = await tx.delete(shops).where(eq(shops.domain, row.shopDomain)).returning({ id: shops.id });
    await tx.delete(sessionTable).where(eq(sessionTable.shop, row.shopDomain));
    // Everything the shop ever sent us, except this very delivery (the record of the erasure).
    const inbox = await tx
      .delete(webhookInbox)
      .where(and(eq(webhookInbox.shopDomain, row.shopDomain), sql`${webhookInbox.id} <> ${row.id}`))
      .returning({ id: webhookInbox.id });
    // Earlier data-request exports hold customer data too; the records stay, their contents go.
    await tx.update(complianceRequests).set({ export: null }).where(eq(complianceRequests.shopDomain, row.shopDomain));
    await tx
      .insert(complianceRequests)
      .values({ shopDomain: row.shopDomain, topic: row.topic, inboxId: row.id, result: { shopDeleted: deleted.length, deliveriesDeleted: inbox.length } })
      .onConflictDoNothing();
  });
  return { status: "processed" };
};
