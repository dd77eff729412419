#!/usr/bin/env bash
# Runs every libFuzzer target of the fuzz preset for SECONDS each (default 60), from a copy of
# its seed corpus, and fails on the first crash, leak, undefined behaviour, hang or
# out-of-memory (the crashing input is left in the working folder, named by libFuzzer).
#
# usage: scripts/fuzz-all.sh [SECONDS]   (after: cmake --preset fuzz && cmake --build --preset fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for corpus in tests/fuzz/corpus/*/; do
  name=$(basename "$corpus")
  target=build-fuzz/bin/fuzz_$name
  [ -x "$target" ] || { echo "fuzz-all: $target is missing: build the fuzz preset" >&2; exit 1; }
  mkdir -p "$work/$name"
  cp -r "$corpus". "$work/$name/"
  log="$work/$name.log"
  if ! "$target" "$work/$name" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
       -artifact_prefix="fuzz-$name-" >"$log" 2>&1; then
    tail -40 "$log" >&2
    echo "fuzz-all: fuzz_$name failed" >&2
    exit 1
  fi
  echo "fuzz-all: fuzz_$name $(grep -E '^Done' "$log" | tail -1)"
done
