# Local images that stand in for registry downloads: the debootstrapped base, a Node runtime, Nginx,
# OPA and the systemd test host. Each is rebuilt only when its recipe (Dockerfile + inputs) changes.

SD_BASE_IMAGE="local/debian:$DEBIAN_SUITE"
SD_NODE_IMAGE="swiftdeploy/node-runtime:$NODE_RUNTIME_VERSION"
SD_OPA_IMAGE="swiftdeploy/opa:$OPA_VERSION"
SD_NGINX_IMAGE="swiftdeploy/nginx:$DEBIAN_SUITE"
SD_HOST_IMAGE="swiftdeploy/testhost:$DEBIAN_SUITE"

_sd_debian_mirror() {
  awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null ||
    true
}

sd_ensure_base_image() {
  if docker image inspect "$SD_BASE_IMAGE" >/dev/null 2>&1; then
    sd_info "$SD_BASE_IMAGE present"
    return 0
  fi
  local mirror rootfs="$SWIFTDEPLOY_CACHE/rootfs/$DEBIAN_SUITE-minbase"
  mirror=$(_sd_debian_mirror)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
  [ -n "$mirror" ] || sd_die "no Debian mirror found" "neither /etc/apt/sources.list.d/debian.sources nor /etc/apt/sources.list names one" \
    "set SWIFTDEPLOY_DEBIAN_MIRROR=http://your.mirror/debian"
  mirror="${SWIFTDEPLOY_DEBIAN_MIRROR:-$mirror}"
  if [ ! -f "$rootfs/.swiftdeploy-complete" ]; then
    rm -rf "$rootfs"
    mkdir -p "$rootfs"
    sd_info "debootstrap --variant=minbase $DEBIAN_SUITE from $mirror"
    debootstrap --variant=minbase "$DEBIAN_SUITE" "$rootfs" "$mirror" >"$SWIFTDEPLOY_CACHE/logs/debootstrap.log" 2>&1 ||
      sd_die "debootstrap failed" "$(tail -n 5 "$SWIFTDEPLOY_CACHE/logs/debootstrap.log")" "see $SWIFTDEPLOY_CACHE/logs/debootstrap.log"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    touch "$rootfs/.swiftdeploy-complete"
  fi
  tar -C "$rootfs" --exclude=./.swiftdeploy-complete -c . | docker import - "$SD_BASE_IMAGE" >/dev/null ||
    sd_die "docker import of the base image failed" "see the output above"
  sd_info "$SD_BASE_IMAGE imported ($(docker image inspect -f '{{.Size}}' "$SD_BASE_IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
}

# _sd_build_image TAG CONTEXT_DIR RECIPE_KEY [docker build args...]
_sd_build_image() {
  local tag="$1" context="$2" key="$3"
  shift 3
  local recipe current base_id
  base_id=$(docker image inspect -f "{{.Id}}" "$SD_BASE_IMAGE")
  recipe=$(printf '%s\n' "$key" "$base_id" "$(cat "$context/Dockerfile")" | sha256sum | cut -c1-16)
  current=$(docker image inspect -f '{{ index .Config.Labels "dev.swiftdeploy.recipe" }}' "$tag" 2>/dev/null || true)
  if [ "$current" = "$recipe" ]; then
    sd_info "$tag up to date"
    return 0
  fi
  local log="$SWIFTDEPLOY_CACHE/logs/image-${tag//[:\/]/_}.log"
  docker build --label "dev.swiftdeploy.recipe=$recipe" --build-arg "BASE_IMAGE=$SD_BASE_IMAGE" -t "$tag" "$@" "$context" >"$log" 2>&1 ||
    sd_die "building $tag failed" "$(tail -n 8 "$log")" "see $log"
  sd_info "$tag built ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
}

# A binary runtime image needs the binary inside its build context; stage a temporary context.
_sd_build_binary_image() {
  local tag="$1" binary="$2" install_path="$3" ctx
  ctx=$(mktemp -d)
  cp sandbox/images/binary-runtime/Dockerfile "$ctx/Dockerfile"
  cp "$binary" "$ctx/$(basename "$binary")"
  _sd_build_image "$tag" "$ctx" "$tag $(sha256sum "$binary" | cut -c1-16)" \
    --build-arg "BINARY=$(basename "$binary")" --build-arg "INSTALL_PATH=$install_path"
  rm -rf "$ctx"
}

sd_ensure_images() {
  _sd_build_binary_image "$SD_NODE_IMAGE" "$(sd_node_runtime_binary)" /usr/local/bin/node
  _sd_build_binary_image "$SD_OPA_IMAGE" "$SWIFTDEPLOY_CACHE/tools/opa-v$OPA_VERSION/opa" /usr/local/bin/opa
  _sd_build_image "$SD_NGINX_IMAGE" sandbox/images/nginx "$SD_NGINX_IMAGE"
  _sd_build_image "$SD_HOST_IMAGE" sandbox/host "$SD_HOST_IMAGE"
}
