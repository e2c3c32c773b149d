# Local state and the dev stack: Pulumi works with no account and no network.

sd_ensure_pulumi_backend() {
  local state="${PULUMI_BACKEND_URL#file://}"
  mkdir -p "$state"
  if pulumi stack ls --json 2>/dev/null | grep -q '"name": *"dev"'; then
    sd_info "stack dev exists in $PULUMI_BACKEND_URL"
    return 0
  fi
  pulumi stack init dev --non-interactive >/dev/null ||
    sd_die "could not create the dev stack" "pulumi stack init dev failed (see above)" \
      "if it says 'incorrect passphrase', unset PULUMI_CONFIG_PASSPHRASE(_FILE): the dev stack uses the public dev passphrase"
  sd_info "stack dev created in $PULUMI_BACKEND_URL"
}
