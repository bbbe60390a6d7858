/**
 * The order as Corridor's canonical order needs it (app/domain/order.ts): lines with SKU,
 * quantity, unit weight, price, and customs data from the inventory item (HS code, per-country
 * HS codes, country of origin), plus ship-to address and shipping line. Money comes as decimal
 * strings in shop currency; the mapper converts to minor units.
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
      lineItems(first: 100, after: $linesAfter) {
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
              countryHarmonizedSystemCodes(first: 20) { nodes { countryCode harmonizedSystemCode } }
              measurement { weight { unit value } }
            }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }` as const;
