/**
 * Customs data Shopify keeps on each inventory item (contract §4): the generic HS code, the country
 * of origin and country-specific HS codes, plus the weight. Read by `corridor skus pull-shopify`
 * and the products page's "Import customs data from Shopify", 25 items a page: requested cost
 * ≈ 2 + 25 × (1 + 2 + 25 + 1) = 727 points, under the 1,000 cap with room for the bucket.
 */
export const CORRIDOR_INVENTORY_ITEMS_CUSTOMS = `#graphql
  query CorridorInventoryItemsCustoms($first: Int!, $after: String) {
    inventoryItems(first: $first, after: $after) {
      nodes {
        id
        sku
        harmonizedSystemCode
        countryCodeOfOrigin
        countryHarmonizedSystemCodes(first: 25) {
          nodes { countryCode harmonizedSystemCode }
        }
        measurement { weight { unit value } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }` as const;
