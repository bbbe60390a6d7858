/** Who we are talking to: checked on connect (`corridor shops connect`) and shown in the admin. */

export const CORRIDOR_SHOP = `#graphql
  query CorridorShop {
    shop {
      id
      name
      myshopifyDomain
      currencyCode
      ianaTimezone
      plan { publicDisplayName shopifyPlus partnerDevelopment }
    }
  }` as const;
