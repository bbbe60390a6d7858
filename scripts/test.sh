#!/usr/bin/env bash
# `npm test`: typecheck, lint, GraphQL codegen check, then every Vitest project (unit, integration
# against the real Postgres and Redis, e2e in Debian's chromium). Ends with one line of totals:
# "N passed, N failed". Each step runs even if an earlier one failed, so one run shows everything.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
mkdir -p artifacts

step_failures=0
step() {
  local name=$1; shift
  echo "── $name"
  if "$@"; then echo "   $name: ok"; else echo "   $name: FAILED"; step_failures=$((step_failures + 1)); fi
}

step typecheck npx tsc --noEmit
step lint npx eslint --max-warnings 0 .
step codegen bash scripts/codegen.sh --check
step remix-build npx remix build && export CORRIDOR_ADMIN_BUILT=1 # the browser tests reuse this build
# Customs document tests render PDFs with a Unicode font (DejaVu, for Vietnamese) and read them
# back with poppler's pdftotext / pdftoppm.
step pdf-tools bash scripts/ensure-debian-packages.sh /usr/bin/pdftoppm:poppler-utils /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core
# Browser tests drive Debian's chromium (never a downloaded browser).
if [ "${CORRIDOR_SKIP_E2E:-0}" != "1" ]; then step chromium bash scripts/ensure-chromium.sh; fi

projects=(--project unit --project integration)
[ "${CORRIDOR_SKIP_E2E:-0}" != "1" ] && projects+=(--project e2e)
echo "── vitest ${projects[*]}"
rm -f artifacts/vitest.json artifacts/vitest-chaos.json
npx vitest run "${projects[@]}" --reporter=default --reporter=json --outputFile.json=artifacts/vitest.json
vitest_status=$?
# The small chaos run starts its own Postgres, Redis and process stack: alone, after the rest, so its
# fault timings are not squeezed by parallel test files on a 2-core machine.
echo "── vitest --project chaos"
npx vitest run --project chaos --reporter=default --reporter=json --outputFile.json=artifacts/vitest-chaos.json
chaos_status=$?
[ "$chaos_status" -eq 0 ] || vitest_status=$chaos_status

node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0;
  for (const file of ["artifacts/vitest.json", "artifacts/vitest-chaos.json"]) {
    try {
      const r = JSON.parse(fs.readFileSync(file, "utf8"));
      passed += r.numPassedTests; failed += r.numFailedTests + (r.numRuntimeErrorTests ?? 0);
      if (!r.success && r.numFailedTests + (r.numRuntimeErrorTests ?? 0) === 0) failed += 1; // a file that failed to load counts
    } catch { failed += 1; }
  }
  const steps = Number(process.argv[1]);
  if (steps) console.log(`(${steps} check step(s) failed: see above)`);
  console.log(`${passed} passed, ${failed + steps} failed`);
' "$step_failures"

[ "$vitest_status" -eq 0 ] && [ "$step_failures" -eq 0 ]
