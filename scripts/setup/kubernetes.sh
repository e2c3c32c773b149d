# The local Kubernetes cluster's toolchain (sandbox/cluster), pinned in scripts/versions.env and
# built from the Go module proxy into $SWIFTDEPLOY_CACHE/tools/<tool>-v<version>:
#   kubernetes-v$KUBERNETES_VERSION: kube-apiserver, kube-controller-manager, kube-scheduler,
#     kubelet, kube-proxy, kubectl and etcd (the etcd Kubernetes itself pins, built in the same module
#     graph so it shares its compiled dependencies)
#   pulumi-kubernetes-v$PULUMI_KUBERNETES_VERSION: the real provider plugin pulumi-resource-kubernetes
#   coredns-v$COREDNS_VERSION: the cluster's DNS, with only the plugins a cluster uses
#     (sandbox/cluster/coredns/main.go)
# The builds run side by side (one package at a time each, niced); measured peaks of their largest
# process: 2.7 GB (kubernetes), 4.1 GB (provider), 0.75 GB (coredns).
# A tool whose binaries are present and report the pinned version is not rebuilt.

SD_KUBE_BIN_DIR="$SWIFTDEPLOY_CACHE/tools/kubernetes-v$KUBERNETES_VERSION"
SD_KUBE_PROVIDER_DIR="$SWIFTDEPLOY_CACHE/tools/pulumi-kubernetes-v$PULUMI_KUBERNETES_VERSION"
SD_COREDNS_DIR="$SWIFTDEPLOY_CACHE/tools/coredns-v$COREDNS_VERSION"
SD_KUBE_BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)

# The notes' recipe: a single package at a time keeps the peak memory of each build under ~4 GB.
_sd_kube_go_env() {
  env GOFLAGS="-mod=mod -p=1 -buildvcs=false" GOWORK=off CGO_ENABLED=0 nice -n 19 "$@"
}

# _sd_go_module_dir MODULE@VERSION: downloads a module into the module cache, prints its folder.
_sd_go_module_dir() {
  GOFLAGS=-mod=mod go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'
}

_sd_kube_binaries_current() {
  local bin
  for bin in "${SD_KUBE_BINARIES[@]}"; do
    [ -x "$SD_KUBE_BIN_DIR/$bin" ] || return 1
  done
  [ -x "$SD_KUBE_BIN_DIR/etcd" ] || return 1
  # Outputs captured whole: a reader that stops early would fail the pipe under pipefail (SIGPIPE).
  local apiserver kubectl etcd
  apiserver=$("$SD_KUBE_BIN_DIR/kube-apiserver" --version 2>/dev/null)
  kubectl=$("$SD_KUBE_BIN_DIR/kubectl" version --client 2>/dev/null)
  etcd=$("$SD_KUBE_BIN_DIR/etcd" --version 2>/dev/null)
  [ "$apiserver" = "Kubernetes v$KUBERNETES_VERSION" ] &&
    [[ "$kubectl" == *"Client Version: v$KUBERNETES_VERSION"* ]] &&
    [[ "$etcd" == "etcd Version: $ETCD_VERSION"* ]]
}

# The k8s.io/kubernetes module zip has no staging/ sources: drop the `=> ./staging/...` replaces and
# require the published k8s.io/* modules at the matching v0 version instead.
_sd_kube_prepare_source() {
  local work="$1" src
  [ -f "$work/.swiftdeploy-prepared" ] && return 0
  src=$(_sd_go_module_dir "k8s.io/kubernetes@v$KUBERNETES_VERSION") && [ -n "$src" ] || return 1
  rm -rf "$work" && mkdir -p "$work" && cp -r "$src/." "$work/" && chmod -R u+w "$work" || return 1
  rm -f "$work/go.work" "$work/go.work.sum"
  sed -i -e '/=> \.\/staging\//d' \
    -e "s#^\(\s\+k8s\.io/[A-Za-z0-9._/-]\+\) v0\.0\.0\$#\1 v0.${KUBERNETES_VERSION#1.}#" "$work/go.mod"
  touch "$work/.swiftdeploy-prepared"
}

_sd_kube_build() {
  local work="$SWIFTDEPLOY_CACHE/gobuild/kubernetes-v$KUBERNETES_VERSION"
  local minor="${KUBERNETES_VERSION#*.}" pkg
  minor="${minor%%.*}"
  _sd_kube_prepare_source "$work" || return 1
  cd "$work" || return 1
  local ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=v$KUBERNETES_VERSION -X $pkg.gitMajor=${KUBERNETES_VERSION%%.*}"
    ldflags+=" -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  mkdir -p "$SD_KUBE_BIN_DIR.tmp" || return 1
  local targets=()
  for pkg in "${SD_KUBE_BINARIES[@]}"; do targets+=("./cmd/$pkg"); done
  _sd_kube_go_env go build -trimpath -ldflags "$ldflags" -o "$SD_KUBE_BIN_DIR.tmp/" "${targets[@]}" || return 1
  # etcd at the version Kubernetes pins (its go.mod requires go.etcd.io/etcd/server/v3 at the same).
  grep -q "go.etcd.io/etcd/server/v3 v$ETCD_VERSION" go.mod || {
    echo "k8s.io/kubernetes v$KUBERNETES_VERSION does not pin etcd v$ETCD_VERSION: $(grep 'etcd/server/v3' go.mod)"
    return 1
  }
  _sd_kube_go_env go build -trimpath -ldflags "-s -w" -o "$SD_KUBE_BIN_DIR.tmp/etcd" go.etcd.io/etcd/server/v3 || return 1
  rm -rf "$SD_KUBE_BIN_DIR" && mv "$SD_KUBE_BIN_DIR.tmp" "$SD_KUBE_BIN_DIR"
}

