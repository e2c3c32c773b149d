# A running Docker engine: use the one that answers, else start it (systemd when PID 1 is systemd).

sd_ensure_docker() {
  if docker info >/dev/null 2>&1; then
    sd_info "engine answers: $(docker info --format '{{.ServerVersion}}' 2>/dev/null)"
    return 0
  fi
  if [ "$(ps -p 1 -o comm= 2>/dev/null)" = "systemd" ]; then
    systemctl start docker || sd_die "could not start docker.service" "systemctl start docker failed" "journalctl -u docker"
  else
    command -v dockerd >/dev/null || sd_die "no Docker engine" "dockerd is not installed and none answers" \
      "apt-get install -y docker.io (setup does this as root)"
    sd_info "starting dockerd (log: /var/log/dockerd.log)"
    setsid nohup dockerd >/var/log/dockerd.log 2>&1 </dev/null &
  fi
  local waited=0
  until docker info >/dev/null 2>&1; do
    [ "$waited" -ge 60 ] && sd_die "the Docker engine did not answer within 60 s" \
      "$(tail -n 5 /var/log/dockerd.log 2>/dev/null)" "read /var/log/dockerd.log"
    sleep 1
    waited=$((waited + 1))
  done
  sd_info "engine answers after ${waited}s: $(docker info --format '{{.ServerVersion}}')"
}
