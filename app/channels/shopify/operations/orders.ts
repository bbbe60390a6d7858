/**
 * The order as Corridor's canonical order needs it (app/domain/order.ts): lines with SKU,
 * quantity, unit weight, price, and customs data from the inventory item (HS code, per-country
 * HS codes, country of origin), plus ship-to address and shipping line. Money comes as decimal
 * strings in shop currency; the mapper converts to minor units.
 *
 * Requested cost ≈ 360 points (25 lines × 14): page with `linesAfter` for larger orders rather
 * than raising `first`, which would pass Shopify's 1,000-point single-query cap.
 */

export const CORRIDOR_ORDER = `#graphql
  query CorridorOrder($id: ID!, $linesAfter: String) {
    order(id: $id) {
      id
      legacyResourceId
      name
      createdAt
      processedAt
      updatedAt
      cancelledAt
      currencyCode
      email
      shippingAddress {
        name address1 address2 city provinceCode zip countryCodeV2 phone
      }
      shippingLine {
        title
        code
        source
        originalPriceSet { shopMoney { amount currencyCode } }
      }
      lineItems(first: 25, after: $linesAfter) {
        nodes {
          id
          sku
          title
          quantity
          currentQuantity
          requiresShipping
          originalUnitPriceSet { shopMoney { amount currencyCode } }
          variant {
            id
            inventoryItem {
              id
              harmonizedSystemCode
              countryCodeOfOrigin
              countryHarmonizedSystemCodes(first: 5) { nodes { countryCode harmonizedSystemCode } }
              measurement { weight { unit value } }
            }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }` as const;
