#!/usr/bin/env bash
# Installs Debian packages the tests need when their file is missing, e.g.
#   ensure-debian-packages.sh /usr/bin/chromium:chromium /usr/bin/pdftoppm:poppler-utils
# Each argument is <file that proves it is installed>:<package>. Nothing is downloaded outside
# Debian's archive (no Playwright browser download, no fonts from the web).
set -euo pipefail
missing=()
for spec in "$@"; do
  [ -e "${spec%%:*}" ] || missing+=("${spec#*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "ensure-debian-packages: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2 || echo "ensure-debian-packages: apt-get update failed; trying the cached package lists" >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
for spec in "$@"; do
  [ -e "${spec%%:*}" ] || { echo "ensure-debian-packages: ${spec%%:*} is still missing; install Debian's ${spec#*:} package" >&2; exit 1; }
done
