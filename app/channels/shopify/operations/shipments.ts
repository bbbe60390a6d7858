/**
 * Reads behind pushing a shipment (contract §3.4): the live fulfillment order lines, to map an
 * allocation's order lines onto FulfillmentOrderLineItem ids with what is left to ship, and the
 * order's fulfillments with their tracking, so a fulfillmentCreate whose answer was lost (5xx,
 * timeout, crash) is found again instead of being sent twice: fulfillmentCreate takes no
 * `@idempotent` key in 2026-10.
 */

/** Cost ≈ 1 + 5 requests + 50 lines: well under the 1,000-point cap. */
export const CORRIDOR_FULFILLMENT_ORDER_LINES = `#graphql
  query CorridorFulfillmentOrderLines($id: ID!) {
    fulfillmentOrder(id: $id) {
      id
      status
      requestStatus
      merchantRequests(first: 5, kind: FULFILLMENT_REQUEST) {
        nodes { id requestOptions sentAt }
      }
      lineItems(first: 50) {
        nodes { id sku totalQuantity remainingQuantity lineItem { id } }
      }
    }
  }` as const;

/** `Order.fulfillments` is a plain list (no connection): 50 covers any real split. */
export const CORRIDOR_ORDER_FULFILLMENTS = `#graphql
  query CorridorOrderFulfillments($id: ID!) {
    order(id: $id) {
      id
      fulfillments(first: 50) {
        id
        status
        createdAt
        trackingInfo(first: 10) { company number url }
      }
    }
  }` as const;

/**
 * The fulfillment's tracking and latest events: a handover compares numbers, an event push finds its
 * twin. A twin left by a lost answer is among the latest few (pushes never go backwards), so `last: 20`
 * (≈ 24 points requested) instead of a first page of 100 (≈ 104, at every tracking event).
 */
export const CORRIDOR_FULFILLMENT_TRACKING = `#graphql
  query CorridorFulfillmentTracking($id: ID!) {
    fulfillment(id: $id) {
      id
      status
      trackingInfo(first: 10) { company number url }
      events(last: 20) { nodes { id status happenedAt } }
    }
  }` as const;

/**
 * The order's fulfillment orders with their open lines, for a shipment pushed through the Channel
 * interface (which knows order lines, not fulfillment orders). Cost ≈ 2 + 5 × (3 + 3 + 50).
 */
export const CORRIDOR_ORDER_FULFILLMENT_ORDERS = `#graphql
  query CorridorOrderFulfillmentOrders($id: ID!) {
    order(id: $id) {
      id
      fulfillmentOrders(first: 5) {
        nodes {
          id
          status
          requestStatus
          assignedLocation { location { id } }
          merchantRequests(first: 3, kind: FULFILLMENT_REQUEST) { nodes { id requestOptions } }
          lineItems(first: 50) { nodes { id remainingQuantity lineItem { id } } }
        }
      }
    }
  }` as const;
