#!/usr/bin/env bash
# Regenerates the README's pictures (docs/img/*.png, shown in docs/pictures.md)
# from the real renderer output for the seed story.
#
#   tools/render-pictures.sh [OUT_DIR]     (default docs/img)
#
# 1. `cargo run --example render_pictures` writes each picture as SVG (to a
#    temporary directory);
# 2. rsvg-convert (Debian: librsvg2-bin) turns each into a PNG at 1 px per
#    SVG pixel, with Liberation Sans (Debian: fonts-liberation), the first
#    face of the pictures' font stack and the one whose metrics the Rust
#    layout uses;
# 3. optipng (Debian: optipng) recompresses them losslessly and strips
#    metadata, so the same code gives the same files.
# Missing Debian packages are installed with apt-get (sudo when not root).

set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/img}"

missing=()
command -v rsvg-convert >/dev/null || missing+=(librsvg2-bin)
fc-list 2>/dev/null | grep -q 'Liberation Sans:style=Regular' || missing+=(fonts-liberation fontconfig)
command -v optipng >/dev/null || missing+=(optipng)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  echo "Installing ${missing[*]}"
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet --example render_pictures -- "$tmp" >/dev/null

mkdir -p "$out"
rm -f "$out"/map-*.png "$out"/figure-*.png "$out"/timeline-*.png
for svg in "$tmp"/*.svg; do
  rsvg-convert --format png --output "$out/$(basename "${svg%.svg}").png" "$svg"
done
optipng -quiet -o5 -strip all "$out"/*.png

ls -l "$out"/*.png | awk '{ print $5, $NF; total += $5 } END { print total, "bytes in total" }'
