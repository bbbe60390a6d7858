#!/usr/bin/env bash
# `npm run demo` (the README's first command): everything a fresh machine needs, then the live demo.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
[ -d node_modules/.bin ] || npm ci --no-audit --no-fund
# The admin is a Remix build; rebuild when any app file is newer than it.
if [ ! -f build/index.js ] || [ -n "$(find app remix.config.js -newer build/index.js -print -quit 2>/dev/null)" ]; then
  echo "demo: building the admin (remix build)…"
  npx remix build >/dev/null
fi
exec node --import tsx scripts/demo/main.ts "$@"
