/**
 * Shipping and tracking (contract §3.4–3.5). Uses fulfillmentCreate and
 * fulfillmentTrackingInfoUpdate, not the deprecated …V2 mutations.
 */

export const CORRIDOR_FULFILLMENT_CREATE = `#graphql
  mutation CorridorFulfillmentCreate($fulfillment: FulfillmentInput!, $message: String) {
    fulfillmentCreate(fulfillment: $fulfillment, message: $message) {
      fulfillment {
        id
        status
        displayStatus
        createdAt
        trackingInfo(first: 10) { company number url }
      }
      userErrors { field message }
    }
  }` as const;

export const CORRIDOR_FULFILLMENT_TRACKING_INFO_UPDATE = `#graphql
  mutation CorridorFulfillmentTrackingInfoUpdate(
    $fulfillmentId: ID!
    $trackingInfoInput: FulfillmentTrackingInput!
    $notifyCustomer: Boolean
  ) {
    fulfillmentTrackingInfoUpdate(
      fulfillmentId: $fulfillmentId
      trackingInfoInput: $trackingInfoInput
      notifyCustomer: $notifyCustomer
    ) {
      fulfillment {
        id
        status
        trackingInfo(first: 10) { company number url }
      }
      userErrors { field message }
    }
  }` as const;

export const CORRIDOR_FULFILLMENT_EVENT_CREATE = `#graphql
  mutation CorridorFulfillmentEventCreate($fulfillmentEvent: FulfillmentEventInput!) {
    fulfillmentEventCreate(fulfillmentEvent: $fulfillmentEvent) {
      fulfillmentEvent { id status happenedAt estimatedDeliveryAt message }
      userErrors { field message }
    }
  }` as const;
