#!/usr/bin/env bash
# Installs the Debian 12 packages DetectWrittenNumber needs, only those missing.
# Works as root (as on a fresh machine) or through sudo.
set -euo pipefail

packages=(
  cmake g++ make pkgconf dpkg-dev file
  libtorch-dev libopenblas0 libtcmalloc-minimal4
  libopencv-dev
  qt6-base-dev qt6-l10n-tools libgl-dev fonts-dejavu-core
  nlohmann-json3-dev zlib1g-dev libjpeg-dev libssl-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  xvfb xauth
  clang libclang-rt-14-dev libfuzzer-14-dev
  dataset-fashion-mnist
  npm ca-certificates
)

missing=()
for p in "${packages[@]}"; do
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup: run as root or install sudo" >&2; exit 1; }
  sudo=(sudo)
fi
echo "setup: installing ${missing[*]}"
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
