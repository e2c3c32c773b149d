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

sd_summary() { printf '\nsetup steps (seconds):\n%s' "$SD_STEPS_SUMMARY"; }
