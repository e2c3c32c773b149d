#!/usr/bin/env bash
# `npm start`: the whole stack, locally, with embedded defaults. Makes the machine ready, boots the
# local systemd test host, deploys manifest.yaml onto it with the dev stack (real Pulumi engine,
# CrossGuard pack on), and prints where to look. Run it again to apply manifest changes.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
. scripts/env.sh
. scripts/lib/log.sh

printf '==> Test host\n'
# A host this checkout's state does not know (another checkout, a wiped .swiftdeploy/state) holds
# containers and networks the engine would collide with: start that throwaway host afresh.
deployed=$(pulumi stack export --stack dev 2>/dev/null | grep -c '"urn"' || true)
if [ "${deployed:-0}" -eq 0 ]; then
  sd_info "the dev stack has no resources yet: booting the local test host fresh"
  bash sandbox/host/destroy.sh --purge >/dev/null
fi
bash sandbox/host/boot.sh >/dev/null || sd_die "the local test host did not boot" "see above" "bash sandbox/host/boot.sh"
sd_info "up at 172.31.250.10 (ssh -i .swiftdeploy/testhost/id_ed25519 root@172.31.250.10)"

printf '==> Generated files (swiftdeploy init)\n'
node dist/cli/swiftdeploy.js init --stack dev >/dev/null || sd_die "manifest.yaml or Pulumi.dev.yaml is invalid" "see above"
sd_info ".swiftdeploy/generated/dev/"

printf '==> pulumi up (stack dev)\n'
pulumi up --yes --skip-preview --non-interactive --stack dev \
  --policy-pack policies/crossguard \
  --policy-pack-config .swiftdeploy/generated/dev/crossguard/policy-config.json ||
  sd_die "pulumi up failed" "see the diagnostics above" "fix what they name, then run npm start again"

url=$(pulumi stack output publicUrl --stack dev)
printf '\nSwiftDeploy is running.\n'
printf '  public URL:   %s   (curl -i %s)\n' "$url" "$url"
printf '  dashboard:    %s\n' "$(pulumi stack output dashboard --stack dev)"
printf '  detector:     %s\n' "$(pulumi stack output detectorUnitState --stack dev)"
printf '  stop it:      npm run stop\n'
