#!/usr/bin/env bash
# Measures how fast the window opens, under Xvfb: from launch to the window shown, and from
# launch to the model loaded and ready, RUNS times (default 5), with the shipped model.
#
# usage: scripts/measure-startup.sh [RUNS]   (after the build; needs xvfb)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
app=./build/bin/detect-written-number
[ -x "$app" ] || { echo "measure-startup: build first ($app is missing)" >&2; exit 1; }
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
sleep 1
for i in $(seq "$runs"); do
  start=$(date +%s%3N)
  log=$(DISPLAY=$display DWN_STARTUP_LOG=1 "$app" 2>/dev/null)
  shown=$(awk '$2 == "shown" {print $3}' <<<"$log")
  ready=$(awk '$2 == "ready" {print $3}' <<<"$log")
  echo "run $i: window shown after $((shown - start)) ms, model ready after $((ready - start)) ms"
done
