# bash completion for whydown.
# Install: source this file from ~/.bashrc, or copy it to
#   /usr/share/bash-completion/completions/whydown   (or ~/.local/share/bash-completion/completions/)
# Needs nothing but bash: it does not rely on the bash-completion package's helpers.
# The option lists mirror src/cli/*-command.ts; test/package/completions.test.ts fails when they drift.

# Cause ids (src/core/knowledge) and the codes people most often look up.
_whydown_explain_codes="ok slow-response dns-nxdomain dns-servfail dns-timeout dns-no-address dns-disagreement
connect-refused connect-timeout connect-reset network-unreachable tls-handshake-failed tls-cert-expired
tls-cert-not-yet-valid tls-cert-hostname-mismatch tls-cert-untrusted tls-cert-expiring empty-response malformed-response
response-timeout upstream-refused upstream-closed upstream-timeout upstream-invalid-response
upstream-header-too-big no-healthy-upstream upstream-tls-failed upstream-killed overloaded maintenance
app-error rate-limited waf-blocked waf-challenge cached-error blank-page not-found unexpected-response page-timeout page-too-large heartbeat-missed heartbeat-down
redirect-loop unknown
400 401 403 404 408 429 499 500 502 503 504 520 521 522 523 524 525 526 H12 H13 UF UH SH--"

_whydown_commands="diagnose explain logs serve notify config import agent hash-password"

_whydown_options() {
  case "$1" in
    diagnose) echo "--json --format --resolve --dns-server --ca --origin --log --report --retries --timeout --header -H --browser --browser-path --screenshot --from --hub --token --debug --help -h" ;;
    explain) echo "--json --help -h" ;;
    logs) echo "--json --ndjson --server --debug --help -h" ;;
    serve) echo "--config -c --db --listen --concurrency --check-threads --hub-name --debug --help -h" ;;
    notify) echo "--config -c --timeout --debug --help -h" ;;
    config) echo "--debug --help -h" ;;
    hash-password) echo "--help -h" ;;
    import) echo "--out --help -h" ;;
    agent) echo "--hub --token --name --ca --spool --spool-max --stats-every --debug --help -h" ;;
    *) echo "--version -V --help -h" ;;
  esac
}

# Names of the notify targets in the config (--config/-c on the line, else ./whydown.yml): the
# `- name:` entries of the top-level `notify:` list.
_whydown_notify_targets() {
  local config="whydown.yml" i
  for (( i=1; i < ${#COMP_WORDS[@]} - 1; i++ )); do
    case "${COMP_WORDS[i]}" in
      --config|-c) config="${COMP_WORDS[i+1]}" ;;
      --config=*) config="${COMP_WORDS[i]#--config=}" ;;
    esac
  done
  [[ -r "$config" ]] || return 0
  awk '/^notify:/ { inside = 1; next }
       /^[^[:space:]#]/ { inside = 0 }
       inside && /^[[:space:]]*-[[:space:]]*name:/ { sub(/^[[:space:]]*-[[:space:]]*name:[[:space:]]*/, ""); gsub(/["'\'']/, ""); sub(/[[:space:]]*(#.*)?$/, ""); print }' "$config" 2>/dev/null
}

_whydown_files() {
  compopt -o filenames 2>/dev/null
  local IFS=$'\n'
  COMPREPLY=( $(compgen -f -- "$1") )
}

_whydown() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" i word
  local -a positionals=()
  COMPREPLY=()
  (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"

  # The command is the first word that is not an option (or an option's value); a URL there
  # means the default command, diagnose. Later non-option words are the command's positionals.
  for (( i=1; i < COMP_CWORD; i++ )); do
    word="${COMP_WORDS[i]}"
    case "$word" in
      --format|--resolve|--dns-server|--ca|--origin|--log|--report|--retries|--timeout|--header|-H|--browser-path|--screenshot|--from|--hub|--token|--name|--spool|--spool-max|--stats-every|--out|--server|--config|-c|--db|--listen|--concurrency|--check-threads|--hub-name)
        (( i++ )) ;; # skip its value
      -*) ;;
      *)
        if [[ -z "$cmd" ]]; then
          case "$word" in
            diagnose|explain|logs|serve|notify|config|import|agent|hash-password) cmd="$word" ;;
            *) cmd="diagnose"; positionals+=("$word") ;;
          esac
        else
          positionals+=("$word")
        fi ;;
    esac
  done

  # The value of an option.
  case "$prev" in
    --format) COMPREPLY=( $(compgen -W "json text nagios" -- "$cur") ); return 0 ;;
    --server) COMPREPLY=( $(compgen -W "auto nginx apache haproxy varnish php-fpm caddy lighttpd squid access" -- "$cur") ); return 0 ;;
    --db) COMPREPLY=( $(compgen -W "sqlite: postgres://" -- "$cur") ); compopt -o nospace 2>/dev/null; return 0 ;;
    --ca|--log|--report|--browser-path|--screenshot|--spool|--out|--config|-c) _whydown_files "$cur"; return 0 ;;
    --resolve|--dns-server|--origin|--retries|--timeout|--header|-H|--from|--hub|--token|--name|--spool-max|--stats-every|--listen|--concurrency|--check-threads|--hub-name) return 0 ;;
  esac

  if [[ "$cur" == -* ]]; then
    if [[ -z "$cmd" ]]; then
      COMPREPLY=( $(compgen -W "$(_whydown_options) $(_whydown_options diagnose)" -- "$cur") )
    else
      COMPREPLY=( $(compgen -W "$(_whydown_options "$cmd")" -- "$cur") )
    fi
    return 0
  fi

  case "$cmd" in
    "")
      COMPREPLY=( $(compgen -W "$_whydown_commands" -- "$cur") )
      if [[ "$cur" == h* ]]; then
        COMPREPLY+=( $(compgen -W "https:// http://" -- "$cur") )
        compopt -o nospace 2>/dev/null
      fi ;;
    explain)
      (( ${#positionals[@]} == 0 )) && COMPREPLY=( $(compgen -W "$_whydown_explain_codes" -- "$cur") ) ;;
    logs)
      _whydown_files "$cur" ;;
    config)
      if (( ${#positionals[@]} == 0 )); then
        COMPREPLY=( $(compgen -W "check" -- "$cur") )
      elif (( ${#positionals[@]} == 1 )); then
        _whydown_files "$cur"
      fi ;;
    notify)
      if (( ${#positionals[@]} == 0 )); then
        COMPREPLY=( $(compgen -W "test" -- "$cur") )
      elif (( ${#positionals[@]} == 1 )); then
        COMPREPLY=( $(compgen -W "$(_whydown_notify_targets)" -- "$cur") )
      fi ;;
  esac
  return 0
}

complete -F _whydown whydown
