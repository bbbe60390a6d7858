/**
 * Stock push and read-back (contract §4). In 2026-10 every inventory mutation must carry
 * `@idempotent(key:)` (runtime-required, the schema cannot say so) and every inventorySetQuantities
 * row an explicit `changeFromQuantity` (int = compare-and-swap, null = no check). The unit test
 * `operations.test.ts` fails if an inventory mutation here loses the directive.
 */

export const CORRIDOR_INVENTORY_SET_QUANTITIES = `#graphql
  mutation CorridorInventorySetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup {
        id
        reason
        referenceDocumentUri
        changes { name delta quantityAfterChange item { id } location { id } }
      }
      userErrors { code field message }
    }
  }` as const;

export const CORRIDOR_INVENTORY_ACTIVATE = `#graphql
  mutation CorridorInventoryActivate($inventoryItemId: ID!, $locationId: ID!, $available: Int, $key: String!) {
    inventoryActivate(inventoryItemId: $inventoryItemId, locationId: $locationId, available: $available)
      @idempotent(key: $key) {
      inventoryLevel {
        id
        quantities(names: ["available", "on_hand"]) { name quantity }
      }
      userErrors { field message }
    }
  }` as const;

/** `query` uses Shopify search syntax, e.g. `sku:"TSHIRT-RED" OR sku:"TSHIRT-BLUE"`. */
export const CORRIDOR_INVENTORY_ITEMS_BY_SKU = `#graphql
  query CorridorInventoryItemsBySku($query: String!, $locationId: ID!, $first: Int!, $after: String) {
    inventoryItems(first: $first, after: $after, query: $query) {
      nodes {
        id
        sku
        tracked
        inventoryLevel(locationId: $locationId) {
          id
          quantities(names: ["available", "on_hand", "committed"]) { name quantity updatedAt }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }` as const;
