#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the e2e tests (playwright-core drives it; no
# browser is ever downloaded by Playwright). Prints the executable path.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
bash "$(dirname "$0")/ensure-debian-packages.sh" "$CHROMIUM:chromium" /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf:fonts-liberation
echo "$CHROMIUM"
