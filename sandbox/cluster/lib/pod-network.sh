# The pod network of a sandbox cluster (sourced by boot.sh): once the controller-manager has given
# every node a pod range (--allocate-node-cidrs), each node gets a bridge CNI network in its range
# and routes to the other nodes' ranges through their addresses on the Docker network.

# pod_network_apply NODE...: needs node_ip, kubectl, node_put, node_cni_files.
pod_network_apply() {
  local node other cidr dir routes
  declare -A pod_cidr=()
  for node in "$@"; do
    cidr=$(kubectl get node "$node" -o jsonpath='{.spec.podCIDR}') && [ -n "$cidr" ] ||
      sd_die "node $node has no pod range" "the controller-manager allocates them (--allocate-node-cidrs)" \
        "docker exec $control_plane journalctl -u kube-controller-manager --no-pager | tail -n 40"
    pod_cidr[$node]="$cidr"
  done
  for node in "$@"; do
    routes=""
    for other in "$@"; do
      [ "$other" = "$node" ] || routes+="${pod_cidr[$other]}=${node_ip[$other]} "
    done
    dir="$files/$node/network"
    node_cni_files "$dir" "${pod_cidr[$node]}" || sd_die "writing the CNI network of $node failed" "see above"
    mkdir -p "$dir/etc/swiftdeploy"
    printf 'CLUSTER_CIDR=%s\nROUTES="%s"\n' "$CLUSTER_CIDR" "${routes% }" >"$dir/etc/swiftdeploy/pod-network"
    node_put "$node" "$dir"
    docker exec "$node" systemctl restart swiftdeploy-pod-routes ||
      sd_die "setting the pod routes on $node failed" "" "docker exec $node journalctl -u swiftdeploy-pod-routes --no-pager"
  done
}
