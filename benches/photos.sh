#!/usr/bin/env bash
# Photo pipeline benchmark: N camera-sized photos (4000×3000 JPEG), cold and cached build
# time and peak memory of `manifesto build`, against the same work done with libvips'
# `vipsthumbnail` (3:4 crop at 4 widths) that a web team would otherwise script.
#   bash benches/photos.sh [N]
set -euo pipefail
N=${1:-40}
cd "$(dirname "$0")/.."
command -v vipsthumbnail >/dev/null && [ -x /usr/bin/time ] || {
  apt-get update -qq && apt-get install -y -qq libvips-tools time >/dev/null
}
cargo build --release --quiet --example gen_photo_site
cargo build --release --quiet
WORK=$(mktemp -d)
target/release/examples/gen_photo_site "$N" "$WORK/site" >/dev/null
BIN=$PWD/target/release/manifesto

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>&1
  read -r secs kb < "$WORK/time"
  printf '| %s | %.2f | %d |\n' "$label" "$secs" "$((kb / 1024))"
  echo "$secs" > "$WORK/last"
}

echo "photos: $N × 4000×3000 JPEG ($(du -sh "$WORK/site/assets" | cut -f1)), $(nproc) cores, $(date -u +%F)"
echo
echo "| run | wall (s) | peak RSS (MiB) |"
echo "|---|---:|---:|"
rm -rf "$WORK/site/.manifesto-cache"
measure "manifesto build, cold cache" "$BIN" build --root "$WORK/site" -o "$WORK/out"
cold=$(cat "$WORK/last")
measure "manifesto build, cached" "$BIN" build --root "$WORK/site" -o "$WORK/out"
vips_script() {
  mkdir -p "$WORK/vips"
  ls "$WORK"/site/assets/photos/2025/*.jpg | xargs -P "$(nproc)" -I{} sh -c '
    for w in 120 240 360 480; do
      h=$((w * 4 / 3))
      vipsthumbnail "$1" --size "${w}x${h}" --smartcrop centre -o "$2/$(basename "$1" .jpg)-$w.jpg[Q=82,strip]"
    done' _ {} "$WORK/vips"
}
export -f vips_script
export WORK
measure "vipsthumbnail, same files and sizes ($(nproc) in parallel)" bash -c vips_script
vips=$(cat "$WORK/last")
echo
awk -v a="$cold" -v b="$vips" 'BEGIN { printf "cold manifesto / vipsthumbnail = %.2f\n", a / b }'
rm -rf "$WORK"
