/** order(id) and shop: the reads behind the canonical order and `corridor shops connect`. */
import { parseGid } from "../ids";
import type { RootResolver } from "./common";
import { orderView } from "./views";

export const orderQueries: Record<string, RootResolver> = {
  order(args, { shop }) {
    const id = parseGid(args.id, "Order");
    const order = id === undefined ? undefined : shop.orders.get(BigInt(id));
    return order ? orderView(shop, order) : null;
  },
  shop(_args, { shop }) {
    const id = BigInt(`0x${Buffer.from(shop.domain).toString("hex").slice(0, 12)}`) + 2n ** 53n;
    return {
      __typename: "Shop",
      id: `gid://shopify/Shop/${id}`,
      name: shop.name,
      myshopifyDomain: shop.domain,
      currencyCode: shop.currency,
      ianaTimezone: "UTC",
      plan: { publicDisplayName: shop.bucket.plan.restoreRate >= 1000 ? "Shopify Plus" : "Basic", shopifyPlus: shop.bucket.plan.restoreRate >= 1000, partnerDevelopment: false },
    };
  },
};
