#!/usr/bin/env bash
# `npm run chaos`: the fault-injection run (scripts/chaos/main.ts) under Node 24.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/ensure-node.sh
[ -d node_modules/.bin ] || npm ci --no-audit --no-fund
exec node --import tsx scripts/chaos/main.ts "$@"
