#!/usr/bin/env bash
# Removes the local test host container; `--purge` also deletes its Docker data and the testbed network.
set -uo pipefail
name="${SWIFTDEPLOY_TESTHOST_NAME:-swiftdeploy-host1}"
network="${SWIFTDEPLOY_TESTHOST_NETWORK:-swiftdeploy-testbed}"
docker rm -f "$name" >/dev/null 2>&1 && echo "removed $name"
if [ "${1:-}" = "--purge" ]; then
  rm -rf "/var/lib/swiftdeploy-testhost/$name-docker"
  docker network rm "$network" >/dev/null 2>&1 && echo "removed network $network"
fi
exit 0
