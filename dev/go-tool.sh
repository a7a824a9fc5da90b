# Sourced by the scripts that build Temporal's Go tools from the Go module proxy into .tools/
# (never a binary download). go_tool DIR PACKAGE@VERSION MIN_GO_MINOR prints the binary's path,
# building it only when DIR does not hold it yet; the build's output goes to stderr.
# With GO_TOOLCHAIN set (deploy/temporal/versions.env), the go command first fetches that Go
# release from the module proxy when this machine's Go is older than a module needs.

go_tool() {
  local dir="$1" pkg="$2" min_minor="$3"
  local bin
  bin="$dir/$(basename "${pkg%@*}")"
  if [ -x "$bin" ]; then echo "$bin"; return 0; fi

  if ! command -v go >/dev/null 2>&1; then
    echo "No Go toolchain to build $pkg (need Go >= 1.$min_minor)." >&2
    return 2
  fi
  if [ -n "${GO_TOOLCHAIN:-}" ]; then export GOTOOLCHAIN="$GO_TOOLCHAIN"; fi
  local minor
  minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
  if [ "${minor:-0}" -lt "$min_minor" ]; then
    echo "Go $(go env GOVERSION) is too old to build $pkg (need >= 1.$min_minor)." >&2
    return 2
  fi

  mkdir -p "$dir"
  echo "Building $pkg with $(go env GOVERSION) into ${dir#"$PWD"/} (first time only; minutes from cold Go caches)..." >&2
  local start beat
  start=$(date +%s)
  # -x would be too noisy; a heartbeat shows the build is alive. Its stdout is closed so that a
  # caller capturing ours (`$(go_tool …)`) is not held open by its last `sleep` after the kill.
  ( while sleep 20; do echo "  ...still building ${dir##*/} ($(( $(date +%s) - start ))s)" >&2; done ) >/dev/null &
  beat=$!
  if ! GOBIN="$dir" go install "$pkg" >&2; then
    kill "$beat" 2>/dev/null || true
    return 1
  fi
  kill "$beat" 2>/dev/null || true
  echo "Built ${dir##*/} in $(( $(date +%s) - start ))s: $bin" >&2
  echo "$bin"
}
