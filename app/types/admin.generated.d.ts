/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type CorridorAssignedFulfillmentOrdersQueryVariables = AdminTypes.Exact<{
  assignmentStatus: AdminTypes.FulfillmentOrderAssignmentStatus;
  locationIds?: AdminTypes.InputMaybe<Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input']>;
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CorridorAssignedFulfillmentOrdersQuery = { assignedFulfillmentOrders: { nodes: Array<(
      Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus' | 'updatedAt' | 'fulfillBy'>
      & { assignedLocation: { location?: AdminTypes.Maybe<Pick<AdminTypes.Location, 'id'>> }, order: Pick<AdminTypes.Order, 'id' | 'legacyResourceId' | 'name'>, destination?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrderDestination, 'firstName' | 'lastName' | 'company' | 'email' | 'phone' | 'address1' | 'address2' | 'city' | 'province' | 'zip' | 'countryCode'>>, merchantRequests: { nodes: Array<Pick<AdminTypes.FulfillmentOrderMerchantRequest, 'id' | 'kind' | 'message' | 'requestOptions' | 'sentAt'>> }, lineItems: { nodes: Array<Pick<AdminTypes.FulfillmentOrderLineItem, 'id' | 'sku' | 'totalQuantity' | 'remainingQuantity' | 'inventoryItemId' | 'productTitle' | 'requiresShipping'>> } }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type CorridorFulfillmentOrderQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CorridorFulfillmentOrderQuery = { fulfillmentOrder?: AdminTypes.Maybe<(
    Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus' | 'updatedAt' | 'fulfillBy'>
    & { assignedLocation: { location?: AdminTypes.Maybe<Pick<AdminTypes.Location, 'id'>> }, order: Pick<AdminTypes.Order, 'id' | 'legacyResourceId' | 'name'>, destination?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrderDestination, 'firstName' | 'lastName' | 'company' | 'email' | 'phone' | 'address1' | 'address2' | 'city' | 'province' | 'zip' | 'countryCode'>>, merchantRequests: { nodes: Array<Pick<AdminTypes.FulfillmentOrderMerchantRequest, 'id' | 'kind' | 'message' | 'requestOptions' | 'sentAt'>> }, lineItems: { nodes: Array<Pick<AdminTypes.FulfillmentOrderLineItem, 'id' | 'sku' | 'totalQuantity' | 'remainingQuantity' | 'inventoryItemId' | 'productTitle' | 'requiresShipping'>> } }
  )> };

export type CorridorAcceptFulfillmentRequestMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  message?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  estimatedShippedAt?: AdminTypes.InputMaybe<AdminTypes.Scalars['DateTime']['input']>;
}>;


export type CorridorAcceptFulfillmentRequestMutation = { fulfillmentOrderAcceptFulfillmentRequest?: AdminTypes.Maybe<{ fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CorridorRejectFulfillmentRequestMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  reason: AdminTypes.FulfillmentOrderRejectionReason;
  message: AdminTypes.Scalars['String']['input'];
  lineItems?: AdminTypes.InputMaybe<Array<AdminTypes.IncomingRequestLineItemInput> | AdminTypes.IncomingRequestLineItemInput>;
}>;


export type CorridorRejectFulfillmentRequestMutation = { fulfillmentOrderRejectFulfillmentRequest?: AdminTypes.Maybe<{ fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CorridorAcceptCancellationRequestMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  message?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CorridorAcceptCancellationRequestMutation = { fulfillmentOrderAcceptCancellationRequest?: AdminTypes.Maybe<{ fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CorridorRejectCancellationRequestMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  message: AdminTypes.Scalars['String']['input'];
}>;


export type CorridorRejectCancellationRequestMutation = { fulfillmentOrderRejectCancellationRequest?: AdminTypes.Maybe<{ fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CorridorFulfillmentServiceCreateMutationVariables = AdminTypes.Exact<{
  name: AdminTypes.Scalars['String']['input'];
  callbackUrl?: AdminTypes.InputMaybe<AdminTypes.Scalars['URL']['input']>;
}>;


export type CorridorFulfillmentServiceCreateMutation = { fulfillmentServiceCreate?: AdminTypes.Maybe<{ fulfillmentService?: AdminTypes.Maybe<(
      Pick<AdminTypes.FulfillmentService, 'id' | 'handle' | 'serviceName' | 'callbackUrl' | 'inventoryManagement' | 'trackingSupport'>
      & { location?: AdminTypes.Maybe<Pick<AdminTypes.Location, 'id' | 'legacyResourceId' | 'name'>> }
    )>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CorridorLocationEditMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  input: AdminTypes.LocationEditInput;
}>;


export type CorridorLocationEditMutation = { locationEdit?: AdminTypes.Maybe<{ location?: AdminTypes.Maybe<(
      Pick<AdminTypes.Location, 'id' | 'name'>
      & { address: Pick<AdminTypes.LocationAddress, 'address1' | 'address2' | 'city' | 'provinceCode' | 'zip' | 'countryCode'> }
    )>, userErrors: Array<Pick<AdminTypes.LocationEditUserError, 'code' | 'field' | 'message'>> }> };

export type CorridorFulfillmentCreateMutationVariables = AdminTypes.Exact<{
  fulfillment: AdminTypes.FulfillmentInput;
  message?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CorridorFulfillmentCreateMutation = { fulfillmentCreate?: AdminTypes.Maybe<{ fulfillment?: AdminTypes.Maybe<(
      Pick<AdminTypes.Fulfillment, 'id' | 'status' | 'displayStatus' | 'createdAt'>
      & { trackingInfo: Array<Pick<AdminTypes.FulfillmentTrackingInfo, 'company' | 'number' | 'url'>> }
    )>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CorridorFulfillmentTrackingInfoUpdateMutationVariables = AdminTypes.Exact<{
  fulfillmentId: AdminTypes.Scalars['ID']['input'];
  trackingInfoInput: AdminTypes.FulfillmentTrackingInput;
  notifyCustomer?: AdminTypes.InputMaybe<AdminTypes.Scalars['Boolean']['input']>;
}>;


export type CorridorFulfillmentTrackingInfoUpdateMutation = { fulfillmentTrackingInfoUpdate?: AdminTypes.Maybe<{ fulfillment?: AdminTypes.Maybe<(
      Pick<AdminTypes.Fulfillment, 'id' | 'status'>
      & { trackingInfo: Array<Pick<AdminTypes.FulfillmentTrackingInfo, 'company' | 'number' | 'url'>> }
    )>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CorridorFulfillmentEventCreateMutationVariables = AdminTypes.Exact<{
  fulfillmentEvent: AdminTypes.FulfillmentEventInput;
}>;


export type CorridorFulfillmentEventCreateMutation = { fulfillmentEventCreate?: AdminTypes.Maybe<{ fulfillmentEvent?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentEvent, 'id' | 'status' | 'happenedAt' | 'estimatedDeliveryAt' | 'message'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CorridorInventoryItemsCustomsQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CorridorInventoryItemsCustomsQuery = { inventoryItems: { nodes: Array<(
      Pick<AdminTypes.InventoryItem, 'id' | 'sku' | 'harmonizedSystemCode' | 'countryCodeOfOrigin'>
      & { countryHarmonizedSystemCodes: { nodes: Array<Pick<AdminTypes.CountryHarmonizedSystemCode, 'countryCode' | 'harmonizedSystemCode'>> }, measurement: { weight?: AdminTypes.Maybe<Pick<AdminTypes.Weight, 'unit' | 'value'>> } }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type CorridorInventorySetQuantitiesMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.InventorySetQuantitiesInput;
  key: AdminTypes.Scalars['String']['input'];
}>;


export type CorridorInventorySetQuantitiesMutation = { inventorySetQuantities?: AdminTypes.Maybe<{ inventoryAdjustmentGroup?: AdminTypes.Maybe<(
      Pick<AdminTypes.InventoryAdjustmentGroup, 'id' | 'reason' | 'referenceDocumentUri'>
      & { changes: Array<(
        Pick<AdminTypes.InventoryChange, 'name' | 'delta' | 'quantityAfterChange'>
        & { item?: AdminTypes.Maybe<Pick<AdminTypes.InventoryItem, 'id'>>, location?: AdminTypes.Maybe<Pick<AdminTypes.Location, 'id'>> }
      )> }
    )>, userErrors: Array<Pick<AdminTypes.InventorySetQuantitiesUserError, 'code' | 'field' | 'message'>> }> };

export type CorridorInventoryActivateMutationVariables = AdminTypes.Exact<{
  inventoryItemId: AdminTypes.Scalars['ID']['input'];
  locationId: AdminTypes.Scalars['ID']['input'];
  available?: AdminTypes.InputMaybe<AdminTypes.Scalars['Int']['input']>;
  key: AdminTypes.Scalars['String']['input'];
}>;


export type CorridorInventoryActivateMutation = { inventoryActivate?: AdminTypes.Maybe<{ inventoryLevel?: AdminTypes.Maybe<(
      Pick<AdminTypes.InventoryLevel, 'id'>
      & { quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }
    )>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CorridorInventoryItemsBySkuQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  locationId: AdminTypes.Scalars['ID']['input'];
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CorridorInventoryItemsBySkuQuery = { inventoryItems: { nodes: Array<(
      Pick<AdminTypes.InventoryItem, 'id' | 'sku' | 'tracked'>
      & { inventoryLevel?: AdminTypes.Maybe<(
        Pick<AdminTypes.InventoryLevel, 'id'>
        & { quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity' | 'updatedAt'>> }
      )> }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type CorridorOrderQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  linesAfter?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CorridorOrderQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'legacyResourceId' | 'name' | 'createdAt' | 'processedAt' | 'updatedAt' | 'cancelledAt' | 'currencyCode' | 'email'>
    & { shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'name' | 'address1' | 'address2' | 'city' | 'provinceCode' | 'zip' | 'countryCodeV2' | 'phone'>>, shippingLine?: AdminTypes.Maybe<(
      Pick<AdminTypes.ShippingLine, 'title' | 'code' | 'source'>
      & { originalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
    )>, lineItems: { nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'sku' | 'title' | 'quantity' | 'currentQuantity' | 'requiresShipping'>
        & { originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, variant?: AdminTypes.Maybe<(
          Pick<AdminTypes.ProductVariant, 'id'>
          & { inventoryItem: (
            Pick<AdminTypes.InventoryItem, 'id' | 'harmonizedSystemCode' | 'countryCodeOfOrigin'>
            & { countryHarmonizedSystemCodes: { nodes: Array<Pick<AdminTypes.CountryHarmonizedSystemCode, 'countryCode' | 'harmonizedSystemCode'>> }, measurement: { weight?: AdminTypes.Maybe<Pick<AdminTypes.Weight, 'unit' | 'value'>> } }
          ) }
        )> }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type CorridorFulfillmentOrderLinesQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CorridorFulfillmentOrderLinesQuery = { fulfillmentOrder?: AdminTypes.Maybe<(
    Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus'>
    & { merchantRequests: { nodes: Array<Pick<AdminTypes.FulfillmentOrderMerchantRequest, 'id' | 'requestOptions' | 'sentAt'>> }, lineItems: { nodes: Array<(
        Pick<AdminTypes.FulfillmentOrderLineItem, 'id' | 'sku' | 'totalQuantity' | 'remainingQuantity'>
        & { lineItem: Pick<AdminTypes.LineItem, 'id'> }
      )> } }
  )> };

export type CorridorOrderFulfillmentsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CorridorOrderFulfillmentsQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id'>
    & { fulfillments: Array<(
      Pick<AdminTypes.Fulfillment, 'id' | 'status' | 'createdAt'>
      & { trackingInfo: Array<Pick<AdminTypes.FulfillmentTrackingInfo, 'company' | 'number' | 'url'>> }
    )> }
  )> };

export type CorridorFulfillmentTrackingQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CorridorFulfillmentTrackingQuery = { fulfillment?: AdminTypes.Maybe<(
    Pick<AdminTypes.Fulfillment, 'id' | 'status'>
    & { trackingInfo: Array<Pick<AdminTypes.FulfillmentTrackingInfo, 'company' | 'number' | 'url'>>, events: { nodes: Array<Pick<AdminTypes.FulfillmentEvent, 'id' | 'status' | 'happenedAt'>> } }
  )> };

export type CorridorOrderFulfillmentOrdersQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CorridorOrderFulfillmentOrdersQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id'>
    & { fulfillmentOrders: { nodes: Array<(
        Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus'>
        & { assignedLocation: { location?: AdminTypes.Maybe<Pick<AdminTypes.Location, 'id'>> }, merchantRequests: { nodes: Array<Pick<AdminTypes.FulfillmentOrderMerchantRequest, 'id' | 'requestOptions'>> }, lineItems: { nodes: Array<(
            Pick<AdminTypes.FulfillmentOrderLineItem, 'id' | 'remainingQuantity'>
            & { lineItem: Pick<AdminTypes.LineItem, 'id'> }
          )> } }
      )> } }
  )> };

export type CorridorShopQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type CorridorShopQuery = { shop: (
    Pick<AdminTypes.Shop, 'id' | 'name' | 'myshopifyDomain' | 'currencyCode' | 'ianaTimezone'>
    & { plan: Pick<AdminTypes.ShopPlan, 'publicDisplayName' | 'shopifyPlus' | 'partnerDevelopment'> }
  ) };

interface GeneratedQueryTypes {
  "#graphql\n  query CorridorAssignedFulfillmentOrders(\n    $assignmentStatus: FulfillmentOrderAssignmentStatus!\n    $locationIds: [ID!]\n    $first: Int!\n    $after: String\n  ) {\n    assignedFulfillmentOrders(\n      first: $first\n      after: $after\n      assignmentStatus: $assignmentStatus\n      locationIds: $locationIds\n    ) {\n      nodes {\n        id\n        status\n        requestStatus\n        updatedAt\n        fulfillBy\n        assignedLocation { location { id } }\n        order { id legacyResourceId name }\n        destination {\n          firstName lastName company email phone\n          address1 address2 city province zip countryCode\n        }\n        merchantRequests(first: 3) {\n          nodes { id kind message requestOptions sentAt }\n        }\n        lineItems(first: 50) {\n          nodes { id sku totalQuantity remainingQuantity inventoryItemId productTitle requiresShipping }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }": {return: CorridorAssignedFulfillmentOrdersQuery, variables: CorridorAssignedFulfillmentOrdersQueryVariables},
  "#graphql\n  query CorridorFulfillmentOrder($id: ID!) {\n    fulfillmentOrder(id: $id) {\n      id\n      status\n      requestStatus\n      updatedAt\n      fulfillBy\n      assignedLocation { location { id } }\n      order { id legacyResourceId name }\n      destination {\n        firstName lastName company email phone\n        address1 address2 city province zip countryCode\n      }\n      merchantRequests(first: 3) {\n        nodes { id kind message requestOptions sentAt }\n      }\n      lineItems(first: 50) {\n        nodes { id sku totalQuantity remainingQuantity inventoryItemId productTitle requiresShipping }\n      }\n    }\n  }": {return: CorridorFulfillmentOrderQuery, variables: CorridorFulfillmentOrderQueryVariables},
  "#graphql\n  query CorridorInventoryItemsCustoms($first: Int!, $after: String) {\n    inventoryItems(first: $first, after: $after) {\n      nodes {\n        id\n        sku\n        harmonizedSystemCode\n        countryCodeOfOrigin\n        countryHarmonizedSystemCodes(first: 25) {\n          nodes { countryCode harmonizedSystemCode }\n        }\n        measurement { weight { unit value } }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }": {return: CorridorInventoryItemsCustomsQuery, variables: CorridorInventoryItemsCustomsQueryVariables},
  "#graphql\n  query CorridorInventoryItemsBySku($query: String!, $locationId: ID!, $first: Int!, $after: String) {\n    inventoryItems(first: $first, after: $after, query: $query) {\n      nodes {\n        id\n        sku\n        tracked\n        inventoryLevel(locationId: $locationId) {\n          id\n          quantities(names: [\"available\", \"on_hand\", \"committed\"]) { name quantity updatedAt }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }": {return: CorridorInventoryItemsBySkuQuery, variables: CorridorInventoryItemsBySkuQueryVariables},
  "#graphql\n  query CorridorOrder($id: ID!, $linesAfter: String) {\n    order(id: $id) {\n      id\n      legacyResourceId\n      name\n      createdAt\n      processedAt\n      updatedAt\n      cancelledAt\n      currencyCode\n      email\n      shippingAddress {\n        name address1 address2 city provinceCode zip countryCodeV2 phone\n      }\n      shippingLine {\n        title\n        code\n        source\n        originalPriceSet { shopMoney { amount currencyCode } }\n      }\n      lineItems(first: 25, after: $linesAfter) {\n        nodes {\n          id\n          sku\n          title\n          quantity\n          currentQuantity\n          requiresShipping\n          originalUnitPriceSet { shopMoney { amount currencyCode } }\n          variant {\n            id\n            inventoryItem {\n              id\n              harmonizedSystemCode\n              countryCodeOfOrigin\n              countryHarmonizedSystemCodes(first: 5) { nodes { countryCode harmonizedSystemCode } }\n              measurement { weight { unit value } }\n            }\n          }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }": {return: CorridorOrderQuery, variables: CorridorOrderQueryVariables},
  "#graphql\n  query CorridorFulfillmentOrderLines($id: ID!) {\n    fulfillmentOrder(id: $id) {\n      id\n      status\n      requestStatus\n      merchantRequests(first: 5, kind: FULFILLMENT_REQUEST) {\n        nodes { id requestOptions sentAt }\n      }\n      lineItems(first: 50) {\n        nodes { id sku totalQuantity remainingQuantity lineItem { id } }\n      }\n    }\n  }": {return: CorridorFulfillmentOrderLinesQuery, variables: CorridorFulfillmentOrderLinesQueryVariables},
  "#graphql\n  query CorridorOrderFulfillments($id: ID!) {\n    order(id: $id) {\n      id\n      fulfillments(first: 50) {\n        id\n        status\n        createdAt\n        trackingInfo(first: 10) { company number url }\n      }\n    }\n  }": {return: CorridorOrderFulfillmentsQuery, variables: CorridorOrderFulfillmentsQueryVariables},
  "#graphql\n  query CorridorFulfillmentTracking($id: ID!) {\n    fulfillment(id: $id) {\n      id\n      status\n      trackingInfo(first: 10) { company number url }\n      events(last: 20) { nodes { id status happenedAt } }\n    }\n  }": {return: CorridorFulfillmentTrackingQuery, variables: CorridorFulfillmentTrackingQueryVariables},
  "#graphql\n  query CorridorOrderFulfillmentOrders($id: ID!) {\n    order(id: $id) {\n      id\n      fulfillmentOrders(first: 5) {\n        nodes {\n          id\n          status\n          requestStatus\n          assignedLocation { location { id } }\n          merchantRequests(first: 3, kind: FULFILLMENT_REQUEST) { nodes { id requestOptions } }\n          lineItems(first: 50) { nodes { id remainingQuantity lineItem { id } } }\n        }\n      }\n    }\n  }": {return: CorridorOrderFulfillmentOrdersQuery, variables: CorridorOrderFulfillmentOrdersQueryVariables},
  "#graphql\n  query CorridorShop {\n    shop {\n      id\n      name\n      myshopifyDomain\n      currencyCode\n      ianaTimezone\n      plan { publicDisplayName shopifyPlus partnerDevelopment }\n    }\n  }": {return: CorridorShopQuery, variables: CorridorShopQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation CorridorAcceptFulfillmentRequest($id: ID!, $message: String, $estimatedShippedAt: DateTime) {\n    fulfillmentOrderAcceptFulfillmentRequest(id: $id, message: $message, estimatedShippedAt: $estimatedShippedAt) {\n      fulfillmentOrder { id status requestStatus }\n      userErrors { field message }\n    }\n  }": {return: CorridorAcceptFulfillmentRequestMutation, variables: CorridorAcceptFulfillmentRequestMutationVariables},
  "#graphql\n  mutation CorridorRejectFulfillmentRequest(\n    $id: ID!\n    $reason: FulfillmentOrderRejectionReason!\n    $message: String!\n    $lineItems: [IncomingRequestLineItemInput!]\n  ) {\n    fulfillmentOrderRejectFulfillmentRequest(id: $id, reason: $reason, message: $message, lineItems: $lineItems) {\n      fulfillmentOrder { id status requestStatus }\n      userErrors { field message }\n    }\n  }": {return: CorridorRejectFulfillmentRequestMutation, variables: CorridorRejectFulfillmentRequestMutationVariables},
  "#graphql\n  mutation CorridorAcceptCancellationRequest($id: ID!, $message: String) {\n    fulfillmentOrderAcceptCancellationRequest(id: $id, message: $message) {\n      fulfillmentOrder { id status requestStatus }\n      userErrors { field message }\n    }\n  }": {return: CorridorAcceptCancellationRequestMutation, variables: CorridorAcceptCancellationRequestMutationVariables},
  "#graphql\n  mutation CorridorRejectCancellationRequest($id: ID!, $message: String!) {\n    fulfillmentOrderRejectCancellationRequest(id: $id, message: $message) {\n      fulfillmentOrder { id status requestStatus }\n      userErrors { field message }\n    }\n  }": {return: CorridorRejectCancellationRequestMutation, variables: CorridorRejectCancellationRequestMutationVariables},
  "#graphql\n  mutation CorridorFulfillmentServiceCreate($name: String!, $callbackUrl: URL) {\n    fulfillmentServiceCreate(\n      name: $name\n      callbackUrl: $callbackUrl\n      inventoryManagement: true\n      trackingSupport: true\n      requiresShippingMethod: true\n    ) {\n      fulfillmentService {\n        id\n        handle\n        serviceName\n        callbackUrl\n        inventoryManagement\n        trackingSupport\n        location { id legacyResourceId name }\n      }\n      userErrors { field message }\n    }\n  }": {return: CorridorFulfillmentServiceCreateMutation, variables: CorridorFulfillmentServiceCreateMutationVariables},
  "#graphql\n  mutation CorridorLocationEdit($id: ID!, $input: LocationEditInput!) {\n    locationEdit(id: $id, input: $input) {\n      location {\n        id\n        name\n        address { address1 address2 city provinceCode zip countryCode }\n      }\n      userErrors { code field message }\n    }\n  }": {return: CorridorLocationEditMutation, variables: CorridorLocationEditMutationVariables},
  "#graphql\n  mutation CorridorFulfillmentCreate($fulfillment: FulfillmentInput!, $message: String) {\n    fulfillmentCreate(fulfillment: $fulfillment, message: $message) {\n      fulfillment {\n        id\n        status\n        displayStatus\n        createdAt\n        trackingInfo(first: 10) { company number url }\n      }\n      userErrors { field message }\n    }\n  }": {return: CorridorFulfillmentCreateMutation, variables: CorridorFulfillmentCreateMutationVariables},
  "#graphql\n  mutation CorridorFulfillmentTrackingInfoUpdate(\n    $fulfillmentId: ID!\n    $trackingInfoInput: FulfillmentTrackingInput!\n    $notifyCustomer: Boolean\n  ) {\n    fulfillmentTrackingInfoUpdate(\n      fulfillmentId: $fulfillmentId\n      trackingInfoInput: $trackingInfoInput\n      notifyCustomer: $notifyCustomer\n    ) {\n      fulfillment {\n        id\n        status\n        trackingInfo(first: 10) { company number url }\n      }\n      userErrors { field message }\n    }\n  }": {return: CorridorFulfillmentTrackingInfoUpdateMutation, variables: CorridorFulfillmentTrackingInfoUpdateMutationVariables},
  "#graphql\n  mutation CorridorFulfillmentEventCreate($fulfillmentEvent: FulfillmentEventInput!) {\n    fulfillmentEventCreate(fulfillmentEvent: $fulfillmentEvent) {\n      fulfillmentEvent { id status happenedAt estimatedDeliveryAt message }\n      userErrors { field message }\n    }\n  }": {return: CorridorFulfillmentEventCreateMutation, variables: CorridorFulfillmentEventCreateMutationVariables},
  "#graphql\n  mutation CorridorInventorySetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {\n    inventorySetQuantities(input: $input) @idempotent(key: $key) {\n      inventoryAdjustmentGroup {\n        id\n        reason\n        referenceDocumentUri\n        changes { name delta quantityAfterChange item { id } location { id } }\n      }\n      userErrors { code field message }\n    }\n  }": {return: CorridorInventorySetQuantitiesMutation, variables: CorridorInventorySetQuantitiesMutationVariables},
  "#graphql\n  mutation CorridorInventoryActivate($inventoryItemId: ID!, $locationId: ID!, $available: Int, $key: String!) {\n    inventoryActivate(inventoryItemId: $inventoryItemId, locationId: $locationId, available: $available)\n      @idempotent(key: $key) {\n      inventoryLevel {\n        id\n        quantities(names: [\"available\", \"on_hand\"]) { name quantity }\n      }\n      userErrors { field message }\n    }\n  }": {return: CorridorInventoryActivateMutation, variables: CorridorInventoryActivateMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
