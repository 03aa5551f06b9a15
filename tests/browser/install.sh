#!/usr/bin/env bash
# Installs what the browser suite (tests/browser/) needs on a fresh Debian machine, and
# only what is missing: Chromium (Playwright's own browser download does not work here),
# Noto CJK fonts (Japanese text in screenshots and PDFs), Java for the Nu HTML Checker.
# Node 20+ with npm must already be there (Debian's nodejs is too old for playwright-core).
# As root it runs apt-get directly, otherwise through sudo.
set -euo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
if command -v dpkg-query >/dev/null 2>&1; then
  installed fonts-noto-cjk || need+=(fonts-noto-cjk)
fi
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)

if [ "${#need[@]}" -gt 0 ]; then
  echo "== installing: ${need[*]}"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install.sh: not a Debian machine (no apt-get); install these by hand: ${need[*]}" >&2
    exit 2
  fi
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo -n)
  else
    echo "install.sh: need root or sudo to install: ${need[*]}" >&2
    exit 2
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "install.sh: no Chromium at $chromium after installing" >&2
  exit 2
fi
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ] || ! command -v npm >/dev/null 2>&1; then
  echo "install.sh: the browser suite needs Node.js 20 or later with npm (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 2
fi
echo "== browser suite prerequisites: $("$chromium" --version 2>/dev/null | head -1); node $(node --version); $(java -version 2>&1 | head -1)"
