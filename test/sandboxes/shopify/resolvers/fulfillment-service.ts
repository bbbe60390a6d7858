/** fulfillmentServiceCreate (auto-creates the service's Location) and locationEdit (contract §3.1). */
import { parseGid } from "../ids";
import type { FulfillmentServiceRec, LocationRec } from "../state";
import { userError, type Args, type RootResolver } from "./common";
import { locationView, serviceView } from "./views";

export const fulfillmentServiceMutations: Record<string, RootResolver> = {
  fulfillmentServiceCreate(args, { state, shop }) {
    const name = String(args.name ?? "").trim();
    if (!name) return { fulfillmentService: null, userErrors: [userError(["name"], "Name can't be blank")] };
    if ([...shop.services.values()].some((s) => s.name === name)) {
      return { fulfillmentService: null, userErrors: [userError(["name"], "Name has already been taken")] };
    }
    const primary = shop.locations.get(shop.primaryLocationId)!;
    // Shopify creates the location with the shop's own address; the app moves it with locationEdit.
    const location: LocationRec = { id: state.ids.mint(), name, address: { ...primary.address }, fulfillmentServiceId: null };
    const svc: FulfillmentServiceRec = {
      id: state.ids.mint(),
      name,
      handle: name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""),
      callbackUrl: (args.callbackUrl as string | null | undefined) ?? null,
      inventoryManagement: Boolean(args.inventoryManagement),
      trackingSupport: Boolean(args.trackingSupport),
      requiresShippingMethod: args.requiresShippingMethod !== false,
      locationId: location.id,
    };
    location.fulfillmentServiceId = svc.id;
    shop.locations.set(location.id, location);
    shop.services.set(svc.id, svc);
    return { fulfillmentService: serviceView(shop, svc.id), userErrors: [] };
  },

  locationEdit(args, { shop }) {
    const id = parseGid(args.id, "Location");
    const loc = id === undefined ? undefined : shop.locations.get(BigInt(id));
    if (!loc) return { location: null, userErrors: [userError(["id"], "Location not found.", "NOT_FOUND")] };
    const input = args.input as Args;
    if (typeof input.name === "string") loc.name = input.name;
    const addr = input.address as Args | undefined;
    if (addr) {
      for (const k of ["address1", "address2", "city", "provinceCode", "zip"] as const) if (k in addr) loc.address[k] = (addr[k] as string | null) ?? null;
      if (typeof addr.countryCode === "string") loc.address.countryCode = addr.countryCode;
    }
    return { location: locationView(shop, loc), userErrors: [] };
  },
};

export const fulfillmentServiceQueries: Record<string, RootResolver> = {
  location(args, { shop }) {
    const id = args.id == null ? String(shop.primaryLocationId) : parseGid(args.id, "Location");
    const loc = id === undefined ? undefined : shop.locations.get(BigInt(id));
    return loc ? locationView(shop, loc) : null;
  },
};
