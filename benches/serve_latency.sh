#!/usr/bin/env bash
# Edit-to-reload latency of `manifesto serve`: the example site and a generated site of N
# manifestos (default 10,000; ../shared/bench/gen_manifesto.py), each edited in place.
#   bash benches/serve_latency.sh [N] [RUNS]
set -euo pipefail
N=${1:-10000}
RUNS=${2:-10}
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/manifesto
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The example site, copied so that the repository is never edited.
mkdir "$WORK/example"
cp -r site.yaml content assets "$WORK/example/"
[ -d .manifesto-cache ] && cp -r .manifesto-cache "$WORK/example/"
GEN=../shared/bench/gen_manifesto.py
[ -f "$GEN" ] || GEN=/work/shared/bench/gen_manifesto.py
python3 "$GEN" "$N" "$WORK/large" >/dev/null
LATEST=$(cd "$WORK/large/content" && ls -d [0-9][0-9][0-9][0-9] | sort | tail -n 1)
FILE=$(cd "$WORK/large/content/$LATEST" && ls d*.yaml | sort | sed -n 1p)

echo "$(nproc) cores, $(date -u +%F), $(uname -sr)"
echo
echo "| edit | pages re-rendered | write → reload event (ms) | write → page served (ms) | server rebuild (ms) | runs |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| **example site** (content/2026/somu.yaml) | | | | | |"
python3 benches/serve_latency.py "$BIN" "$WORK/example" content/2026/somu.yaml "$RUNS"
echo "| **$N manifestos** (content/$LATEST/$FILE) | | | | | |"
python3 benches/serve_latency.py "$BIN" "$WORK/large" "content/$LATEST/$FILE" "$RUNS"
