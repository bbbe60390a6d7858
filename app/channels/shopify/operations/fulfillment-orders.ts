/**
 * Reading and answering the work Shopify assigns to Corridor's locations (contract §3.2–3.3).
 * The callback ping and the webhook only say "look"; this query is the source of truth, and a
 * periodic poll with it recovers any ping or webhook that was lost.
 */

/**
 * Requested cost ≈ 2 + first × 62 (lines are scalars only, so 50 lines cost 52), so keep `first`
 * at 15 or below: Shopify refuses any single query over 1,000 points before running it.
 * Per-line weights and customs data come from CORRIDOR_ORDER.
 */
export const CORRIDOR_ASSIGNED_FULFILLMENT_ORDERS = `#graphql
  query CorridorAssignedFulfillmentOrders(
    $assignmentStatus: FulfillmentOrderAssignmentStatus!
    $locationIds: [ID!]
    $first: Int!
    $after: String
  ) {
    assignedFulfillmentOrders(
      first: $first
      after: $after
      assignmentStatus: $assignmentStatus
      locationIds: $locationIds
    ) {
      nodes {
        id
        status
        requestStatus
        updatedAt
        fulfillBy
        assignedLocation { location { id } }
        order { id legacyResourceId name }
        destination {
          firstName lastName company email phone
          address1 address2 city province zip countryCode
        }
        merchantRequests(first: 3) {
          nodes { id kind message requestOptions sentAt }
        }
        lineItems(first: 50) {
          nodes { id sku totalQuantity remainingQuantity inventoryItemId productTitle requiresShipping }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }` as const;

/**
 * One fulfillment order by id, with exactly the fields of an assigned one above, so the answer code
 * takes either: the fulfillment_orders/fulfillment_request_submitted webhook names the order, and
 * answering it at once (≈ 64 points) spares the request the poll's coalescing window.
 */
export const CORRIDOR_FULFILLMENT_ORDER = `#graphql
  query CorridorFulfillmentOrder($id: ID!) {
    fulfillmentOrder(id: $id) {
      id
      status
      requestStatus
      updatedAt
      fulfillBy
      assignedLocation { location { id } }
      order { id legacyResourceId name }
      destination {
        firstName lastName company email phone
        address1 address2 city province zip countryCode
      }
      merchantRequests(first: 3) {
        nodes { id kind message requestOptions sentAt }
      }
      lineItems(first: 50) {
        nodes { id sku totalQuantity remainingQuantity inventoryItemId productTitle requiresShipping }
      }
    }
  }` as const;

export const CORRIDOR_ACCEPT_FULFILLMENT_REQUEST = `#graphql
  mutation CorridorAcceptFulfillmentRequest($id: ID!, $message: String, $estimatedShippedAt: DateTime) {
    fulfillmentOrderAcceptFulfillmentRequest(id: $id, message: $message, estimatedShippedAt: $estimatedShippedAt) {
      fulfillmentOrder { id status requestStatus }
      userErrors { field message }
    }
  }` as const;

export const CORRIDOR_REJECT_FULFILLMENT_REQUEST = `#graphql
  mutation CorridorRejectFulfillmentRequest(
    $id: ID!
    $reason: FulfillmentOrderRejectionReason!
    $message: String!
    $lineItems: [IncomingRequestLineItemInput!]
  ) {
    fulfillmentOrderRejectFulfillmentRequest(id: $id, reason: $reason, message: $message, lineItems: $lineItems) {
      fulfillmentOrder { id status requestStatus }
      userErrors { field message }
    }
  }` as const;

export const CORRIDOR_ACCEPT_CANCELLATION_REQUEST = `#graphql
  mutation CorridorAcceptCancellationRequest($id: ID!, $message: String) {
    fulfillmentOrderAcceptCancellationRequest(id: $id, message: $message) {
      fulfillmentOrder { id status requestStatus }
      userErrors { field message }
    }
  }` as const;

export const CORRIDOR_REJECT_CANCELLATION_REQUEST = `#graphql
  mutation CorridorRejectCancellationRequest($id: ID!, $message: String!) {
    fulfillmentOrderRejectCancellationRequest(id: $id, message: $message) {
      fulfillmentOrder { id status requestStatus }
      userErrors { field message }
    }
  }` as const;
