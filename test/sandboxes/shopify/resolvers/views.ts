/**
 * GraphQL-shaped views of the sandbox's records. A view holds only the fields the sandbox models
 * (explicit `null` where Shopify would answer null); arguments are handled by methods, which the
 * strict resolver calls with the field's arguments.
 */
import { GraphQLError } from "graphql";
import { gid } from "../ids";
import type { FulfillmentEventRec, FulfillmentOrderRec, FulfillmentRec, InventoryItemRec, LineItemRec, LocationRec, OrderRec, ShopState } from "../state";
import { connection, moneyBag, type Args } from "./common";

export function locationView(shop: ShopState, loc: LocationRec): Record<string, unknown> {
  const a = loc.address;
  return {
    __typename: "Location",
    id: gid("Location", loc.id),
    legacyResourceId: String(loc.id),
    name: loc.name,
    isActive: true,
    isFulfillmentService: loc.fulfillmentServiceId !== null,
    address: {
      address1: a.address1, address2: a.address2, city: a.city, provinceCode: a.provinceCode, province: null,
      zip: a.zip, countryCode: a.countryCode, country: null, phone: null, latitude: null, longitude: null,
      formatted: [a.address1, a.city, a.zip, a.countryCode].filter(Boolean),
    },
    fulfillmentService: () => {
      const svc = loc.fulfillmentServiceId === null ? undefined : shop.services.get(loc.fulfillmentServiceId);
      return svc ? serviceView(shop, svc.id) : null;
    },
    inventoryLevel: (args: Args) => {
      const itemId = String(args.inventoryItemId).split("/").pop();
      const item = [...shop.inventoryItems.values()].find((i) => String(i.id) === itemId);
      return item ? levelView(shop, item, loc.id) : null;
    },
  };
}

export function serviceView(shop: ShopState, id: bigint): Record<string, unknown> | null {
  const svc = shop.services.get(id);
  if (!svc) return null;
  return {
    __typename: "FulfillmentService",
    id: `gid://shopify/FulfillmentService/${svc.id}?id=true`,
    handle: svc.handle,
    serviceName: svc.name,
    callbackUrl: svc.callbackUrl,
    inventoryManagement: svc.inventoryManagement,
    trackingSupport: svc.trackingSupport,
    requiresShippingMethod: svc.requiresShippingMethod,
    type: "THIRD_PARTY",
    location: () => locationView(shop, shop.locations.get(svc.locationId)!),
  };
}

export function inventoryItemView(shop: ShopState, item: InventoryItemRec): Record<string, unknown> {
  return {
    __typename: "InventoryItem",
    id: gid("InventoryItem", item.id),
    legacyResourceId: String(item.id),
    sku: item.sku,
    tracked: item.tracked,
    requiresShipping: true,
    harmonizedSystemCode: item.hsCode,
    countryCodeOfOrigin: item.countryOfOrigin,
    provinceCodeOfOrigin: null,
    countryHarmonizedSystemCodes: (args: Args) => connection(item.countryHsCodes, args),
    measurement: { id: gid("InventoryItemMeasurement", item.id), weight: { unit: "GRAMS", value: item.weightGrams } },
    inventoryLevel: (args: Args) => {
      const locId = String(args.locationId).split("/").pop();
      const level = [...item.levels.keys()].find((k) => String(k) === locId);
      return level === undefined ? null : levelView(shop, item, level);
    },
  };
}

export function levelView(shop: ShopState, item: InventoryItemRec, locationId: bigint): Record<string, unknown> | null {
  const level = item.levels.get(locationId);
  if (!level) return null;
  return {
    __typename: "InventoryLevel",
    id: `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${item.id}`,
    isActive: true,
    createdAt: level.createdAt,
    updatedAt: level.updatedAt,
    quantities: (args: Args) =>
      (args.names as string[]).map((name) => ({
        id: `gid://shopify/InventoryQuantity/${locationId}?inventory_item_id=${item.id}&name=${name}`,
        name,
        quantity: level.quantities[name] ?? 0,
        updatedAt: level.updatedAt,
      })),
    item: () => inventoryItemView(shop, item),
    location: () => locationView(shop, shop.locations.get(locationId)!),
  };
}

function lineItemView(shop: ShopState, order: OrderRec, line: LineItemRec): Record<string, unknown> {
  const item = shop.inventoryItems.get(line.inventoryItemId)!;
  return {
    __typename: "LineItem",
    id: gid("LineItem", line.id),
    sku: line.sku,
    title: line.title,
    quantity: line.quantity,
    currentQuantity: order.cancelledAt ? 0 : line.quantity,
    requiresShipping: line.requiresShipping,
    originalUnitPriceSet: moneyBag(line.price, order.currency),
    variant: { __typename: "ProductVariant", id: gid("ProductVariant", item.variantId), sku: item.sku, title: "Default Title", inventoryItem: () => inventoryItemView(shop, item) },
  };
}

