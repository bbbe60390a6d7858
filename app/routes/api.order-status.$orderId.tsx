/**
 * GET /api/order-status/:orderId — the parcel journey behind the order-status block
 * (extensions/corridor-order-status), called from the shopper's browser with the extension's
 * session token (contracts/shopify.md §8).
 *
 * Access rule: the shop is the verified token's `dest`, and nothing else (never the URL or body);
 * the order is looked up within that shop only, so a token minted for another shop answers 404
 * exactly like a missing order. When the order names its customer (orders.customer_id, from the
 * orders webhook) and the token names one (`sub`, a logged-in customer), they must match: another
 * shopper of the same shop who guesses an order id gets the same 404. Tokens without `sub`
 * (pre-authenticated visitors from the order e-mail) and orders without a known customer keep the
 * shop boundary only: see docs/order-status-extension.md, "Limits".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { getConfig } from "../config.server";
import { getDb } from "../db/db.server";
import { orders, shops } from "../db/schema";
import { logger } from "../lib/logger.server";
import { authenticate } from "../shopify.server";
import { loadParcelJourney } from "../tracking/parcel-journey.server";

/** Numeric id or Order GID; kept a string end to end (Shopify ids exceed 2^53). */
const ORDER_ID = /^(?:gid:\/\/shopify\/Order\/)?(\d{1,20})$/;

/**
 * The extension runs in a sandboxed worker on Shopify's origin and authenticates with a bearer
 * token, not cookies, so any origin may read the answer. Error answers carry the headers too:
 * without them the browser hides the status and the block cannot tell "expired" from "offline".
 */
function withCors(response: Response): Response {
  response.headers.set("Access-Control-Allow-Origin", "*");
  response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  response.headers.set("Vary", "Origin");
  return response;
}

const refuse = (status: 401 | 404 | 405, error: string) => withCors(Response.json({ error }, { status, headers: { "Cache-Control": "no-store" } }));

/** `dest` is the shop, as a bare domain or an https URL depending on the surface: keep the host. */
function shopFromDest(dest: unknown): string | null {
  if (typeof dest !== "string" || dest === "") return null;
  try {
    return new URL(dest.includes("://") ? dest : `https://${dest}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * authenticate.public.customerAccount checks signature (HS256, app secret), exp and nbf, and
 * answers CORS preflights; it skips the audience check for extension tokens, so it is done here.
 */
async function verifyShopper(request: Request) {
  let context;
  try {
    context = await authenticate.public.customerAccount(request);
  } catch (thrown) {
    if (thrown instanceof Response) throw withCors(thrown);
    throw thrown;
  }
  const { sessionToken, cors } = context;
  if (sessionToken.aud !== getConfig().SHOPIFY_API_KEY) throw refuse(401, "invalid_token");
  const shop = shopFromDest(sessionToken.dest);
  if (!shop) throw refuse(401, "invalid_token");
  return { shop, customer: typeof sessionToken.sub === "string" ? sessionToken.sub : undefined, cors };
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, customer, cors } = await verifyShopper(request);
  const orderId = ORDER_ID.exec(params.orderId ?? "")?.[1];
  if (!orderId) return refuse(404, "not_found");
  const [owner] = await getDb()
    .select({ customerId: orders.customerId })
    .from(orders)
    .innerJoin(shops, eq(shops.id, orders.shopId))
    .where(and(eq(shops.domain, shop), eq(orders.channel, "shopify"), eq(orders.externalId, orderId)));
  // Someone else's order answers exactly like a missing one: nothing tells a guesser it exists.
  if (owner?.customerId && customer && owner.customerId !== customer) {
    logger.debug({ shop, orderId }, "order-status: the token's customer is not the order's");
    return refuse(404, "not_found");
  }
  const journey = await loadParcelJourney(getDb(), { shopDomain: shop, shopifyOrderId: orderId });
  if (!journey) {
    logger.debug({ shop, orderId }, "order-status: no such order for this shop");
    return refuse(404, "not_found");
  }
  const { legs, customs, estimatedDelivery } = journey;
  // Tracking changes by the minute and is one shopper's data: never cache it in between.
  return withCors(cors(Response.json({ legs, customs, estimatedDelivery }, { headers: { "Cache-Control": "private, no-store" } })));
};

/** Remix sends OPTIONS (the CORS preflight) to the action; authenticate answers it with 204. */
export const action = async ({ request }: ActionFunctionArgs) => {
  await verifyShopper(request);
  return refuse(405, "method_not_allowed");
};
