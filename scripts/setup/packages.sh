# Debian packages the stack, its tests and its benchmarks need (paramiko: docker-compose to ssh:// hosts).
SD_DEBIAN_PACKAGES=(
  docker.io iptables ipset nftables iproute2 nginx-light debootstrap openssh-client
  curl ca-certificates procps chromium fail2ban docker-compose python3-paramiko wrk prometheus
)

sd_ensure_packages() {
  local missing=() pkg
  for pkg in "${SD_DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    sd_info "all ${#SD_DEBIAN_PACKAGES[@]} packages present"
    return 0
  fi
  [ "$(id -u)" -eq 0 ] || sd_die "missing Debian packages: ${missing[*]}" "installing them needs root" \
    "run as root, or: sudo apt-get install -y ${missing[*]}"
  sd_info "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/tmp/swiftdeploy-apt.log 2>&1 &&
    apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/swiftdeploy-apt.log 2>&1 ||
    sd_die "apt-get install failed" "$(tail -n 5 /tmp/swiftdeploy-apt.log)" \
      "check the machine's apt sources (/etc/apt/sources.list.d) and /tmp/swiftdeploy-apt.log"
}
