/**
 * assignedFulfillmentOrders and the four answers a fulfillment service gives (contract §3.2–3.3).
 * Transitions: SUBMITTED → accept → IN_PROGRESS/ACCEPTED, → reject → OPEN/REJECTED;
 * CANCELLATION_REQUESTED → accept → CLOSED/CANCELLATION_ACCEPTED, → reject → IN_PROGRESS/CANCELLATION_REJECTED.
 * Anything else is a userError, as Shopify refuses to answer a request that is not pending.
 */
import { parseGid } from "../ids";
import type { FulfillmentOrderRec, FulfillmentOrderRequestStatus, ShopState } from "../state";
import { connection, userError, type Args, type RootResolver, type SandboxContext } from "./common";
import { fulfillmentOrderView, isAssignedToApp } from "./views";

const BY_ASSIGNMENT: Record<string, FulfillmentOrderRequestStatus> = {
  FULFILLMENT_REQUESTED: "SUBMITTED",
  FULFILLMENT_ACCEPTED: "ACCEPTED",
  CANCELLATION_REQUESTED: "CANCELLATION_REQUESTED",
  FULFILLMENT_UNSUBMITTED: "UNSUBMITTED",
};

export const fulfillmentOrderQueries: Record<string, RootResolver> = {
  assignedFulfillmentOrders(args, { shop }) {
    const locationIds = (args.locationIds as string[] | null | undefined)?.map((g) => parseGid(g, "Location"));
    const wanted = args.assignmentStatus ? BY_ASSIGNMENT[args.assignmentStatus as string] : undefined;
    const matches = [...shop.fulfillmentOrders.values()]
      .filter((fo) => isAssignedToApp(shop, fo))
      .filter((fo) => (wanted ? fo.requestStatus === wanted && fo.status !== "CLOSED" : fo.status !== "CLOSED"))
      .filter((fo) => !locationIds || locationIds.includes(String(fo.locationId)))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return connection(matches.map((fo) => fulfillmentOrderView(shop, fo)), args);
  },
  fulfillmentOrder(args, { shop }) {
    const fo = findFo(shop, args.id);
    return fo ? fulfillmentOrderView(shop, fo) : null;
  },
};

export function findFo(shop: ShopState, id: unknown): FulfillmentOrderRec | undefined {
  const n = parseGid(id, "FulfillmentOrder");
  return n === undefined ? undefined : shop.fulfillmentOrders.get(BigInt(n));
}

function answer(
  args: Args,
  ctx: SandboxContext,
  from: FulfillmentOrderRequestStatus,
  to: { status: FulfillmentOrderRec["status"]; requestStatus: FulfillmentOrderRequestStatus },
  action: string,
  refusal: string,
) {
  const fo = findFo(ctx.shop, args.id);
  if (!fo || !isAssignedToApp(ctx.shop, fo)) return { fulfillmentOrder: null, userErrors: [userError(["id"], "Fulfillment order does not exist.")] };
  if (fo.requestStatus !== from) return { fulfillmentOrder: null, userErrors: [userError(["id"], refusal)] };
  fo.status = to.status;
  fo.requestStatus = to.requestStatus;
  fo.updatedAt = ctx.state.iso();
  fo.responses.push({ action, message: (args.message as string | null | undefined) ?? null, reason: (args.reason as string | null | undefined) ?? null });
  return { fulfillmentOrder: fulfillmentOrderView(ctx.shop, fo), userErrors: [] };
}

export const fulfillmentOrderMutations: Record<string, RootResolver> = {
  fulfillmentOrderAcceptFulfillmentRequest: (args, ctx) =>
    answer(args, ctx, "SUBMITTED", { status: "IN_PROGRESS", requestStatus: "ACCEPTED" }, "accept_fulfillment", "Cannot accept fulfillment request for the fulfillment order."),
  fulfillmentOrderRejectFulfillmentRequest: (args, ctx) =>
    answer(args, ctx, "SUBMITTED", { status: "OPEN", requestStatus: "REJECTED" }, "reject_fulfillment", "Cannot reject fulfillment request for the fulfillment order."),
  fulfillmentOrderAcceptCancellationRequest: (args, ctx) =>
    answer(args, ctx, "CANCELLATION_REQUESTED", { status: "CLOSED", requestStatus: "CANCELLATION_ACCEPTED" }, "accept_cancellation", "Cannot accept cancellation request for the fulfillment order."),
  fulfillmentOrderRejectCancellationRequest: (args, ctx) =>
    answer(args, ctx, "CANCELLATION_REQUESTED", { status: "IN_PROGRESS", requestStatus: "CANCELLATION_REJECTED" }, "reject_cancellation", "Cannot reject cancellation request for the fulfillment order."),
};
