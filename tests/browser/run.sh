#!/usr/bin/env bash
# The browser quality gates in one command (README "Quality gates"):
#
#   bash tests/browser/run.sh                 # everything, as CI runs it
#   SCREENSHOTS=shots bash tests/browser/run.sh   # also 375/1280 px screenshots + the A4 PDF
#   bash tests/browser/run.sh --site fixture --no-selftest   # a quicker partial run
#
# Installs the pinned npm packages (npm ci, when node_modules is missing or stale), builds
# the manifesto binary (debug, as `cargo test` leaves it), then runs run.mjs. Needs
# Chromium at /usr/bin/chromium, Java 17 and Node 20 (bash tests/browser/install.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

if [ ! -f "$here/node_modules/.package-lock.json" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  echo "== npm ci (tests/browser)"
  # --ignore-scripts: vnu-jar's postinstall would download a JDK; the machine's Java runs vnu.jar.
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

echo "== cargo build (the manifesto binary)"
cargo build --locked --quiet
target_dir="$(cargo metadata --locked --format-version 1 --no-deps \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"

exec node "$here/run.mjs" --bin "$target_dir/debug/manifesto" "$@"
