/**
 * Reading and answering the work Shopify assigns to Corridor's locations (contract §3.2–3.3).
 * The callback ping and the webhook only say "look"; this query is the source of truth, and a
 * periodic poll with it recovers any ping or webhook that was lost.
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
        merchantRequests(first: 5) {
          nodes { id kind message requestOptions sentAt }
        }
        lineItems(first: 100) {
          nodes {
            id
            sku
            totalQuantity
            remainingQuantity
            inventoryItemId
            productTitle
            requiresShipping
            weight { unit value }
            lineItem { id }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
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
