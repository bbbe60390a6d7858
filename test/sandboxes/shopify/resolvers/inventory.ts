/**
 * inventorySetQuantities, inventoryActivate and inventory reads (contract §4). 2026-10 rules:
 * only `available`/`on_hand` can be set; every row must pass `changeFromQuantity` explicitly (an
 * int is compared, null skips the check, omitted is an error); a mismatch refuses the whole call
 * with CHANGE_FROM_QUANTITY_STALE; `@idempotent(key:)` is required and a repeated key replays the
 * original result without applying anything again; more than 250 rows is refused.
 */
import { createHash } from "node:crypto";
import { GraphQLError, Kind, type GraphQLResolveInfo } from "graphql";
import { gid, parseGid } from "../ids";
import type { InventoryItemRec, ShopState } from "../state";
import { connection, userError, type Args, type RootResolver, type SandboxContext, type UserErrorShape } from "./common";
import { inventoryItemView, levelView, locationView } from "./views";

export const MAX_INPUT_ARRAY = 250;
const SETTABLE = new Set(["available", "on_hand"]);
/** Reasons from Shopify's table (contract §4.3); anything else is INVALID_REASON. */
const REASONS = new Set(["correction", "cycle_count_available", "damaged", "movement_created", "movement_updated", "movement_received", "movement_canceled", "other", "promotion", "quality_control", "received", "reservation_created", "reservation_deleted", "reservation_updated", "restock", "safety_stock", "shrinkage"]);

/** The key of `@idempotent(key:)` on this field, or a top-level error like Shopify's when absent. */
function idempotencyKey(info: GraphQLResolveInfo): string {
  const directive = info.fieldNodes[0]?.directives?.find((d) => d.name.value === "idempotent");
  const arg = directive?.arguments?.find((a) => a.name.value === "key")?.value;
  const key = arg?.kind === Kind.VARIABLE ? info.variableValues[arg.name.value] : arg?.kind === Kind.STRING ? arg.value : undefined;
  if (!directive) {
    throw new GraphQLError(`The @idempotent directive is required for ${info.fieldName}.`, { extensions: { code: "BAD_REQUEST" } });
  }
  if (typeof key !== "string" || key.trim() === "") {
    throw new GraphQLError("The idempotency key cannot be an empty string or whitespace only.", { extensions: { code: "BAD_REQUEST" } });
  }
  return key;
}

/** Same key + same input → the stored outcome; same key + different input → a mismatch error. */
function idempotent(shop: ShopState, field: string, info: GraphQLResolveInfo, args: Args, run: () => Record<string, unknown>, mismatch: () => Record<string, unknown>) {
  const key = `${field}:${idempotencyKey(info)}`;
  const fingerprint = createHash("sha256").update(JSON.stringify(args)).digest("hex");
  const previous = shop.idempotency.get(key);
  if (previous) return previous.fingerprint === fingerprint ? previous.payload : mismatch();
  const payload = run();
  shop.idempotency.set(key, { fingerprint, payload });
  return payload;
}

const itemById = (shop: ShopState, id: unknown) => {
  const n = parseGid(id, "InventoryItem");
  return n === undefined ? undefined : shop.inventoryItems.get(BigInt(n));
};
const locationById = (shop: ShopState, id: unknown) => {
  const n = parseGid(id, "Location");
  return n === undefined ? undefined : shop.locations.get(BigInt(n));
};

