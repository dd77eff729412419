#!/usr/bin/env bash
# Reads every number image of a folder (labels in the file names, as dwn eval --numbers takes
# them: 2026_3.png, -3.5.png) with Tesseract, one text line (--psm 7), digits, '-' and '.'
# only, and prints the share read right: the comparison row of the README's numbers table.
# Needs Debian's tesseract-ocr (not installed by setup-debian.sh: the program does not use it).
#
# usage: scripts/tesseract-numbers.sh DIR [JOBS]
set -euo pipefail
dir=${1:?usage: tesseract-numbers.sh DIR [JOBS]}
jobs=${2:-2}
command -v tesseract >/dev/null || { echo "tesseract-numbers: apt-get install tesseract-ocr" >&2; exit 1; }

read_one() {
  local file=$1 name label text
  name=$(basename "$file")
  label=${name%.*}
  label=${label%%_*}
  text=$(OMP_THREAD_LIMIT=1 tesseract "$file" stdout --psm 7 \
           -c tessedit_char_whitelist=0123456789.- 2>/dev/null | tr -d ' \n\f')
  if [ "$text" = "$label" ]; then echo "right $name $text"; else echo "wrong $name $text"; fi
}
export -f read_one

results=$(find "$dir" -type f \( -name '*.png' -o -name '*.jpg' \) -print0 |
          xargs -0 -n 1 -P "$jobs" bash -c 'read_one "$0"')
total=$(grep -c . <<<"$results")
right=$(grep -c '^right' <<<"$results" || true)
awk -v r="$right" -v t="$total" -v d="$dir" \
  'BEGIN { printf "tesseract: %s: %d of %d read right (%.2f%%)\n", d, r, t, 100 * r / t }'
