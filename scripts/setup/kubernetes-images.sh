# Local images of the Kubernetes cluster (sandbox/cluster): the pod sandbox ("pause") image built from
# Kubernetes' own pause.c, and the node image (systemd + containerd + CNI plugins). Rebuilt only when
# their recipe changes (needs _sd_build_image from images.sh and the toolchain from kubernetes.sh).
# CoreDNS runs from the project's binary runtime image (sandbox/images/binary-runtime).

SD_KUBE_PAUSE_IMAGE="swiftdeploy/pause:$PAUSE_VERSION"
SD_KUBE_NODE_IMAGE="swiftdeploy/k8s-node:$DEBIAN_SUITE"
SD_COREDNS_IMAGE="swiftdeploy/coredns:$COREDNS_VERSION"

# _sd_tree_hash DIR: one hash of every file's path and content under DIR.
_sd_tree_hash() {
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

sd_ensure_kubernetes_images() {
  local k8s_src ctx
  k8s_src="$SWIFTDEPLOY_CACHE/gobuild/kubernetes-v$KUBERNETES_VERSION"
  [ -f "$k8s_src/build/pause/linux/pause.c" ] || sd_die "pause.c is missing from $k8s_src" \
    "the Kubernetes source is prepared by the toolchain step" "rm -rf $k8s_src $SD_KUBE_BIN_DIR and run npm run setup"
  grep -q "^TAG ?= $PAUSE_VERSION\$" "$k8s_src/build/pause/Makefile" || sd_die "PAUSE_VERSION=$PAUSE_VERSION in scripts/versions.env" \
    "Kubernetes v$KUBERNETES_VERSION builds pause $(sed -n 's/^TAG ?= //p' "$k8s_src/build/pause/Makefile")" "set PAUSE_VERSION to that"
  ctx=$(mktemp -d)
  cp sandbox/cluster/pause/Dockerfile "$k8s_src/build/pause/linux/pause.c" "$ctx/"
  _sd_build_image "$SD_KUBE_PAUSE_IMAGE" "$ctx" "$SD_KUBE_PAUSE_IMAGE $(_sd_tree_hash "$ctx")" --build-arg "PAUSE_VERSION=$PAUSE_VERSION"
  rm -rf "$ctx"
  _sd_build_binary_image "$SD_COREDNS_IMAGE" "$SD_COREDNS_DIR/coredns" /coredns
  _sd_build_image "$SD_KUBE_NODE_IMAGE" sandbox/cluster/node "$SD_KUBE_NODE_IMAGE $(_sd_tree_hash sandbox/cluster/node)" \
    --build-arg "PAUSE_VERSION=$PAUSE_VERSION"
}
