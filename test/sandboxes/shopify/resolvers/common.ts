/**
 * What every resolver shares: the request context, Relay-style connections, userErrors, and the
 * strict field resolver that turns a field the sandbox does not model into an error instead of a
 * silent null (a silent null would let an operation pass here and fail against Shopify).
 */
import { GraphQLError, type GraphQLFieldResolver, type GraphQLResolveInfo } from "graphql";
import type { SandboxState, ShopState } from "../state";

export interface SandboxContext {
  state: SandboxState;
  shop: ShopState;
  /** Deliveries the app would get as a side effect of a mutation (e.g. fulfillments/create). */
  notify(topic: string, payload: unknown): void;
}

export type Args = Record<string, unknown>;
export type RootResolver = (args: Args, ctx: SandboxContext, info: GraphQLResolveInfo) => unknown;

export const strictFieldResolver: GraphQLFieldResolver<unknown, SandboxContext> = (source, args, context, info) => {
  const value = source && typeof source === "object" ? (source as Record<string, unknown>)[info.fieldName] : undefined;
  if (typeof value === "function") return (value as RootResolver).call(source, args, context, info);
  if (value === undefined) {
    throw new GraphQLError(`Shopify sandbox does not implement ${info.parentType.name}.${info.fieldName}`, {
      extensions: { code: "SANDBOX_NOT_IMPLEMENTED" },
    });
  }
  return value;
};

/** A page of `items` as Shopify's connections shape it; cursors are opaque base64 offsets. */
export function connection<T>(items: readonly T[], args: Args): unknown {
  const first = args.first as number | undefined | null;
  const last = args.last as number | undefined | null;
  if (first == null && last == null) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  if ((first ?? last ?? 0) > 250) {
    throw new GraphQLError("The maximum number of items per page is 250", { extensions: { code: "BAD_REQUEST" } });
  }
  const ordered = args.reverse ? [...items].reverse() : [...items];
  const decode = (c: unknown) => (typeof c === "string" ? Number(Buffer.from(c, "base64").toString("utf8").replace(/^o:/, "")) : undefined);
  let start = 0;
  let end = ordered.length;
  const after = decode(args.after);
  const before = decode(args.before);
  if (after !== undefined && Number.isInteger(after)) start = after + 1;
  if (before !== undefined && Number.isInteger(before)) end = Math.min(end, before);
  if (first != null) end = Math.min(end, start + first);
  else if (last != null) start = Math.max(start, end - last);
  const cursor = (i: number) => Buffer.from(`o:${i}`).toString("base64");
  const page = ordered.slice(start, end);
  return {
    nodes: page,
    edges: page.map((node, i) => ({ node, cursor: cursor(start + i) })),
    pageInfo: {
      hasNextPage: end < ordered.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? cursor(start) : null,
      endCursor: page.length ? cursor(end - 1) : null,
    },
  };
}

export interface UserErrorShape {
  field: string[] | null;
  message: string;
  code?: string | null;
}

export const userError = (field: string[] | null, message: string, code?: string): UserErrorShape =>
  code === undefined ? { field, message } : { field, message, code };

export const moneyBag = (amount: string, currencyCode: string) => {
  const money = { amount, currencyCode };
  return { shopMoney: money, presentmentMoney: money };
};
