#!/usr/bin/env bash
# Prints the bin folder of a Node.js binary of the given major version (20, 22 or 24), for PATH=<it>:$PATH.
# The machine's own node is used when it has that major; otherwise the npm package node-<os>-<arch>@<pinned>
# (the binary only, what the `node` package's install script would fetch) is unpacked into
# ${RESOLUTE_CI_CACHE:-$HOME/.cache/resolute-ci}/node-<version>/ once and reused. Never installed globally.
set -euo pipefail
major="${1:?usage: node-bin.sh 20|22|24}"
case "$major" in
  20) version=20.20.2 ;;
  22) version=22.23.3 ;;
  24) version=24.22.3 ;;
  *) echo "node-bin.sh: no pinned Node $major" >&2; exit 2 ;;
esac
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$major" ]; then
  dirname "$(command -v node)"
  exit 0
fi
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "node-bin.sh: unsupported machine $(uname -m)" >&2; exit 2 ;;
esac
dir="${RESOLUTE_CI_CACHE:-$HOME/.cache/resolute-ci}/node-$version"
if [ ! -x "$dir/bin/node" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  tarball="$(cd "$tmp" && npm pack --silent "node-linux-$arch@$version" | tail -1)"
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tmp/$tarball" -C "$tmp/unpacked" --strip-components=1 package/bin/node package/LICENSE
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir"
  mv "$tmp/unpacked" "$dir" # one rename: a concurrent or interrupted run never sees half a binary
fi
[ "$("$dir/bin/node" -p process.versions.node)" = "$version" ] || { echo "node-bin.sh: $dir/bin/node is not $version" >&2; exit 1; }
echo "$dir/bin"
