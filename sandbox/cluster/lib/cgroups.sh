# Removing a node's cgroups once the node is gone (sourced by destroy.sh). The nodes' kubelets keep
# their pods under /docker/<container id>/kubelet in every cgroup v1 hierarchy, including the ones
# this host does not mount (systemd inside a node mounts hugetlb, perf_event, net_cls,net_prio);
# Docker removes only the container's own cgroup, and only when it is empty.

# cgroups_remove_tree CONTAINER_ID: rmdir, deepest first, /docker/<id> in every v1 hierarchy.
cgroups_remove_tree() {
  local id="$1" controllers mnt mounted
  [ -n "$id" ] || return 0
  # One line per hierarchy: its controllers, comma-separated (net_cls,net_prio share one), and
  # systemd's named hierarchy.
  while read -r controllers; do
    mounted=$(awk -v c="$controllers" '$9 == "cgroup" { o = $NF; sub(/^r[ow],/, "", o); if (o == c) { print $5; exit } }' /proc/self/mountinfo)
    if [ -n "$mounted" ]; then
      [ -d "$mounted/docker/$id" ] && find "$mounted/docker/$id" -depth -type d -exec rmdir {} + 2>/dev/null
      continue
    fi
    mnt=$(mktemp -d)
    if mount -t cgroup -o "$controllers" cgroup "$mnt" 2>/dev/null; then
      [ -d "$mnt/docker/$id" ] && find "$mnt/docker/$id" -depth -type d -exec rmdir {} + 2>/dev/null
      umount "$mnt"
    fi
    rmdir "$mnt"
  done < <(
    awk 'NR > 1 && $4 == 1 { h[$2] = h[$2] ? h[$2] "," $1 : $1 } END { for (i in h) print h[i] }' /proc/cgroups
    echo name=systemd
  )
  return 0
}
