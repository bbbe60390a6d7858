/**
 * The Admin GraphQL endpoint over plain node:http: authenticate the token, parse and validate the
 * operation against the real 2026-10 schema, charge the cost bucket, execute with graphql-js and
 * answer in Shopify's envelope with `extensions.cost` on every response (contract §5, §7).
 */
import http from "node:http";
import {
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { adminGraphqlPath } from "../../../app/channels/shopify/api-version";
import { actualCost, MAX_SINGLE_QUERY_COST, requestedCost } from "./cost";
import { strictFieldResolver, type RootResolver, type SandboxContext } from "./resolvers/common";
import { fulfillmentOrderMutations, fulfillmentOrderQueries } from "./resolvers/fulfillment-orders";
import { fulfillmentServiceMutations, fulfillmentServiceQueries } from "./resolvers/fulfillment-service";
import { fulfillmentMutations, fulfillmentQueries } from "./resolvers/fulfillments";
import { inventoryMutations, inventoryQueries } from "./resolvers/inventory";
import { orderQueries } from "./resolvers/orders";
import type { SandboxState, ShopState } from "./state";

const QUERY_ROOT: Record<string, RootResolver> = { ...fulfillmentServiceQueries, ...fulfillmentOrderQueries, ...fulfillmentQueries, ...inventoryQueries, ...orderQueries };
const MUTATION_ROOT: Record<string, RootResolver> = { ...fulfillmentServiceMutations, ...fulfillmentOrderMutations, ...fulfillmentMutations, ...inventoryMutations };

export interface ServerOptions {
  schema: GraphQLSchema;
  state: SandboxState;
  /** HTTP status of a THROTTLED answer: Shopify has been seen answering both (contract §5). */
  throttledStatus: () => 200 | 429;
  /** Injected failures, consumed one per request (e.g. 503 twice to test the client's retries). */
  faults: number[];
  notify: (shop: ShopState, topic: string, payload: unknown) => void;
  /** Every operation name the sandbox executed, per shop, for tests and benches to count calls. */
  log: Array<{ shop: string; operationName: string | null; throttled: boolean; requestedCost: number }>;
}

const send = (res: http.ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) }).end(text);
};

const errorShape = (e: GraphQLError) => ({
  message: e.message,
  ...(e.locations ? { locations: e.locations } : {}),
  ...(e.path ? { path: e.path } : {}),
  extensions: { code: "GRAPHQL_VALIDATION_FAILED", ...e.extensions },
});

export function createAdminHandler(opts: ServerOptions): http.RequestListener {
  // The app sends the same few operations thousands of times: parse and validate each text once. The
  // answer depends only on the text and the schema, and this keeps the sandbox's CPU out of benchmarks.
  const checkedDocuments = new Map<string, { document: DocumentNode; invalid: readonly GraphQLError[] } | { syntaxError: GraphQLError }>();
  function checkedDocument(query: string) {
    let checked = checkedDocuments.get(query);
    if (!checked) {
      try {
        const document = parse(query);
        checked = { document, invalid: validate(opts.schema, document) };
      } catch (error) {
        checked = { syntaxError: error as GraphQLError };
      }
      if (checkedDocuments.size >= 500) checkedDocuments.clear();
      checkedDocuments.set(query, checked);
    }
    return checked;
  }

  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        handle(req, Buffer.concat(chunks).toString("utf8"), res);
      } catch (error) {
        send(res, 500, { errors: [{ message: `sandbox crashed: ${(error as Error).message}`, extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
      }
    });
  };

  function handle(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "POST" || path !== adminGraphqlPath()) return void send(res, 404, { errors: "Not Found" });
    const token = req.headers["x-shopify-access-token"];
    const shop = findShop(opts.state, typeof token === "string" ? token : undefined, req.headers.host);
    if (!shop) return void send(res, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    const fault = opts.faults.shift();
    if (fault !== undefined) return void send(res, fault, { errors: "Internal Server Error" });

    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return void send(res, 400, { errors: "Bad Request: body is not JSON" });
    }
    if (typeof body.query !== "string") return void send(res, 200, { errors: [{ message: "No query string was present", extensions: { code: "BAD_REQUEST" } }] });
    const variables = (body.variables && typeof body.variables === "object" ? body.variables : {}) as Record<string, unknown>;
    const status = () => shop.bucket.status();

    const checked = checkedDocument(body.query);
    if ("syntaxError" in checked) {
      return void send(res, 200, { errors: [errorShape(checked.syntaxError)], extensions: { cost: { requestedQueryCost: 0, actualQueryCost: 0, throttleStatus: status() } } });
    }
    const { document, invalid } = checked;
    if (invalid.length) {
      return void send(res, 200, { errors: invalid.map(errorShape), extensions: { cost: { requestedQueryCost: 0, actualQueryCost: 0, throttleStatus: status() } } });
    }
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operations.find((o) => !body.operationName || o.name?.value === body.operationName) ?? operations[0]!;
    const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
    const cost = requestedCost(opts.schema, operation, fragments, variables);
    const entry = { shop: shop.domain, operationName: operation.name?.value ?? null, throttled: false, requestedCost: cost };
    opts.log.push(entry);

    if (cost > MAX_SINGLE_QUERY_COST) {
      return void send(res, 200, {
        errors: [{ message: `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).`, extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost: MAX_SINGLE_QUERY_COST } }],
        extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: status() } },
      });
    }
    if (!shop.bucket.tryTake(cost)) {
      entry.throttled = true;
      return void send(res, opts.throttledStatus(), {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: status() } },
      });
    }

    const context: SandboxContext = { state: opts.state, shop, notify: (topic, payload) => opts.notify(shop, topic, payload) };
    const result = execute({
      schema: opts.schema,
      document,
      operationName: operation.name?.value,
      variableValues: variables,
      rootValue: operation.operation === "mutation" ? MUTATION_ROOT : QUERY_ROOT,
      contextValue: context,
      fieldResolver: strictFieldResolver,
    });
    if (result instanceof Promise) throw new Error("resolvers must be synchronous");
    const actual = result.data ? actualCost(result.data, operation.operation === "mutation", cost) : 0;
    shop.bucket.refund(cost - actual);
    send(res, 200, {
      ...(result.errors ? { errors: result.errors.map((e) => ({ message: e.message, locations: e.locations, path: e.path, extensions: { code: "INTERNAL_SERVER_ERROR", ...e.extensions } })) } : {}),
      data: result.data ?? null,
      extensions: { cost: { requestedQueryCost: cost, actualQueryCost: actual, throttleStatus: status() } },
    });
  }
}

/** Tokens are unique per shop, so the token picks the shop; a myshopify Host must agree with it. */
function findShop(state: SandboxState, token: string | undefined, host: string | undefined): ShopState | undefined {
  if (!token) return undefined;
  const byHost = host?.endsWith(".myshopify.com") ? host : undefined;
  for (const shop of state.shops.values()) {
    if (shop.accessTokens.has(token) && (!byHost || byHost === shop.domain)) return shop;
  }
  return undefined;
}
