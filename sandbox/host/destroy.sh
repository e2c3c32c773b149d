#!/usr/bin/env bash
# Removes the local test host container; `--purge` also deletes its Docker data and the testbed network.
set -uo pipefail
name="${SWIFTDEPLOY_TESTHOST_NAME:-swiftdeploy-host1}"
docker rm -f "$name" >/dev/null 2>&1 && echo "removed $name"
if [ "${1:-}" = "--purge" ]; then
  rm -rf "/var/lib/swiftdeploy-testhost/$name-docker"
  docker network rm swiftdeploy-testbed >/dev/null 2>&1 && echo "removed network swiftdeploy-testbed"
fi
exit 0
