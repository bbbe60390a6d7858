/**
 * GraphQL config for codegen and editors. Types every `#graphql` operation in
 * app/channels/shopify/operations/ against the vendored Admin schema of the pinned API version,
 * so an operation that does not fit the real 2026-10 schema fails `bash scripts/codegen.sh`.
 *
 * The schema is vendored gzipped (app/channels/shopify/schema/); codegen's loaders need a plain
 * file, so it is decompressed into the git-ignored .cache/ on first load.
 */
import { gunzipSync } from "node:zlib";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ApiType, pluckConfig, preset } from "@shopify/api-codegen-preset";
import { SHOPIFY_API_VERSION } from "./app/channels/shopify/api-version";

const root = import.meta.dirname ?? process.cwd();
const vendored = path.join(root, "app/channels/shopify/schema", `admin_${SHOPIFY_API_VERSION}.json.gz`);
const schemaFile = path.join(root, ".cache/shopify-schema", `admin_${SHOPIFY_API_VERSION}.json`);
if (!existsSync(schemaFile)) {
  mkdirSync(path.dirname(schemaFile), { recursive: true });
  writeFileSync(schemaFile, gunzipSync(readFileSync(vendored)));
}

// scripts/codegen.sh --check generates into a scratch folder and diffs it with the committed files.
const outputDir = process.env.CORRIDOR_CODEGEN_OUT ?? "./app/types";
const documents = ["./app/channels/shopify/operations/**/*.ts"];

export default {
  schema: schemaFile,
  documents,
  projects: {
    default: {
      schema: schemaFile,
      documents,
      extensions: {
        codegen: {
          pluckConfig,
          generates: {
            [`${outputDir}/admin.types.d.ts`]: {
              plugins: ["typescript"],
              config: { defaultScalarType: "string", scalars: { JSON: "unknown" }, enumsAsConst: true },
            },
            [`${outputDir}/admin.generated.d.ts`]: {
              preset,
              presetConfig: { apiType: ApiType.Admin },
            },
          },
        },
      },
    },
  },
};
