#!/usr/bin/env bash
# Builds the stack's own images for the Kubernetes target on this machine — the API image of each
# version (api/Dockerfile on the runtime image) and the detector's (detector/Dockerfile) — and
# imports them, with Nginx's and OPA's, into every node of the sandbox cluster. No registry: pods
# run them by image ID (imagePullPolicy IfNotPresent).
#   scripts/kubernetes/app-images.sh [VERSION...]     (default: the versions in manifest.yaml)
#   SWIFTDEPLOY_CLUSTER_NAME (swiftdeploy-k8s)   SWIFTDEPLOY_SERVICE_NAME (api)
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/env.sh
. scripts/lib/log.sh
service="${SWIFTDEPLOY_SERVICE_NAME:-api}"
runtime="swiftdeploy/node-runtime:$NODE_RUNTIME_VERSION"
detector="${SWIFTDEPLOY_DETECTOR_IMAGE:-swiftdeploy/detector:dev}"
versions=("$@")
if [ "${#versions[@]}" -eq 0 ]; then
  mapfile -t versions < <(awk '/^release:/{r=1;next} /^[a-z]/{r=0} r && /version:/ {gsub(/["'"'"' ]/,"",$2); print $2}' manifest.yaml)
fi
[ "${#versions[@]}" -gt 0 ] || sd_die "no API version to build" "manifest.yaml names none" "pass the versions: $0 1.0.0 1.1.0"
node scripts/build.mjs api detector >/dev/null || sd_die "bundling the API and the detector failed" "" "npm run build"
for version in "${versions[@]}"; do
  docker build -q --build-arg "BASE_IMAGE=$runtime" --build-arg "APP_VERSION=$version" \
    -f api/Dockerfile -t "$service:$version" dist/api >/dev/null ||
    sd_die "building $service:$version failed" "" "docker build -f api/Dockerfile dist/api"
  echo "built $service:$version"
done
docker build -q --build-arg "NODE_IMAGE=$runtime" -f detector/Dockerfile -t "$detector" dist/detector >/dev/null ||
  sd_die "building $detector failed" "" "docker build -f detector/Dockerfile dist/detector"
echo "built $detector"
images=("swiftdeploy/nginx:$DEBIAN_SUITE" "swiftdeploy/opa:$OPA_VERSION" "$detector")
for version in "${versions[@]}"; do images+=("$service:$version"); done
bash sandbox/cluster/load-images.sh "${images[@]}"
