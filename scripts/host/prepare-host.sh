#!/usr/bin/env bash
# Makes a fresh Debian 12 host ready for SwiftDeploy with a deploy user other than root. Run it as
# root on the host; from your machine:
#   ssh root@HOST "bash -s -- deploy '$(cat ~/.ssh/deploy_ed25519.pub)'" < scripts/host/prepare-host.sh
# Idempotent: installs what the stack needs that is missing (Docker, systemd, the firewall tools,
# sudo), creates the user, adds it to the docker group, authorizes the key and lets the user run
# root commands without a password (/etc/sudoers.d/swiftdeploy-USER, checked with visudo).
set -euo pipefail
usage="usage: prepare-host.sh USER 'ssh-ed25519 AAAA… comment'"
user="${1:?$usage}"
key="${2:?$usage}"
[ "$(id -u)" -eq 0 ] || { echo "prepare-host.sh: run it as root (sudo bash prepare-host.sh …)" >&2; exit 1; }
case "$user" in root) echo "prepare-host.sh: the point is a user other than root" >&2; exit 2 ;; esac

packages=(sudo docker.io iptables ipset nftables iproute2 openssh-server systemd systemd-sysv ca-certificates curl procps)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
systemctl enable --now docker ssh >/dev/null 2>&1 || true

id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
# The docker group is root-equivalent, as is the sudo rule below: docs/security.md says why both.
usermod -aG docker "$user"
home=$(getent passwd "$user" | cut -d: -f6)
group=$(id -gn "$user")
install -d -m 0700 -o "$user" -g "$group" "$home/.ssh"
touch "$home/.ssh/authorized_keys"
grep -qxF "$key" "$home/.ssh/authorized_keys" || printf '%s\n' "$key" >>"$home/.ssh/authorized_keys"
chown "$user:$group" "$home/.ssh/authorized_keys"
chmod 0600 "$home/.ssh/authorized_keys"

rule="/etc/sudoers.d/swiftdeploy-$user"
printf '%s ALL=(root) NOPASSWD: ALL\n' "$user" >"$rule.tmp"
chmod 0440 "$rule.tmp"
visudo -cf "$rule.tmp" >/dev/null
mv -f "$rule.tmp" "$rule"
echo "ready: $user (docker group, $rule); check it from your machine: ssh $user@$(hostname -f 2>/dev/null || hostname) 'sudo -n true && docker version --format {{.Server.Version}}'"
