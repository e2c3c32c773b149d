# Certificates and kubeconfigs of a sandbox cluster, made with openssl (sourced by boot.sh).
# Everything lives in $PKI_DIR; an existing file is kept, so a second boot reuses the same CA.
# ECDSA P-256 keys throughout (apiserver, kubelet and the service-account signer all accept them).

_pki_key() { # _pki_key FILE
  [ -f "$1" ] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
}

pki_ca() {
  _pki_key "$PKI_DIR/ca.key" || return 1
  [ -f "$PKI_DIR/ca.crt" ] && return 0
  openssl req -x509 -new -key "$PKI_DIR/ca.key" -subj "/CN=swiftdeploy-sandbox-ca" -days 3650 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$PKI_DIR/ca.crt" 2>/dev/null
}

# pki_cert NAME SUBJECT USAGE [SANS]: NAME.key + NAME.crt signed by the CA; USAGE is serverAuth or
# clientAuth; SANS like "DNS:kubernetes,IP:10.96.0.1".
pki_cert() {
  local name="$1" subject="$2" usage="$3" sans="${4:-}" ext
  [ -f "$PKI_DIR/$name.crt" ] && return 0
  _pki_key "$PKI_DIR/$name.key" || return 1
  ext=$(mktemp)
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [ -n "$sans" ] && echo "subjectAltName=$sans"
  } >"$ext"
  openssl req -new -key "$PKI_DIR/$name.key" -subj "$subject" 2>/dev/null |
    openssl x509 -req -CA "$PKI_DIR/ca.crt" -CAkey "$PKI_DIR/ca.key" -CAcreateserial -days 3650 \
      -extfile "$ext" -out "$PKI_DIR/$name.crt" 2>/dev/null
  local status=$?
  rm -f "$ext"
  return "$status"
}

# The service-account token signer: a key pair, no certificate.
pki_service_account_key() {
  _pki_key "$PKI_DIR/sa.key" || return 1
  [ -f "$PKI_DIR/sa.pub" ] || openssl pkey -in "$PKI_DIR/sa.key" -pubout -out "$PKI_DIR/sa.pub" 2>/dev/null
}

# pki_kubeconfig FILE USER CERT_NAME SERVER: a kubeconfig with the CA and the client pair embedded.
pki_kubeconfig() {
  local file="$1" user="$2" cert="$3" server="$4"
  cat >"$file.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $CLUSTER_NAME
  cluster:
    server: $server
    certificate-authority-data: $(base64 -w0 "$PKI_DIR/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 "$PKI_DIR/$cert.crt")
    client-key-data: $(base64 -w0 "$PKI_DIR/$cert.key")
contexts:
- name: $user@$CLUSTER_NAME
  context:
    cluster: $CLUSTER_NAME
    user: $user
current-context: $user@$CLUSTER_NAME
EOF
  chmod 600 "$file.tmp" && mv "$file.tmp" "$file"
}

# pki_cluster API_ADDRESS SERVICE_IP NODE...: every certificate the cluster needs.
pki_cluster() {
  local api="$1" service_ip="$2" node
  shift 2
  mkdir -p "$PKI_DIR" && chmod 700 "$PKI_DIR" || return 1
  pki_ca || return 1
  pki_cert apiserver "/CN=kube-apiserver" serverAuth \
    "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:127.0.0.1,IP:$api,IP:$service_ip" || return 1
  pki_cert apiserver-kubelet-client "/CN=kube-apiserver-kubelet-client" clientAuth || return 1
  pki_cert admin "/O=system:masters/CN=swiftdeploy-admin" clientAuth || return 1
  pki_cert controller-manager "/CN=system:kube-controller-manager" clientAuth || return 1
  pki_cert scheduler "/CN=system:kube-scheduler" clientAuth || return 1
  pki_cert kube-proxy "/CN=system:kube-proxy" clientAuth || return 1
  for node in "$@"; do
    pki_cert "kubelet-$node" "/O=system:nodes/CN=system:node:$node" clientAuth || return 1
  done
  pki_service_account_key
}
