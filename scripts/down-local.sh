#!/usr/bin/env bash
# `npm run stop`: destroys the dev stack and removes the local test host (`--purge` drops its data).
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
if docker inspect swiftdeploy-host1 >/dev/null 2>&1; then
  pulumi destroy --yes --skip-preview --non-interactive --stack dev || echo "pulumi destroy failed; removing the host anyway"
fi
bash sandbox/host/destroy.sh "$@"
