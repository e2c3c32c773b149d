#!/usr/bin/env bash
# Makes a fresh machine ready to deploy and test SwiftDeploy. Idempotent: a second run changes nothing.
# Needs root for Debian packages and the Docker engine; reaches only the package registries.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
. scripts/lib/log.sh
. scripts/lib/version.sh
for part in packages docker-engine go-tools kubernetes node images kubernetes-images pulumi-backend; do
  . "scripts/setup/$part.sh"
done
mkdir -p "$SWIFTDEPLOY_CACHE/logs" || sd_die "cannot create the cache $SWIFTDEPLOY_CACHE" "permission denied?" \
  "run as root or set SWIFTDEPLOY_CACHE to a writable folder"

sd_step "Debian packages" sd_ensure_packages
sd_step "Docker engine" sd_ensure_docker
# The longest part (~15 min cold): Go builds that run in the background while the steps below go on.
sd_step "Kubernetes toolchain: start the builds" sd_start_kubernetes_toolchain
sd_step "npm dependencies" sd_ensure_node_modules
sd_step "Pulumi CLI v$PULUMI_VERSION" sd_ensure_pulumi
sd_step "OPA v$OPA_VERSION" sd_ensure_opa
sd_step "Node.js runtime v$NODE_RUNTIME_VERSION (for images and the host)" sd_ensure_node_runtime
sd_step "Bundles (npm run build)" npm run --silent build
sd_step "Base image" sd_ensure_base_image
sd_step "Runtime images" sd_ensure_images
sd_step "Kubernetes v$KUBERNETES_VERSION, etcd $ETCD_VERSION, CoreDNS $COREDNS_VERSION, pulumi-resource-kubernetes $PULUMI_KUBERNETES_VERSION" \
  sd_ensure_kubernetes_toolchain
sd_step "Kubernetes images (node, pause, CoreDNS)" sd_ensure_kubernetes_images
sd_step "Pulumi local backend and dev stack" sd_ensure_pulumi_backend
sd_summary
echo "ready: pulumi $(pulumi version), opa $(opa version | awk '/^Version:/ {print $2}'), docker $(docker info --format '{{.ServerVersion}}')"
