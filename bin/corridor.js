#!/usr/bin/env node
// The operator CLI (`npx corridor …`). Runs the TypeScript sources through tsx, like the processes do.
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(`corridor: Node ${process.versions.node} is older than 24; run \`source scripts/ensure-node.sh\` first.\n`);
}
const { register } = await import("tsx/esm/api");
register();
await import("./corridor.ts");
