#!/usr/bin/env bash
# Removes the sandbox cluster's node containers; `--purge` also deletes its data folders (containerd,
# kubelet, etcd), its certificates and kubeconfig, and its Docker network.
#   SWIFTDEPLOY_CLUSTER_NAME (swiftdeploy-k8s)
set -uo pipefail
cd "$(dirname "$0")/../.."
. sandbox/cluster/lib/cgroups.sh
cluster="${SWIFTDEPLOY_CLUSTER_NAME:-swiftdeploy-k8s}"
mapfile -t nodes < <(docker ps -a --filter "label=dev.swiftdeploy.cluster=$cluster" --format '{{.Names}}')
for node in "${nodes[@]}"; do
  id=$(docker inspect -f '{{.Id}}' "$node" 2>/dev/null)
  docker rm -f "$node" >/dev/null 2>&1 && echo "removed $node"
  # The pods' cgroups sit under the node's own; they are empty once the node is gone.
  cgroups_remove_tree "$id"
done
if [ "${1:-}" = "--purge" ]; then
  rm -rf "/var/lib/swiftdeploy-cluster/$cluster" "$PWD/.swiftdeploy/cluster/$cluster"
  docker network rm "$cluster" >/dev/null 2>&1 && echo "removed network $cluster"
fi
exit 0