export function orderView(shop: ShopState, order: OrderRec): Record<string, unknown> {
  const s = order.shippingAddress;
  return {
    __typename: "Order",
    id: gid("Order", order.id),
    legacyResourceId: String(order.id),
    name: order.name,
    email: order.email,
    createdAt: order.createdAt,
    processedAt: order.createdAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    currencyCode: order.currency,
    shippingAddress: s && {
      name: s.name, address1: s.address1, address2: s.address2, city: s.city, provinceCode: s.provinceCode,
      zip: s.zip, countryCodeV2: s.countryCode, phone: s.phone,
    },
    shippingLine: order.shippingLine && {
      title: order.shippingLine.title,
      code: order.shippingLine.code,
      source: order.shippingLine.source,
      originalPriceSet: moneyBag(order.shippingLine.price, order.currency),
    },
    lineItems: (args: Args) => connection(order.lineItems.map((l) => lineItemView(shop, order, l)), args),
    // A plain list, not a connection, in the real schema: `first` truncates, nothing pages it.
    // Every fulfillment of the order, whatever its location: they are readable with read_orders.
    fulfillments: (args: Args) => {
      refuseSearch("Order.fulfillments", args);
      const all = [...shop.fulfillments.values()].filter((f) => f.orderId === order.id).sort(byId);
      return (args.first == null ? all : all.slice(0, args.first as number)).map((f) => fulfillmentView(shop, f));
    },
    // Shopify answers only the fulfillment orders the app's scopes cover (FulfillmentOrder
    // description, "API access scopes"); Corridor holds read_assigned_fulfillment_orders alone, so
    // FOs at the merchant's own locations are left out, as they are from assignedFulfillmentOrders.
    // `displayable` changes nothing here: the sandbox never hides an FO (no merges or moves).
    fulfillmentOrders: (args: Args) => {
      refuseSearch("Order.fulfillmentOrders", args);
      const mine = [...shop.fulfillmentOrders.values()].filter((fo) => fo.orderId === order.id && isAssignedToApp(shop, fo)).sort(byId);
      return connection(mine.map((fo) => fulfillmentOrderView(shop, fo)), args);
    },
  };
}

/** "Assigned" = assigned to a location of one of this app's fulfillment services. */
export const isAssignedToApp = (shop: ShopState, fo: FulfillmentOrderRec) => shop.locations.get(fo.locationId)?.fulfillmentServiceId != null;

const byId = (a: { id: bigint }, b: { id: bigint }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Search syntax is not modelled: failing loudly beats answering an unfiltered list as if filtered. */
function refuseSearch(field: string, args: Args) {
  if (args.query != null) {
    throw new GraphQLError(`Shopify sandbox does not implement the query argument of ${field}`, { extensions: { code: "SANDBOX_NOT_IMPLEMENTED" } });
  }
}

export function fulfillmentOrderView(shop: ShopState, fo: FulfillmentOrderRec): Record<string, unknown> {
  const order = shop.orders.get(fo.orderId)!;
  const loc = shop.locations.get(fo.locationId)!;
  const s = order.shippingAddress;
  return {
    __typename: "FulfillmentOrder",
    id: gid("FulfillmentOrder", fo.id),
    status: fo.status,
    requestStatus: fo.requestStatus,
    createdAt: fo.createdAt,
    updatedAt: fo.updatedAt,
    fulfillBy: null,
    fulfillAt: null,
    orderId: gid("Order", order.id),
    orderName: order.name,
    orderProcessedAt: order.createdAt,
    order: () => orderView(shop, order),
    assignedLocation: {
      name: loc.name, address1: loc.address.address1, address2: loc.address.address2, city: loc.address.city,
      province: null, zip: loc.address.zip, countryCode: loc.address.countryCode, phone: null,
      location: () => locationView(shop, loc),
    },
    destination: s && {
      id: gid("FulfillmentOrderDestination", fo.id),
      firstName: s.firstName, lastName: s.lastName, company: null, email: order.email, phone: s.phone,
      address1: s.address1, address2: s.address2, city: s.city, province: s.provinceCode, zip: s.zip, countryCode: s.countryCode,
    },
    merchantRequests: (args: Args) =>
      connection(
        fo.merchantRequests
          .filter((r) => !args.kind || r.kind === args.kind)
          .map((r) => ({ __typename: "FulfillmentOrderMerchantRequest", id: gid("FulfillmentOrderMerchantRequest", r.id), kind: r.kind, message: r.message, requestOptions: r.requestOptions, sentAt: r.sentAt, responseData: null })),
        args,
      ),
    lineItems: (args: Args) =>
      connection(
        fo.lineItems.map((l) => ({
          __typename: "FulfillmentOrderLineItem",
          id: gid("FulfillmentOrderLineItem", l.id),
          sku: l.sku,
          productTitle: l.title,
          variantTitle: null,
          vendor: null,
          totalQuantity: l.totalQuantity,
          remainingQuantity: l.remainingQuantity,
          requiresShipping: l.requiresShipping,
          inventoryItemId: gid("InventoryItem", l.inventoryItemId),
          weight: { unit: "GRAMS", value: shop.inventoryItems.get(l.inventoryItemId)?.weightGrams ?? 0 },
          lineItem: () => lineItemView(shop, order, order.lineItems.find((li) => li.id === l.lineItemId)!),
        })),
        args,
      ),
  };
}

export function eventView(e: FulfillmentEventRec): Record<string, unknown> {
  return { __typename: "FulfillmentEvent", ...e, id: gid("FulfillmentEvent", e.id) };
}

export function fulfillmentView(shop: ShopState, f: FulfillmentRec): Record<string, unknown> {
  const order = shop.orders.get(f.orderId)!;
  return {
    __typename: "Fulfillment",
    id: gid("Fulfillment", f.id),
    legacyResourceId: String(f.id),
    name: `${order.name}-F${[...shop.fulfillments.values()].filter((x) => x.orderId === f.orderId).indexOf(f) + 1}`,
    status: f.status,
    displayStatus: f.displayStatus,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    deliveredAt: f.deliveredAt,
    inTransitAt: f.inTransitAt,
    estimatedDeliveryAt: f.estimatedDeliveryAt,
    requiresShipping: true,
    totalQuantity: f.lines.reduce((n, l) => n + l.quantity, 0),
    trackingInfo: (args: Args) => (args.first == null ? f.trackingInfo : f.trackingInfo.slice(0, args.first as number)),
    events: (args: Args) => connection(f.events.map(eventView), args),
    order: () => orderView(shop, order),
    location: () => locationView(shop, shop.locations.get(f.locationId)!),
  };
}