# A -trimpath build records no -ldflags in its build info: the build writes a stamp beside the
# binary, and the schema embedded in it must carry the version too.
_sd_kube_provider_current() {
  [ -x "$SD_KUBE_PROVIDER_DIR/pulumi-resource-kubernetes" ] &&
    [ "$(cat "$SD_KUBE_PROVIDER_DIR/VERSION" 2>/dev/null)" = "$PULUMI_KUBERNETES_VERSION $PULUMI_KUBERNETES_PROVIDER_MODULE" ] &&
    grep -aqF "\"version\":\"$PULUMI_KUBERNETES_VERSION\"" "$SD_KUBE_PROVIDER_DIR/pulumi-resource-kubernetes"
}

# The provider module's one local replace (sdk/v4 => ../sdk) is dropped: sdk/v4 then comes from the
# proxy. Its zip lacks the two embedded files that generate.go writes (schema with the version stamped).
_sd_kube_provider_build() {
  local work="$SWIFTDEPLOY_CACHE/gobuild/pulumi-kubernetes-$PULUMI_KUBERNETES_PROVIDER_MODULE" src
  if [ ! -f "$work/.swiftdeploy-prepared" ]; then
    src=$(_sd_go_module_dir "github.com/pulumi/pulumi-kubernetes/provider/v4@$PULUMI_KUBERNETES_PROVIDER_MODULE") && [ -n "$src" ] || return 1
    rm -rf "$work" && mkdir -p "$work" && cp -r "$src/." "$work/" && chmod -R u+w "$work" || return 1
    sed -i '/^replace github.com\/pulumi\/pulumi-kubernetes\/sdk\/v4 => /d' "$work/go.mod"
    touch "$work/.swiftdeploy-prepared"
  fi
  cd "$work/cmd/pulumi-resource-kubernetes" || return 1
  VERSION="$PULUMI_KUBERNETES_VERSION" _sd_kube_go_env go run generate.go || return 1
  cd "$work" || return 1
  mkdir -p "$SD_KUBE_PROVIDER_DIR" || return 1
  _sd_kube_go_env go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$PULUMI_KUBERNETES_VERSION" \
    -o "$SD_KUBE_PROVIDER_DIR/pulumi-resource-kubernetes.tmp" ./cmd/pulumi-resource-kubernetes || return 1
  mv "$SD_KUBE_PROVIDER_DIR/pulumi-resource-kubernetes.tmp" "$SD_KUBE_PROVIDER_DIR/pulumi-resource-kubernetes" &&
    echo "$PULUMI_KUBERNETES_VERSION $PULUMI_KUBERNETES_PROVIDER_MODULE" >"$SD_KUBE_PROVIDER_DIR/VERSION"
}

_sd_coredns_current() {
  local version
  version=$("$SD_COREDNS_DIR/coredns" -version 2>/dev/null)
  [ "${version%%$'\n'*}" = "CoreDNS-$COREDNS_VERSION" ]
}

_sd_coredns_build() {
  local work="$SWIFTDEPLOY_CACHE/gobuild/coredns-v$COREDNS_VERSION"
  mkdir -p "$work" "$SD_COREDNS_DIR" || return 1
  cp "$SWIFTDEPLOY_ROOT/sandbox/cluster/coredns/main.go" "$work/main.go" || return 1
  [ -f "$work/go.mod" ] ||
    printf 'module swiftdeploy/coredns-build\n\ngo 1.25\n\nrequire github.com/coredns/coredns v%s\n' "$COREDNS_VERSION" >"$work/go.mod"
  cd "$work" || return 1
  _sd_kube_go_env go build -trimpath -ldflags "-s -w" -o "$SD_COREDNS_DIR/coredns.tmp" . || return 1
  mv "$SD_COREDNS_DIR/coredns.tmp" "$SD_COREDNS_DIR/coredns"
}

SD_KUBE_BUILD_PIDS=()
SD_KUBE_BUILD_NAMES=()
SD_KUBE_BUILD_STARTED=""

# _sd_kube_build_locked NAME CURRENT BUILD: one build of NAME at a time on this machine (a setup that
# died leaves its builds running; the next one waits for them instead of building into the same
# folders, and builds nothing if they finished the job).
_sd_kube_build_locked() {
  local lock="$SWIFTDEPLOY_CACHE/gobuild/$1.lock"
  mkdir -p "$SWIFTDEPLOY_CACHE/gobuild" && exec {SD_LOCK_FD}>"$lock" && flock "$SD_LOCK_FD" || return 1
  if "$2"; then
    echo "$1 was built meanwhile by another run"
    return 0
  fi
  "$3"
}

