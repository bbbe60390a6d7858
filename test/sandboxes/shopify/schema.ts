/**
 * The real Shopify schemas, built once per process from the introspection files vendored in
 * app/channels/shopify/schema/ (origin in SOURCE.md there). Everything the sandbox validates and
 * executes runs against these, never a hand-written subset.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { SHOPIFY_API_VERSION } from "../../../app/channels/shopify/api-version";

const schemaDir = path.resolve(import.meta.dirname, "../../../app/channels/shopify/schema");
const cache = new Map<string, GraphQLSchema>();

function load(file: string): GraphQLSchema {
  let schema = cache.get(file);
  if (!schema) {
    const json = JSON.parse(gunzipSync(readFileSync(path.join(schemaDir, file))).toString("utf8")) as { data?: IntrospectionQuery } & Partial<IntrospectionQuery>;
    schema = buildClientSchema(json.data ?? (json as IntrospectionQuery));
    cache.set(file, schema);
  }
  return schema;
}

export const loadAdminSchema = (): GraphQLSchema => load(`admin_${SHOPIFY_API_VERSION}.json.gz`);
export const loadCustomerAccountSchema = (): GraphQLSchema => load(`customer_${SHOPIFY_API_VERSION}.json.gz`);
