/**
 * How Corridor's processes start: in production shape, the bundles `npm run build` writes
 * (build/server.js, build/workers.js; see build-processes.mjs) run with plain node, without the tsx loader compiling every module at start and keeping its
 * caches resident; from source through tsx when no bundle is there or one is older than the source
 * (a stale bundle would run old code).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** Source entry → its bundle (build-processes.mjs writes them). */
export const PROCESS_BUNDLES: Readonly<Record<string, string>> = {
  "app/server.ts": "build/server.js",
  "workers/main.ts": "build/workers.js",
};

/**
 * The bundle of `script` when it exists and no file under app/ or workers/ is newer, else undefined.
 * CORRIDOR_RUN_FROM_SOURCE=1 always runs the source (to compare, or to debug with tsx's stack traces).
 */
export function freshBundle(script: string): string | undefined {
  if (process.env.CORRIDOR_RUN_FROM_SOURCE === "1") return undefined;
  const bundle = PROCESS_BUNDLES[script];
  if (!bundle || !existsSync(path.join(root, bundle))) return undefined;
  const newer = execFileSync("find", ["app", "workers", "-newer", bundle, "-print", "-quit"], { cwd: root, encoding: "utf8" }).trim();
  return newer === "" ? bundle : undefined;
}

/**
 * V8 flags Corridor's processes run with (package.json's start:web / start:workers pass the same).
 * Node 24 lets the young generation grow to tens of MB per semi-space on a big machine; rendering
 * customs PDFs then leaves a 150 MB heap that is 85% free and never shrinks (RSS ≈ 330 MB). Capped at
 * 8 MB, the same rendering sits at ≈ 175 MB at the same CPU cost (`npm run bench -- documents`).
 */
export const PROCESS_NODE_FLAGS = ["--max-semi-space-size=8"];

/**
 * The worker's old generation is capped at 160 MB. At 50 orders/s with a backlog of 10,000 orders, its
 * live heap after a full collection never exceeded 76 MB (`--trace-gc`, 2026-11-25). Without the cap,
 * V8 let the heap reach 240 MB before collecting. That is twice the measured need, and with the
 * semi-space cap above it keeps the worker's RSS bounded.
 */
export const WORKER_NODE_FLAGS = ["--max-old-space-size=160"];

/**
 * glibc gives each thread that mallocs its own arena and keeps freed memory in them; with libuv's and
 * V8's threads that grew the worker's native memory by ~100 MB under load. Two arenas bound it.
 */
export const WORKER_ENV = { MALLOC_ARENA_MAX: "2" };

/**
 * node's arguments to run `script` (relative to the repository root). CORRIDOR_NODE_ARGS adds flags
 * NODE_OPTIONS refuses, e.g. "--prof" to profile the stack's processes under a bench's load.
 */
export function nodeArgsFor(script: string): string[] {
  const bundle = freshBundle(script);
  const extra = process.env.CORRIDOR_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const flags = script.startsWith("workers/") ? [...PROCESS_NODE_FLAGS, ...WORKER_NODE_FLAGS] : PROCESS_NODE_FLAGS;
  return [...flags, ...extra, ...(bundle ? [bundle] : ["--import", "tsx", script])];
}

/** Bundles the processes when a bundle is missing or stale (the benches measure the production shape). */
export function ensureProcessBundles(progress: (m: string) => void): void {
  if (process.env.CORRIDOR_RUN_FROM_SOURCE === "1" || Object.keys(PROCESS_BUNDLES).every((s) => freshBundle(s))) return;
  progress("bundling the processes (npm run build:processes)…");
  execFileSync("npm", ["run", "--silent", "build:processes"], { cwd: root, stdio: "pipe" });
}