# Starts the builds whose binaries are missing in the background, each with its own log, and returns:
# the rest of setup runs meanwhile. sd_ensure_kubernetes_toolchain waits for them.
sd_start_kubernetes_toolchain() {
  local builds=() entry name log functions
  SD_KUBE_BUILD_STARTED=$SECONDS
  _sd_kube_binaries_current || builds+=("kubernetes-v$KUBERNETES_VERSION:_sd_kube_binaries_current:_sd_kube_build")
  _sd_kube_provider_current ||
    builds+=("pulumi-kubernetes-v$PULUMI_KUBERNETES_VERSION:_sd_kube_provider_current:_sd_kube_provider_build")
  _sd_coredns_current || builds+=("coredns-v$COREDNS_VERSION:_sd_coredns_current:_sd_coredns_build")
  if [ "${#builds[@]}" -eq 0 ]; then
    sd_info "all built already"
    return 0
  fi
  command -v go >/dev/null || sd_die "Go is not installed" "Kubernetes, CoreDNS and the Pulumi Kubernetes provider are built from the Go module proxy here" \
    "install Go 1.26 or newer (https://go.dev/dl)"
  mkdir -p "$SWIFTDEPLOY_CACHE/logs"
  for entry in "${builds[@]}"; do
    name="${entry%%:*}"
    log="$SWIFTDEPLOY_CACHE/logs/$name-build.log"
    functions="${entry#*:}"
    (_sd_kube_build_locked "$name" "${functions%%:*}" "${functions#*:}") >"$log" 2>&1 &
    SD_KUBE_BUILD_PIDS+=($!)
    SD_KUBE_BUILD_NAMES+=("$name")
    sd_info "building $name in the background (log: $log)"
  done
}

# Waits for the background builds, a line every 30 s; fails naming each failed build with its log.
_sd_kube_builds_wait() {
  local i running failed=0 next=$((SECONDS + 30))
  while :; do
    running=()
    for i in "${!SD_KUBE_BUILD_PIDS[@]}"; do
      kill -0 "${SD_KUBE_BUILD_PIDS[$i]}" 2>/dev/null && running+=("${SD_KUBE_BUILD_NAMES[$i]}")
    done
    [ "${#running[@]}" -eq 0 ] && break
    if [ "$SECONDS" -ge "$next" ]; then
      sd_info "still building ${running[*]} ($((SECONDS - SD_KUBE_BUILD_STARTED)) s since they started)"
      next=$((SECONDS + 30))
    fi
    sleep 1
  done
  for i in "${!SD_KUBE_BUILD_PIDS[@]}"; do
    wait "${SD_KUBE_BUILD_PIDS[$i]}" && continue
    sd_warn "building ${SD_KUBE_BUILD_NAMES[$i]} failed: $(tail -n 8 "$SWIFTDEPLOY_CACHE/logs/${SD_KUBE_BUILD_NAMES[$i]}-build.log")"
    failed=1
  done
  [ "$failed" -eq 0 ] || sd_die "a Kubernetes toolchain build failed" "see the warnings above" \
    "check that the Go module proxy ($(go env GOPROXY)) serves the pinned modules; full logs in $SWIFTDEPLOY_CACHE/logs"
  sd_info "built ${SD_KUBE_BUILD_NAMES[*]} in $((SECONDS - SD_KUBE_BUILD_STARTED)) s"
  SD_KUBE_BUILD_PIDS=()
}

sd_ensure_kubernetes_toolchain() {
  [ -n "$SD_KUBE_BUILD_STARTED" ] || sd_start_kubernetes_toolchain
  [ "${#SD_KUBE_BUILD_PIDS[@]}" -eq 0 ] || _sd_kube_builds_wait
  _sd_kube_binaries_current || sd_die "the Kubernetes binaries in $SD_KUBE_BIN_DIR do not report v$KUBERNETES_VERSION / etcd $ETCD_VERSION" \
    "a build was interrupted or the pins changed" "rm -rf $SD_KUBE_BIN_DIR and run setup again"
  _sd_kube_provider_current || sd_die "$SD_KUBE_PROVIDER_DIR/pulumi-resource-kubernetes is not stamped $PULUMI_KUBERNETES_VERSION" \
    "a build was interrupted or the pin changed" "rm -rf $SD_KUBE_PROVIDER_DIR and run setup again"
  _sd_coredns_current || sd_die "$SD_COREDNS_DIR/coredns does not report CoreDNS-$COREDNS_VERSION" \
    "a build was interrupted or the pin changed" "rm -rf $SD_COREDNS_DIR and run setup again"
  sd_info "kubernetes v$KUBERNETES_VERSION + etcd $ETCD_VERSION at $SD_KUBE_BIN_DIR"
  sd_info "coredns $COREDNS_VERSION at $SD_COREDNS_DIR"
  sd_info "pulumi-resource-kubernetes $PULUMI_KUBERNETES_VERSION at $SD_KUBE_PROVIDER_DIR"
}
