# Node containers of a sandbox cluster (sourced by boot.sh and load-images.sh).

# Why each flag: `--privileged` fails on these machines ("unable to apply caps": the host's own
# bounding set lacks CAP_SYS_RESOURCE), so the node gets the capabilities it needs one by one.
# SYS_ADMIN: mounts (overlay snapshots, pod volumes, rshared /); NET_ADMIN: bridge, routes, iptables;
# SYS_PTRACE: runc joining namespaces (exec, probes); SYSLOG + /dev/kmsg: kubelet's OOM watcher. seccomp/apparmor unconfined: runc inside needs the syscalls Docker's profile blocks.
# systempaths=unconfined: a writable /proc/sys for the node's own network sysctls (route_localnet,
# ip_forward, bridge); the six kernel-wide tunables kubelet checks are overlaid by swiftdeploy-node-prep.
# The cgroup tree is the host's (v1, cgroupns=host) so runc can create the pods' cgroups under the
# node's own. containerd's snapshots and kubelet's volumes need a real filesystem, not the overlay
# root: they and etcd live in per-node folders on the host.
node_run_flags() { # node_run_flags NODE
  local node="$1"
  printf '%s\n' --cap-add NET_ADMIN --cap-add SYS_ADMIN --cap-add SYS_PTRACE --cap-add SYSLOG \
    --security-opt seccomp=unconfined --security-opt apparmor=unconfined --security-opt systempaths=unconfined \
    --device /dev/kmsg --tmpfs /run --tmpfs /run/lock \
    -v /sys/fs/cgroup:/sys/fs/cgroup:rw --cgroupns=host \
    -v "$DATA_DIR/$node/containerd:/var/lib/containerd" \
    -v "$DATA_DIR/$node/kubelet:/var/lib/kubelet" \
    -v "$DATA_DIR/$node/etcd:/var/lib/etcd" \
    -v "$KUBE_BIN_DIR:/opt/kubernetes/bin:ro"
}

# node_start NODE IP IMAGE: starts the node container unless one with the same recipe runs already
# (a stopped one is started again). A changed recipe (image, binaries, flags, address) replaces the
# container; its data folders stay.
node_start() {
  local node="$1" ip="$2" image="$3" flags recipe state
  mapfile -t flags < <(node_run_flags "$node")
  recipe=$(printf '%s\n' "${flags[@]}" "$ip" "$(docker image inspect -f '{{.Id}}' "$image")" \
    "$(sha256sum "$KUBE_BIN_DIR/kubelet" | cut -c1-16)" | sha256sum | cut -c1-16)
  state=$(docker inspect -f '{{.State.Running}} {{ index .Config.Labels "dev.swiftdeploy.cluster-node" }}' "$node" 2>/dev/null) || state=missing
  [ "$state" = "true $recipe" ] && return 0
  if [ "$state" = "false $recipe" ]; then
    docker start "$node" >/dev/null && return 0
  fi
  [ "$state" = missing ] || docker rm -f "$node" >/dev/null
  mkdir -p "$DATA_DIR/$node/containerd" "$DATA_DIR/$node/kubelet" "$DATA_DIR/$node/etcd"
  docker run -d --name "$node" --hostname "$node" --network "$NETWORK" --ip "$ip" "${flags[@]}" \
    --label "dev.swiftdeploy.cluster-node=$recipe" --label "dev.swiftdeploy.cluster=$CLUSTER_NAME" \
    "$image" >/dev/null || sd_die "docker run of node $node failed" "see the error above" "docker logs $node"
}

# wait_until SECONDS DESCRIPTION HINT COMMAND...: polls COMMAND once a second.
wait_until() {
  local limit="$1" what="$2" hint="$3" started=$SECONDS
  shift 3
  until "$@" >/dev/null 2>&1; do
    [ $((SECONDS - started)) -ge "$limit" ] && sd_die "the cluster did not become ready: $what" "waited ${limit}s" "$hint"
    sleep 1
  done
}

node_systemd_up() {
  docker exec "$1" systemctl is-system-running 2>/dev/null | grep -Eq 'running|degraded'
}

# node_put NODE DIR [RESTART_UNITS...]: copies DIR's tree into the node's / when it differs from what
# the node holds (hash kept in /etc/kubernetes/.swiftdeploy-<dir name>), then restarts the units.
node_put() {
  local node="$1" dir="$2" hash stamp
  shift 2
  stamp="/etc/kubernetes/.swiftdeploy-$(basename "$dir")"
  hash=$(cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  [ "$(docker exec "$node" cat "$stamp" 2>/dev/null)" = "$hash" ] && return 0
  # Top-level entries only (never "."), and existing folders keep their owner and mode.
  (cd "$dir" && tar -c -- *) | docker exec -i "$node" tar -x --no-same-owner --no-overwrite-dir -C / ||
    sd_die "copying files into node $node failed" "" "docker exec $node ls /etc/kubernetes"
  docker exec "$node" sh -c "mkdir -p /etc/kubernetes && echo $hash > $stamp"
  [ "$#" -eq 0 ] || docker exec "$node" systemctl restart "$@" ||
    sd_die "restarting $* on $node failed" "" "docker exec $node journalctl -u $1 --no-pager | tail -n 30"
}
