#!/usr/bin/env bash
# Boots the local test host: a systemd + sshd + Docker container on its own bridge network, reachable
# over SSH with a key generated for this checkout, with the local runtime images preloaded into its
# engine (a real host would pull them from a registry). Idempotent; prints the connection as KEY=VALUE.
#   SWIFTDEPLOY_TESTHOST_NAME (swiftdeploy-host1)  SWIFTDEPLOY_TESTHOST_IP (172.31.250.10)
#   SWIFTDEPLOY_TESTHOST_NETWORK (swiftdeploy-testbed)  SWIFTDEPLOY_TESTHOST_SUBNET (172.31.250.0/24)
#   SWIFTDEPLOY_TESTHOST_IMAGE (swiftdeploy/testhost:<suite>; a test may boot an image built on it)
#   SWIFTDEPLOY_TESTHOST_IP6 + SWIFTDEPLOY_TESTHOST_SUBNET6 (unset: IPv4 only): an IPv6 address on an
#     IPv6-enabled network, and an inner Docker engine that publishes ports over IPv6 with ip6tables
#     (sandbox/host/daemon-ipv6.json), so a published port sees an IPv6 client's own address
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/env.sh
. scripts/lib/log.sh

name="${SWIFTDEPLOY_TESTHOST_NAME:-swiftdeploy-host1}"
ip="${SWIFTDEPLOY_TESTHOST_IP:-172.31.250.10}"
network="${SWIFTDEPLOY_TESTHOST_NETWORK:-swiftdeploy-testbed}"
subnet="${SWIFTDEPLOY_TESTHOST_SUBNET:-172.31.250.0/24}"
image="${SWIFTDEPLOY_TESTHOST_IMAGE:-swiftdeploy/testhost:$DEBIAN_SUITE}"
ip6="${SWIFTDEPLOY_TESTHOST_IP6:-}"
subnet6="${SWIFTDEPLOY_TESTHOST_SUBNET6:-}"
if { [ -n "$ip6" ] && [ -z "$subnet6" ]; } || { [ -z "$ip6" ] && [ -n "$subnet6" ]; }; then
  sd_die "SWIFTDEPLOY_TESTHOST_IP6 and SWIFTDEPLOY_TESTHOST_SUBNET6 go together" "one is set, the other is not"
fi
key_dir="$SWIFTDEPLOY_ROOT/.swiftdeploy/testhost"
key="$key_dir/id_ed25519"
data_dir="/var/lib/swiftdeploy-testhost/$name-docker"
preload=("local/debian:$DEBIAN_SUITE" "swiftdeploy/node-runtime:$NODE_RUNTIME_VERSION" "swiftdeploy/nginx:$DEBIAN_SUITE" "swiftdeploy/opa:$OPA_VERSION")

docker image inspect "$image" >/dev/null 2>&1 || sd_die "image $image is missing" "the test host is built by setup" "npm run setup"

if [ ! -f "$key" ]; then
  mkdir -p "$key_dir" && chmod 700 "$key_dir"
  ssh-keygen -q -t ed25519 -N "" -C "swiftdeploy-testhost" -f "$key" || sd_die "ssh-keygen failed" "" "apt-get install openssh-client"
fi

# An IPv6 host needs its network to carry IPv6. A network of that name made without it is made again
# when no container uses it; one in use is never touched (the boot stops and says so).
if [ -n "$subnet6" ] && [ "$(docker network inspect -f '{{.EnableIPv6}}' "$network" 2>/dev/null)" = "false" ]; then
  [ "$(docker network inspect -f '{{len .Containers}}' "$network")" = "0" ] ||
    sd_die "network $network exists without IPv6 and containers use it" "an IPv6 test host needs a network with IPv6" \
      "boot it on a network of its own: SWIFTDEPLOY_TESTHOST_NETWORK=<name> SWIFTDEPLOY_TESTHOST_SUBNET=<IPv4 /24>"
  docker network rm "$network" >/dev/null || sd_die "cannot remove network $network to add IPv6" "see above" "docker network inspect $network"
fi
network_flags=(--subnet "$subnet")
[ -z "$subnet6" ] || network_flags+=(--ipv6 --subnet "$subnet6")
docker network inspect "$network" >/dev/null 2>&1 ||
  docker network create "${network_flags[@]}" "$network" >/dev/null || sd_die "cannot create network $network ($subnet${subnet6:+, $subnet6})" "it may overlap an existing network" "docker network ls"

