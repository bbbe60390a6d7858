/**
 * Registering Corridor's warehouses as fulfillment services (contract §3.1). Creating a service
 * makes Shopify auto-create a Location with the shop's address; locationEdit then moves it to the
 * warehouse's real country, which is what duties and shipping rates are computed from.
 */

export const CORRIDOR_FULFILLMENT_SERVICE_CREATE = `#graphql
  mutation CorridorFulfillmentServiceCreate($name: String!, $callbackUrl: URL) {
    fulfillmentServiceCreate(
      name: $name
      callbackUrl: $callbackUrl
      inventoryManagement: true
      trackingSupport: true
      requiresShippingMethod: true
    ) {
      fulfillmentService {
        id
        handle
        serviceName
        callbackUrl
        inventoryManagement
        trackingSupport
        location { id legacyResourceId name }
      }
      userErrors { field message }
    }
  }` as const;

export const CORRIDOR_LOCATION_EDIT = `#graphql
  mutation CorridorLocationEdit($id: ID!, $input: LocationEditInput!) {
    locationEdit(id: $id, input: $input) {
      location {
        id
        name
        address { address1 address2 city provinceCode zip countryCode }
      }
      userErrors { code field message }
    }
  }` as const;