function setQuantities(args: Args, { state, shop }: SandboxContext): Record<string, unknown> {
  const input = args.input as Args;
  const rows = input.quantities as Args[];
  const name = input.name as string;
  const errors: UserErrorShape[] = [];
  if (!SETTABLE.has(name)) errors.push(userError(["input", "name"], "The quantity name must be either 'available' or 'on_hand'.", "INVALID_NAME"));
  if (!REASONS.has(input.reason as string)) errors.push(userError(["input", "reason"], "The specified reason is invalid.", "INVALID_REASON"));
  const seen = new Set<string>();
  const plan: Array<{ item: InventoryItemRec; locationId: bigint; quantity: number }> = [];
  rows.forEach((row, i) => {
    const field = (f: string) => ["input", "quantities", String(i), f];
    const item = itemById(shop, row.inventoryItemId);
    const loc = locationById(shop, row.locationId);
    if (!item) return errors.push(userError(field("inventoryItemId"), "The specified inventory item could not be found.", "INVALID_INVENTORY_ITEM"));
    if (!loc) return errors.push(userError(field("locationId"), "The specified location could not be found.", "INVALID_LOCATION"));
    const pair = `${item.id}:${loc.id}`;
    if (seen.has(pair)) return errors.push(userError(field("inventoryItemId"), "The combination of inventoryItemId and locationId must be unique.", "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR"));
    seen.add(pair);
    const level = item.levels.get(loc.id);
    if (!level) return errors.push(userError(field("locationId"), "The specified inventory item is not stocked at the location.", "INVALID_LOCATION"));
    const quantity = row.quantity as number;
    if (quantity < 0) return errors.push(userError(field("quantity"), "The quantity can't be negative.", "INVALID_QUANTITY_NEGATIVE"));
    if (quantity > 1_000_000_000) return errors.push(userError(field("quantity"), "The quantity can't be higher than 1,000,000,000.", "INVALID_QUANTITY_TOO_HIGH"));
    // graphql-js leaves an omitted input field out of the coerced object; an explicit null stays.
    if (!("changeFromQuantity" in row)) {
      return errors.push(userError(field("changeFromQuantity"), "changeFromQuantity must be provided: an integer to compare against, or null to skip the check.", "COMPARE_QUANTITY_REQUIRED"));
    }
    const current = level.quantities[name] ?? 0;
    if (row.changeFromQuantity !== null && row.changeFromQuantity !== current) {
      return errors.push(userError(field("changeFromQuantity"), `The quantity couldn't be updated because it changed from ${String(row.changeFromQuantity)} to ${current}.`, "CHANGE_FROM_QUANTITY_STALE"));
    }
    plan.push({ item, locationId: loc.id, quantity });
  });
  if (errors.length) return { inventoryAdjustmentGroup: null, userErrors: errors };

  const now = state.iso();
  const changes: Array<Record<string, unknown>> = [];
  for (const p of plan) {
    const level = p.item.levels.get(p.locationId)!;
    const delta = p.quantity - (level.quantities[name] ?? 0);
    // available and on_hand move together: setting one changes the other by the same delta.
    const other = name === "available" ? "on_hand" : "available";
    level.quantities[name] = p.quantity;
    level.quantities[other] = (level.quantities[other] ?? 0) + delta;
    level.updatedAt = now;
    for (const [n, d] of [[name, delta], [other, delta]] as const) {
      changes.push({
        name: n, delta: d, quantityAfterChange: level.quantities[n], ledgerDocumentUri: null,
        item: () => inventoryItemView(shop, p.item), location: () => locationView(shop, shop.locations.get(p.locationId)!),
      });
    }
  }
  const group = {
    __typename: "InventoryAdjustmentGroup", id: gid("InventoryAdjustmentGroup", state.ids.mint()), createdAt: now,
    reason: input.reason, referenceDocumentUri: (input.referenceDocumentUri as string | null | undefined) ?? null,
    changes: (a: Args) => changes.filter((c) => !a.quantityNames || (a.quantityNames as string[]).includes(c.name as string)),
  };
  return { inventoryAdjustmentGroup: group, userErrors: [] };
}

export const inventoryMutations: Record<string, RootResolver> = {
  inventorySetQuantities(args, ctx, info) {
    const rows = (args.input as Args).quantities as unknown[];
    if (rows.length > MAX_INPUT_ARRAY) {
      throw new GraphQLError(`The input array size of ${rows.length} is greater than the maximum allowed of ${MAX_INPUT_ARRAY}.`, {
        extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
      });
    }
    return idempotent(ctx.shop, info.fieldName, info, args, () => setQuantities(args, ctx), () => ({
      inventoryAdjustmentGroup: null,
      userErrors: [userError(null, "The same idempotency key was used with different parameters.", "IDEMPOTENCY_KEY_PARAMETER_MISMATCH")],
    }));
  },

  inventoryActivate(args, ctx, info) {
    const { shop, state } = ctx;
    return idempotent(shop, info.fieldName, info, args, () => {
      const item = itemById(shop, args.inventoryItemId);
      const loc = locationById(shop, args.locationId);
      if (!item) return { inventoryLevel: null, userErrors: [userError(["inventoryItemId"], "Inventory item does not exist")] };
      if (!loc) return { inventoryLevel: null, userErrors: [userError(["locationId"], "Location does not exist")] };
      if (!item.levels.has(loc.id)) {
        const now = state.iso();
        const available = (args.available as number | null | undefined) ?? 0;
        const onHand = (args.onHand as number | null | undefined) ?? available;
        item.levels.set(loc.id, { locationId: loc.id, quantities: { available, on_hand: onHand, committed: 0 }, createdAt: now, updatedAt: now });
      }
      return { inventoryLevel: levelView(shop, item, loc.id), userErrors: [] };
    }, () => ({ inventoryLevel: null, userErrors: [userError(null, "The same idempotency key was used with different parameters.")] }));
  },
};

/** The subset of Shopify's search syntax Corridor uses: `sku:X`, `sku:"X"`, `id:N`, joined by OR. */
function matchInventoryQuery(query: string | null | undefined): (item: InventoryItemRec) => boolean {
  if (!query || !query.trim()) return () => true;
  const terms = query.split(/\s+OR\s+/).map((t) => t.trim());
  const tests = terms.map((term) => {
    const m = /^(sku|id):(?:"([^"]*)"|(\S+))$/.exec(term);
    if (!m) throw new GraphQLError(`Shopify sandbox does not implement the inventoryItems query term ${JSON.stringify(term)}`, { extensions: { code: "SANDBOX_NOT_IMPLEMENTED" } });
    const value = m[2] ?? m[3]!;
    return m[1] === "sku" ? (i: InventoryItemRec) => i.sku === value : (i: InventoryItemRec) => String(i.id) === value;
  });
  return (item) => tests.some((t) => t(item));
}

export const inventoryQueries: Record<string, RootResolver> = {
  inventoryItems(args, { shop }) {
    const match = matchInventoryQuery(args.query as string | null);
    const items = [...shop.inventoryItems.values()].filter(match).sort((a, b) => (a.id < b.id ? -1 : 1));
    return connection(items.map((i) => inventoryItemView(shop, i)), args);
  },
  inventoryItem(args, { shop }) {
    const item = itemById(shop, args.id);
    return item ? inventoryItemView(shop, item) : null;
  },
};
