#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the e2e tests (playwright-core drives it; no
# browser is ever downloaded by Playwright). Prints the executable path.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: installing Debian's chromium package" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2 || echo "ensure-chromium: apt-get update failed; trying the cached package lists" >&2
  $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >&2
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: $CHROMIUM is still missing; install Debian's chromium package" >&2
  exit 1
fi
echo "$CHROMIUM"
