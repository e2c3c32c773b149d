#!/usr/bin/env bash
# Imports local Docker images into the containerd of every node of the sandbox cluster (namespace
# k8s.io, where kubelet looks), as a registry pull would put them there; pods then use them with
# imagePullPolicy IfNotPresent or Never. A node that already holds the same image ID is skipped.
#   load-images.sh IMAGE...      SWIFTDEPLOY_CLUSTER_NAME (swiftdeploy-k8s)
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/log.sh
cluster="${SWIFTDEPLOY_CLUSTER_NAME:-swiftdeploy-k8s}"
[ "$#" -gt 0 ] || sd_die "no image given" "usage: sandbox/cluster/load-images.sh IMAGE..."
mapfile -t nodes < <(docker ps --filter "label=dev.swiftdeploy.cluster=$cluster" --format '{{.Names}}' | sort)
[ "${#nodes[@]}" -gt 0 ] || sd_die "no running node of cluster $cluster" "" "sandbox/cluster/boot.sh"

for image in "$@"; do
  id=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null) || sd_die "image $image is not in the local Docker engine" "" "docker images"
  # containerd names images fully: an image without a registry domain is docker.io/<name>.
  ref="$image"
  [[ "${image##*/}" == *[:@]* ]] || ref="$ref:latest"
  if [[ "$image" != */* ]]; then
    ref="docker.io/library/$ref"
  else
    case "${image%%/*}" in *.* | *:* | localhost) ;; *) ref="docker.io/$ref" ;; esac
  fi
  label="dev.swiftdeploy.image-id=${id#sha256:}"
  saved=""
  for node in "${nodes[@]}"; do
    held=$(docker exec "$node" ctr -n k8s.io images ls "name==$ref" 2>/dev/null)
    [[ "$held" == *"$label"* ]] && continue
    if [ -z "$saved" ]; then
      saved=$(mktemp)
      docker save "$image" >"$saved" || sd_die "docker save $image failed" "" "docker images"
    fi
    docker exec -i "$node" ctr -n k8s.io images import - <"$saved" >/dev/null &&
      docker exec "$node" ctr -n k8s.io images label "$ref" "$label" >/dev/null ||
      sd_die "importing $image into $node failed" "see above" "docker exec $node ctr -n k8s.io images ls"
    echo "imported $ref into $node"
  done
  [ -z "$saved" ] || rm -f "$saved"
done
