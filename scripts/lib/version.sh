# Version checks for the setup scripts: whether a tool already installed may be used as it is.

# sd_version_at_least FOUND PINNED: true when FOUND (as `pulumi version` prints it: v3.280.0) is
# PINNED or a later release of the same major version. A pre-release (v3.280.0-alpha.1) counts
# only when its release is later than PINNED; a build suffix (+dirty) is ignored; anything that is
# not MAJOR.MINOR.PATCH is false. Another major version may break the program: false too.
sd_version_at_least() {
  local found="${1#v}" pinned="${2#v}" base rest
  found="${found%%+*}"
  base="${found%%-*}"
  rest="${found#"$base"}"
  [[ "$base" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ && "$pinned" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || return 1
  [ "${base%%.*}" = "${pinned%%.*}" ] || return 1
  if [ "$base" = "$pinned" ]; then
    [ -z "$rest" ]
    return
  fi
  [ "$(printf '%s\n%s\n' "$pinned" "$base" | sort -V | tail -n 1)" = "$base" ]
}

# sd_tool_version COMMAND...: the last non-empty line the command prints, trimmed ("" if it fails).
sd_tool_version() {
  "$@" 2>/dev/null | awk 'NF { line = $0 } END { gsub(/^[ \t]+|[ \t\r]+$/, "", line); print line }'
}
