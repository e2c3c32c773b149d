# Renders the /etc/kubernetes files of one sandbox node into a folder (sourced by boot.sh), to be
# streamed into the node with tar. Uses CLUSTER_NAME, CONTROL_PLANE_ADDRESS, CLUSTER_CIDR,
# SERVICE_CIDR, DNS_SERVICE_IP, PKI_DIR from boot.sh and pki_kubeconfig from pki.sh.

# node_files DIR NODE NODE_IP ROLE: ROLE is control-plane or worker.
node_files() {
  local dir="$1" node="$2" node_ip="$3" role="$4" server="https://$CONTROL_PLANE_ADDRESS:6443"
  local etc="$dir/etc/kubernetes"
  mkdir -p "$etc/pki" || return 1
  cp "$PKI_DIR/ca.crt" "$etc/pki/ca.crt"
  pki_kubeconfig "$etc/kubelet.kubeconfig" "system:node:$node" "kubelet-$node" "$server"
  pki_kubeconfig "$etc/kube-proxy.kubeconfig" system:kube-proxy kube-proxy "$server"
  echo "NODE_IP=$node_ip" >"$etc/node.env"
  # No upstream DNS is reachable from the sandbox; pods with dnsPolicy Default get no resolver.
  echo "# no upstream resolver: the sandbox cluster reaches no outside network" >"$etc/resolv.conf"

  cat >"$etc/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# This kernel offers cgroup v1 only; kubelet 1.35+ refuses it unless told otherwise.
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix:///run/containerd/containerd.sock
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
clusterDomain: cluster.local
clusterDNS:
- $DNS_SERVICE_IP
resolvConf: /etc/kubernetes/resolv.conf
failSwapOn: false
serializeImagePulls: false
# The nodes share the host's disk: evict only when it is really short.
evictionHard:
  memory.available: 200Mi
  nodefs.available: 5%
  nodefs.inodesFree: 5%
  imagefs.available: 5%
imageGCHighThresholdPercent: 95
imageGCLowThresholdPercent: 90
EOF

  cat >"$etc/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: /etc/kubernetes/kube-proxy.kubeconfig
hostnameOverride: $node
# This kernel has no IPVS.
mode: iptables
clusterCIDR: $CLUSTER_CIDR
# The conntrack table size and timeouts are kernel-wide or read-only in a container: leave them.
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
EOF

  [ "$role" = control-plane ] || return 0
  local key
  for key in ca.key apiserver.crt apiserver.key apiserver-kubelet-client.crt apiserver-kubelet-client.key sa.key sa.pub; do
    cp "$PKI_DIR/$key" "$etc/pki/$key"
  done
  pki_kubeconfig "$etc/controller-manager.kubeconfig" system:kube-controller-manager controller-manager "$server"
  pki_kubeconfig "$etc/scheduler.kubeconfig" system:kube-scheduler scheduler "$server"
  printf 'CONTROL_PLANE_ADDRESS=%s\nCLUSTER_CIDR=%s\nSERVICE_CIDR=%s\n' \
    "$CONTROL_PLANE_ADDRESS" "$CLUSTER_CIDR" "$SERVICE_CIDR" >"$etc/cluster.env"
}

# node_cni_files DIR POD_CIDR: the node's CNI network (bridge + host-local in its own pod range;
# routes to the other ranges and egress masquerading come from swiftdeploy-pod-routes).
node_cni_files() {
  local dir="$1" pod_cidr="$2"
  mkdir -p "$dir/etc/cni/net.d" || return 1
  cat >"$dir/etc/cni/net.d/10-swiftdeploy.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "swiftdeploy",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$pod_cidr" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF
}
