# Shared by the stand-in launchers: SWIFTDEPLOY_SANDBOX_BUNDLE names the bundle under dist/sandbox.
# Sourced, not executed; resolves the repository from this file's real location.
sandbox_root="$(cd "$(dirname "$(readlink -f "$0")")/../../.." && pwd)"
bundle="$sandbox_root/dist/sandbox/$SWIFTDEPLOY_SANDBOX_BUNDLE"
if [ ! -f "$bundle" ]; then
  echo "$(basename "$0") (SwiftDeploy sandbox stand-in): $bundle is missing; run \`npm run build\` in $sandbox_root" >&2
  exit 1
fi
exec node "$bundle" "$@"
