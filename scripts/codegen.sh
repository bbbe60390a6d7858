#!/usr/bin/env bash
# Generates app/types/admin.types.d.ts and admin.generated.d.ts from the Corridor… operations in
# app/channels/shopify/operations/ and the vendored Admin schema (see .graphqlrc.ts).
#   bash scripts/codegen.sh           regenerate the committed files
#   bash scripts/codegen.sh --check   fail (exit 1) if the committed files are not what codegen
#                                     produces now: CI calls this so types never drift from operations
# An operation that does not validate against the schema makes codegen itself fail (exit non-zero).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh

if [ "${1:-}" = "--check" ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  CORRIDOR_CODEGEN_OUT="$scratch" npx graphql-codegen --config .graphqlrc.ts --errors-only
  status=0
  for f in admin.types.d.ts admin.generated.d.ts; do
    if ! diff -u "app/types/$f" "$scratch/$f" >"$scratch/$f.diff"; then
      echo "codegen: app/types/$f is out of date; run: bash scripts/codegen.sh" >&2
      head -n 40 "$scratch/$f.diff" >&2
      status=1
    fi
  done
  exit $status
fi

npx graphql-codegen --config .graphqlrc.ts --errors-only
echo "codegen: wrote app/types/admin.types.d.ts and app/types/admin.generated.d.ts"