# SYS_PTRACE: runc needs it to join an inner container's namespaces (`docker exec`, health checks).
run_flags=(--cap-add NET_ADMIN --cap-add SYS_ADMIN --cap-add SYS_PTRACE
  --security-opt seccomp=unconfined --security-opt apparmor=unconfined
  --tmpfs /run --tmpfs /run/lock
  -v /sys/fs/cgroup:/sys/fs/cgroup:rw --cgroupns=host
  -v "$data_dir:/var/lib/docker")
address_flags=(--ip "$ip")
recipe_inputs=()
if [ -n "$ip6" ]; then
  # The inner engine's daemon.json (ip6tables needs experimental on Docker 20.10); forwarding on,
  # as a host that routes IPv6 to its containers has it.
  run_flags+=(-v "$PWD/sandbox/host/daemon-ipv6.json:/etc/docker/daemon.json:ro"
    --sysctl net.ipv6.conf.all.disable_ipv6=0 --sysctl net.ipv6.conf.all.forwarding=1)
  address_flags+=(--ip6 "$ip6")
  recipe_inputs+=("$(cat sandbox/host/daemon-ipv6.json)")
fi
recipe_inputs+=("${run_flags[@]}" "${address_flags[@]}" "$(docker image inspect -f '{{.Id}}' "$image")")
recipe=$(printf '%s\n' "${recipe_inputs[@]}" | sha256sum | cut -c1-16)
state=$(docker inspect -f '{{.State.Running}} {{ index .Config.Labels "dev.swiftdeploy.testhost" }}' "$name" 2>/dev/null) || state=missing
if [ "$state" != "true $recipe" ]; then
  [ "$state" = "missing" ] || docker rm -f "$name" >/dev/null
  mkdir -p "$data_dir"
  docker run -d --name "$name" --hostname "$name" --network "$network" "${address_flags[@]}" "${run_flags[@]}" \
    --label "dev.swiftdeploy.testhost=$recipe" "$image" >/dev/null || sd_die "docker run of the test host failed" "see above" "docker logs $name"
fi

docker exec -i "$name" sh -c 'mkdir -p /root/.ssh && cat > /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys' <"$key.pub"

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit="$1" what="$2" waited=0
  shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$waited" -ge "$limit" ] && sd_die "the test host did not become ready: $what" "waited ${limit}s" "docker logs $name; docker exec $name systemctl --failed"
    sleep 1
    waited=$((waited + 1))
  done
}
ssh_opts=(-i "$key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=5 -o BatchMode=yes)
wait_for 90 "systemd running" sh -c "docker exec $name systemctl is-system-running | grep -Eq 'running|degraded'"
wait_for 60 "sshd answers on $ip:22" ssh "${ssh_opts[@]}" "root@$ip" true
wait_for 60 "its Docker engine answers" docker exec "$name" docker info
if [ -n "$ip6" ]; then
  # /proc/sys is read-only in a container, and the inner engine writes its containers' IPv6 settings
  # (net.ipv6.conf.*) there: without this it cannot start a container on an IPv6 network ("failed to
  # enable ipv6"). Only net/ becomes writable: the settings of the test host's own network namespaces.
  docker exec "$name" sh -c 'grep -q " /proc/sys/net proc rw" /proc/mounts || { mount --bind /proc/sys/net /proc/sys/net && mount -o remount,bind,rw /proc/sys/net; }' ||
    sd_die "cannot make /proc/sys/net writable in $name" "its inner Docker engine needs it for IPv6 networks" "docker exec $name mount | grep proc"
fi

for img in "${preload[@]}"; do
  want=$(docker image inspect -f '{{.Id}}' "$img" 2>/dev/null) || continue
  have=$(docker exec "$name" docker image inspect -f '{{.Id}}' "$img" 2>/dev/null || true)
  [ "$want" = "$have" ] || docker save "$img" | docker exec -i "$name" docker load >/dev/null || sd_die "loading $img into the test host failed" "" "docker exec $name docker images"
done

echo "SWIFTDEPLOY_TESTHOST_NAME=$name"
echo "SWIFTDEPLOY_TESTHOST_ADDRESS=$ip"
[ -z "$ip6" ] || echo "SWIFTDEPLOY_TESTHOST_ADDRESS6=$ip6"
echo "SWIFTDEPLOY_TESTHOST_USER=root"
echo "SWIFTDEPLOY_TESTHOST_KEY=$key"
