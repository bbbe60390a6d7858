/**
 * `npm run build:processes`: bundles the web and worker entries to plain JS (build/server.js,
 * build/workers.js) so production runs them with plain node, without the tsx loader.
 *
 * Packages stay external (loaded from node_modules), except drizzle-orm in the worker: loaded as
 * its hundreds of separate ES modules it alone adds ~130 MiB of RSS, bundled (tree-shaken) a few.
 * The web process keeps it external because the Remix build (build/index.js) imports the
 * node_modules copy anyway; two copies would cost more than they save.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const packages = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
const INLINED_IN_WORKERS = new Set(["drizzle-orm", "@shopify/shopify-app-session-storage-drizzle"]);

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  // tsconfig's "~/*" → app/*, resolved here because the aliased paths look like packages.
  alias: { "~": "./app" },
  logLevel: "warning",
};

await Promise.all([
  build({ ...common, entryPoints: { server: "app/server.ts" }, outdir: "build", external: packages }),
  build({ ...common, entryPoints: { workers: "workers/main.ts" }, outdir: "build", external: packages.filter((p) => !INLINED_IN_WORKERS.has(p)) }),
]);
