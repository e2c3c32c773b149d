# The Pulumi CLI and OPA, pinned, built from the Go module proxy into $SWIFTDEPLOY_CACHE/tools/<tool>-v<version>.
# A Pulumi CLI already on PATH at the pinned version or a later one of the same major version, and
# an OPA at the pinned version, are used as they are (scripts/lib/version.sh).

_sd_go_required() {
  command -v go >/dev/null || sd_die "Go is not installed" "the Pulumi CLI and OPA are built from the Go module proxy here" \
    "install Go 1.22 or newer (https://go.dev/dl) or put pulumi v$PULUMI_VERSION and opa v$OPA_VERSION on PATH"
}

# _sd_go_build NAME VERSION LOG COMMAND...: runs the build, explains a failure with the log's tail.
_sd_go_build() {
  local name="$1" version="$2" log="$3"
  shift 3
  sd_info "building $name v$version from the Go module proxy (cold: minutes; log: $log)"
  if ! sd_with_heartbeat "building $name v$version (log: $log)" "$log" "$@"; then
    sd_die "building $name v$version failed" "$(tail -n 8 "$log")" \
      "check that the Go module proxy ($(go env GOPROXY)) serves it; full log: $log"
  fi
}

sd_ensure_pulumi() {
  local dir="$SWIFTDEPLOY_CACHE/tools/pulumi-v$PULUMI_VERSION"
  local found
  found=$(sd_tool_version pulumi version)
  if sd_version_at_least "$found" "$PULUMI_VERSION"; then
    sd_info "pulumi $found at $(command -v pulumi) (pinned v$PULUMI_VERSION: this one or a later v${PULUMI_VERSION%%.*}.x is used as it is)"
    return 0
  fi
  [ -z "$found" ] ||
    sd_info "pulumi $found at $(command -v pulumi) is below the pinned v$PULUMI_VERSION (or another major version): building v$PULUMI_VERSION beside it"
  _sd_go_required
  local work="$SWIFTDEPLOY_CACHE/gobuild/pulumi-v$PULUMI_VERSION"
  mkdir -p "$work" "$dir" "$SWIFTDEPLOY_CACHE/logs"
  [ -f "$work/go.mod" ] || printf 'module swiftdeploy/pulumi-build\n\ngo 1.22\n' >"$work/go.mod"
  _sd_go_build pulumi "$PULUMI_VERSION" "$SWIFTDEPLOY_CACHE/logs/pulumi-build.log" bash -c "
    cd '$work' &&
    go get github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION &&
    go build -ldflags '-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION' \
      -o '$dir/pulumi.tmp' github.com/pulumi/pulumi/pkg/v3/cmd/pulumi &&
    mv '$dir/pulumi.tmp' '$dir/pulumi'"
  found=$("$dir/pulumi" version)
  [ "$found" = "v$PULUMI_VERSION" ] || sd_die "the built pulumi reports '$found'" "expected v$PULUMI_VERSION" "delete $dir and run setup again"
  sd_info "pulumi $found at $dir"
}

sd_ensure_opa() {
  local dir="$SWIFTDEPLOY_CACHE/tools/opa-v$OPA_VERSION"
  local found
  found=$(opa version 2>/dev/null | awk '/^Version:/ {print $2}' || true)
  if [ "$found" = "$OPA_VERSION" ]; then
    sd_info "opa $found at $(command -v opa)"
    return 0
  fi
  _sd_go_required
  mkdir -p "$dir" "$SWIFTDEPLOY_CACHE/logs"
  _sd_go_build opa "$OPA_VERSION" "$SWIFTDEPLOY_CACHE/logs/opa-build.log" bash -c "
    cd /tmp && GOBIN='$dir' go install github.com/open-policy-agent/opa@v$OPA_VERSION"
  found=$("$dir/opa" version | awk '/^Version:/ {print $2}')
  [ "$found" = "$OPA_VERSION" ] || sd_die "the built opa reports '$found'" "expected $OPA_VERSION" "delete $dir and run setup again"
  sd_info "opa $found at $dir"
}
