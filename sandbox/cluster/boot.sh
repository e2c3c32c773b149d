#!/usr/bin/env bash
# Boots the local Kubernetes cluster: one control-plane node and two workers, each a systemd container
# running containerd, kubelet and kube-proxy (iptables), the control plane (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler) as systemd units on the control-plane node, pod networking
# with the bridge + host-local CNI plugins and static routes between the nodes' pod ranges.
# Idempotent: a running cluster with the same recipe is left as it is. Prints the facts as KEY=VALUE.
#   SWIFTDEPLOY_CLUSTER_NAME (swiftdeploy-k8s): prefix of the node names, the Docker network's name
#   SWIFTDEPLOY_CLUSTER_SUBNET (172.31.251.0/24): the nodes' network; nodes are .10 (control plane), .11, .12
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/env.sh
. scripts/lib/log.sh
. sandbox/cluster/lib/pki.sh
. sandbox/cluster/lib/node-files.sh
. sandbox/cluster/lib/nodes.sh
. sandbox/cluster/lib/pod-network.sh

CLUSTER_NAME="${SWIFTDEPLOY_CLUSTER_NAME:-swiftdeploy-k8s}"
subnet="${SWIFTDEPLOY_CLUSTER_SUBNET:-172.31.251.0/24}"
[[ "$subnet" =~ ^([0-9]+\.[0-9]+\.[0-9]+)\.0/24$ ]] || sd_die "SWIFTDEPLOY_CLUSTER_SUBNET=$subnet" "expected a /24 like 172.31.251.0/24"
prefix="${BASH_REMATCH[1]}"
NETWORK="$CLUSTER_NAME"
CONTROL_PLANE_ADDRESS="$prefix.10"
CLUSTER_CIDR=10.244.0.0/16
SERVICE_CIDR=10.96.0.0/16
API_SERVICE_IP=10.96.0.1
DNS_SERVICE_IP=10.96.0.10
STATE_DIR="$SWIFTDEPLOY_ROOT/.swiftdeploy/cluster/$CLUSTER_NAME"
PKI_DIR="$STATE_DIR/pki"
KUBECONFIG_FILE="$STATE_DIR/admin.kubeconfig"
DATA_DIR="/var/lib/swiftdeploy-cluster/$CLUSTER_NAME"
KUBE_BIN_DIR="$SWIFTDEPLOY_CACHE/tools/kubernetes-v$KUBERNETES_VERSION"
NODE_IMAGE="swiftdeploy/k8s-node:$DEBIAN_SUITE"
PAUSE_IMAGE="swiftdeploy/pause:$PAUSE_VERSION"
COREDNS_IMAGE="swiftdeploy/coredns:$COREDNS_VERSION"
control_plane="$CLUSTER_NAME-control-plane"
workers=("$CLUSTER_NAME-worker1" "$CLUSTER_NAME-worker2")
nodes=("$control_plane" "${workers[@]}")
declare -A node_ip=([$control_plane]="$prefix.10" [${workers[0]}]="$prefix.11" [${workers[1]}]="$prefix.12")
kubectl() { "$KUBE_BIN_DIR/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
started=$SECONDS

# --- what must exist before anything starts
for bin in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl etcd; do
  [ -x "$KUBE_BIN_DIR/$bin" ] || sd_die "$KUBE_BIN_DIR/$bin is missing" "the cluster runs Kubernetes v$KUBERNETES_VERSION built by setup" "npm run setup"
done
for image in "$NODE_IMAGE" "$PAUSE_IMAGE" "$COREDNS_IMAGE"; do
  docker image inspect "$image" >/dev/null 2>&1 || sd_die "image $image is missing" "the cluster's images are built by setup" "npm run setup"
done
command -v openssl >/dev/null || sd_die "openssl is not installed" "the cluster's certificates are made with it" "apt-get install -y openssl"

# --- certificates, network, node containers
mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR"
pki_cluster "$CONTROL_PLANE_ADDRESS" "$API_SERVICE_IP" "${nodes[@]}" || sd_die "making the cluster's certificates failed" "openssl failed" "rm -rf $PKI_DIR and boot again"
pki_kubeconfig "$KUBECONFIG_FILE" swiftdeploy-admin admin "https://$CONTROL_PLANE_ADDRESS:6443"

docker network inspect "$NETWORK" >/dev/null 2>&1 ||
  docker network create --subnet "$subnet" "$NETWORK" >/dev/null ||
  sd_die "cannot create network $NETWORK ($subnet)" "it may overlap an existing network" "docker network ls; or set SWIFTDEPLOY_CLUSTER_SUBNET"
for node in "${nodes[@]}"; do node_start "$node" "${node_ip[$node]}" "$NODE_IMAGE"; done
for node in "${nodes[@]}"; do
  wait_until 90 "systemd running on $node" "docker logs $node; docker exec $node systemctl --failed" node_systemd_up "$node"
  wait_until 60 "containerd on $node" "docker exec $node journalctl -u containerd --no-pager" docker exec "$node" ctr version
done
sd_info "nodes up ($((SECONDS - started)) s)"

# --- the pause image, then the control plane
bash sandbox/cluster/load-images.sh "$PAUSE_IMAGE" "$COREDNS_IMAGE" >/dev/null || sd_die "importing the cluster's images into the nodes failed" "see above"
files=$(mktemp -d)
trap 'rm -rf "$files"' EXIT
for node in "${nodes[@]}"; do
  role=worker
  [ "$node" = "$control_plane" ] && role=control-plane
  mkdir -p "$files/$node/config"
  node_files "$files/$node/config" "$node" "${node_ip[$node]}" "$role" || sd_die "writing the configuration of $node failed" "see above"
done
node_put "$control_plane" "$files/$control_plane/config" etcd kube-apiserver kube-controller-manager kube-scheduler
docker exec "$control_plane" systemctl enable --now etcd kube-apiserver kube-controller-manager kube-scheduler >/dev/null 2>&1 ||
  sd_die "starting the control plane failed" "" "docker exec $control_plane systemctl --failed"
wait_until 90 "kube-apiserver answers /readyz" "docker exec $control_plane journalctl -u kube-apiserver --no-pager | tail -n 40" \
  kubectl get --raw /readyz
sd_info "control plane ready ($((SECONDS - started)) s)"

# The API server reaches kubelets (logs, exec, port-forward) with its kubelet-client certificate.
kubectl apply -f - >/dev/null <<EOF || sd_die "applying the cluster's RBAC failed" "see above"
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: swiftdeploy:apiserver-kubelet-client
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:kubelet-api-admin
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: kube-apiserver-kubelet-client
EOF

# --- kubelet and kube-proxy everywhere; the controller-manager then gives each node a pod range
for node in "${nodes[@]}"; do
  node_put "$node" "$files/$node/config" kubelet kube-proxy
  docker exec "$node" systemctl enable --now kubelet kube-proxy >/dev/null 2>&1 ||
    sd_die "starting kubelet on $node failed" "" "docker exec $node journalctl -u kubelet --no-pager | tail -n 40"
done
for node in "${nodes[@]}"; do
  wait_until 90 "node $node registered with a pod range" "docker exec $node journalctl -u kubelet --no-pager | tail -n 40" \
    sh -c "'$KUBE_BIN_DIR/kubectl' --kubeconfig '$KUBECONFIG_FILE' get node $node -o jsonpath='{.spec.podCIDR}' | grep -q /"
done
kubectl label node "$control_plane" node-role.kubernetes.io/control-plane= --overwrite >/dev/null
kubectl taint node "$control_plane" node-role.kubernetes.io/control-plane=:NoSchedule --overwrite >/dev/null
for node in "${workers[@]}"; do
  kubectl label node "$node" node-role.kubernetes.io/worker= swiftdeploy.dev/edge=true --overwrite >/dev/null
done

pod_network_apply "${nodes[@]}"
for node in "${nodes[@]}"; do
  # A node that was just restarted may still be listed Ready from before: ask its kubelet first.
  wait_until 60 "kubelet healthy on $node" "docker exec $node journalctl -u kubelet --no-pager | tail -n 40" \
    docker exec "$node" curl -sf http://127.0.0.1:10248/healthz
  wait_until 120 "node $node Ready" "$KUBE_BIN_DIR/kubectl --kubeconfig $KUBECONFIG_FILE describe node $node" \
    sh -c "'$KUBE_BIN_DIR/kubectl' --kubeconfig '$KUBECONFIG_FILE' get node $node -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
done
sed -e "s|\${DNS_SERVICE_IP}|$DNS_SERVICE_IP|" -e "s|\${COREDNS_IMAGE}|$COREDNS_IMAGE|" sandbox/cluster/manifests/coredns.yaml |
  kubectl apply -f - >/dev/null || sd_die "applying CoreDNS failed" "see above"
kubectl -n kube-system rollout status deployment/coredns --timeout=120s >/dev/null ||
  sd_die "CoreDNS did not become ready" "waited 120s" "$KUBE_BIN_DIR/kubectl --kubeconfig $KUBECONFIG_FILE -n kube-system describe pods -l k8s-app=kube-dns"
sd_info "cluster ready ($((SECONDS - started)) s)"

echo "SWIFTDEPLOY_CLUSTER_NAME=$CLUSTER_NAME"
echo "SWIFTDEPLOY_CLUSTER_KUBECONFIG=$KUBECONFIG_FILE"
echo "SWIFTDEPLOY_CLUSTER_API=https://$CONTROL_PLANE_ADDRESS:6443"
echo "SWIFTDEPLOY_CLUSTER_NETWORK=$NETWORK"
echo "SWIFTDEPLOY_CLUSTER_CONTROL_PLANE=$control_plane=${node_ip[$control_plane]}"
echo "SWIFTDEPLOY_CLUSTER_WORKERS=$(for n in "${workers[@]}"; do printf '%s=%s ' "$n" "${node_ip[$n]}"; done | sed 's/ $//')"
echo "SWIFTDEPLOY_CLUSTER_EDGE_LABEL=swiftdeploy.dev/edge=true"
echo "SWIFTDEPLOY_CLUSTER_POD_CIDR=$CLUSTER_CIDR"
echo "SWIFTDEPLOY_CLUSTER_SERVICE_CIDR=$SERVICE_CIDR"
echo "SWIFTDEPLOY_CLUSTER_KUBECTL=$KUBE_BIN_DIR/kubectl"
