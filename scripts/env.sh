# Source this file (`. scripts/env.sh`) to get the project's pinned toolchain on PATH:
# the Pulumi CLI and OPA built by scripts/setup.sh, and, only where the official pieces are not
# installed, the stand-ins under sandbox/bin/<piece>/. Safe to source more than once. The stand-ins
# serve the local stacks dev and k8s only, unless SWIFTDEPLOY_ALLOW_STANDINS=1 (sandbox/README.md):
# this file cannot know the stack, so they and the swiftdeploy CLI check it. The folders it puts on
# PATH for them are declared in SWIFTDEPLOY_STAND_IN_DIRS: the CLI knows a stand-in only from that.

SWIFTDEPLOY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
export SWIFTDEPLOY_ROOT
export SWIFTDEPLOY_CACHE="${SWIFTDEPLOY_CACHE:-/var/cache/swiftdeploy}"
# shellcheck source=versions.env
. "$SWIFTDEPLOY_ROOT/scripts/versions.env"
export PULUMI_VERSION OPA_VERSION NODE_RUNTIME_VERSION DEBIAN_SUITE PULUMI_KUBERNETES_VERSION KUBERNETES_VERSION

_sd_prepend_path() {
  case ":$PATH:" in *":$1:"*) ;; *) PATH="$1:$PATH" ;; esac
}

_sd_prepend_path "$SWIFTDEPLOY_CACHE/tools/opa-v$OPA_VERSION"
_sd_prepend_path "$SWIFTDEPLOY_CACHE/tools/pulumi-v$PULUMI_VERSION"
# The Kubernetes target: the real provider plugin built from the Go proxy (the engine uses a
# pulumi-resource-kubernetes on PATH), and the pinned kubectl the deploy gate runs.
[ -d "$SWIFTDEPLOY_CACHE/tools/pulumi-kubernetes-v$PULUMI_KUBERNETES_VERSION" ] &&
  _sd_prepend_path "$SWIFTDEPLOY_CACHE/tools/pulumi-kubernetes-v$PULUMI_KUBERNETES_VERSION"
[ -d "$SWIFTDEPLOY_CACHE/tools/kubernetes-v$KUBERNETES_VERSION" ] &&
  _sd_prepend_path "$SWIFTDEPLOY_CACHE/tools/kubernetes-v$KUBERNETES_VERSION"

# An official plugin is installed when the CLI bundle ships it beside `pulumi`, or when
# `pulumi plugin install` put it under ~/.pulumi/plugins.
_sd_official_plugin() {
  local kind="$1" name="$2" pulumi_dir
  pulumi_dir="$(dirname "$(command -v pulumi 2>/dev/null || echo /nonexistent/pulumi)")"
  [ -x "$pulumi_dir/pulumi-$kind-$name" ] && return 0
  compgen -G "${PULUMI_HOME:-$HOME/.pulumi}/plugins/$kind-$name-v*" >/dev/null 2>&1
}
SWIFTDEPLOY_STAND_IN_DIRS=""
for _sd_piece in language-nodejs resource-docker resource-command resource-pulumi-nodejs; do
  if ! _sd_official_plugin "${_sd_piece%%-*}" "${_sd_piece#*-}" && [ -d "$SWIFTDEPLOY_ROOT/sandbox/bin/$_sd_piece" ]; then
    _sd_prepend_path "$SWIFTDEPLOY_ROOT/sandbox/bin/$_sd_piece"
    SWIFTDEPLOY_STAND_IN_DIRS="${SWIFTDEPLOY_STAND_IN_DIRS:+$SWIFTDEPLOY_STAND_IN_DIRS:}$SWIFTDEPLOY_ROOT/sandbox/bin/$_sd_piece"
  fi
done
export PATH SWIFTDEPLOY_STAND_IN_DIRS
unset _sd_piece

# Local state and a passphrase secrets provider: no account, no network.
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$SWIFTDEPLOY_ROOT/.swiftdeploy/state}"
# The local stacks dev (the throwaway test host) and k8s (the sandbox cluster) use a passphrase that
# is public by design: their salts are committed in Pulumi.dev.yaml and Pulumi.k8s.yaml so every
# checkout opens them. Any other stack must bring its own:
# set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE (the CLI refuses the dev one for them).
export SWIFTDEPLOY_DEV_PASSPHRASE="swiftdeploy-local-testbed"
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  export PULUMI_CONFIG_PASSPHRASE="$SWIFTDEPLOY_DEV_PASSPHRASE"
fi
