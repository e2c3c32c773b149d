# Shared output helpers for the project's bash scripts: timed steps and errors that say what to do.

_sd_color() { [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; }
sd_info() { printf '  %s\n' "$*"; }
sd_warn() { if _sd_color; then printf '  \033[33mwarning:\033[0m %s\n' "$*" >&2; else printf '  warning: %s\n' "$*" >&2; fi; }

# sd_die WHAT WHY [WHAT-TO-DO]
sd_die() {
  if _sd_color; then printf '\033[31merror:\033[0m %s\n' "$1" >&2; else printf 'error: %s\n' "$1" >&2; fi
  [ -n "${2:-}" ] && printf '  why: %s\n' "$2" >&2
  [ -n "${3:-}" ] && printf '  to fix: %s\n' "$3" >&2
  exit 1
}

SD_STEPS_SUMMARY=""
# sd_step TITLE FUNCTION [ARGS...]: runs a step, prints its duration, keeps a summary line.
sd_step() {
  local title="$1" started ended status
  shift
  printf '==> %s\n' "$title"
  started=$(date +%s.%N)
  "$@"
  status=$?
  ended=$(date +%s.%N)
  local took
  took=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }')
  SD_STEPS_SUMMARY="${SD_STEPS_SUMMARY}$(printf '%6ss  %s' "$took" "$title")"$'\n'
  [ "$status" -eq 0 ] || sd_die "step failed: $title" "see the output above"
}

# sd_with_heartbeat LABEL LOG COMMAND...: runs COMMAND with its output in LOG, printing "still
# LABEL: 1m30s elapsed" every SD_HEARTBEAT_SECONDS (30) while it runs, so a long build is visibly
# alive; returns the command's status.
sd_with_heartbeat() {
  local label="$1" log="$2" every="${SD_HEARTBEAT_SECONDS:-30}" pid started=$SECONDS next elapsed
  shift 2
  "$@" >"$log" 2>&1 &
  pid=$!
  next=$((SECONDS + every))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$next" ]; then
      elapsed=$((SECONDS - started))
      sd_info "still $label: $((elapsed / 60))m$((elapsed % 60))s elapsed"
      next=$((SECONDS + every))
    fi
    sleep 1
  done
  wait "$pid"
}

sd_summary() { printf '\nsetup steps (seconds):\n%s' "$SD_STEPS_SUMMARY"; }
