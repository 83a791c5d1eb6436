# shellcheck shell=bash
# The stack: its components in start order. Each scripts/<component>.sh defines <component>_ports
# (the settings naming its ports), <component>_start, <component>_healthy and, if it has more to
# say in ./dive status, <component>_details. Adding a component is one file and one word here.
STACK_COMPONENTS=(redis opa keycloak nginx)

BROKER_REALM="dive-broker"

stack_component() { # name: true for a component of the stack
  local known
  for known in "${STACK_COMPONENTS[@]}"; do [[ "$1" == "$known" ]] && return 0; done
  return 1
}

cmd_start() {
  ensure_tools
  ensure_distribution
  # Check every port before starting anything: a conflict must not leave half a stack running.
  local component setting
  for component in "${STACK_COMPONENTS[@]}"; do
    running_pid "$component" >/dev/null && continue
    for setting in $("${component}_ports"); do ensure_port_free "$setting"; done
  done
  private_state "$DIVE_STATE_DIR"
  info "starting the DIVE stack (state in $DIVE_STATE_DIR)"
  for component in "${STACK_COMPONENTS[@]}"; do
    already_running "$component" || "${component}_start"
  done
  print_endpoints
}

print_endpoints() {
  local kc="http://$DIVE_BIND:$DIVE_KEYCLOAK_PORT"
  cat <<EOF

${BOLD}DIVE is running.${RESET}
  Keycloak admin console  $kc/admin/   (user ${DIVE_ADMIN_USER}, password ${DIVE_ADMIN_PASSWORD})
  Broker realm login      $kc/realms/$BROKER_REALM/account/
                          demo user: dive-demo / dive-demo-password  (local demo only)
  Key Access Service      $kc/realms/$BROKER_REALM/kas/health   (ZTDF tool: ./dive ztdf --help)
  KAS origin (OpenTDF)    http://$DIVE_BIND:$DIVE_KAS_PORT/   (nginx; dive.kas.url of $BROKER_REALM)
  Keycloak health         http://$DIVE_BIND:$DIVE_KEYCLOAK_MANAGEMENT_PORT/health/ready
  OPA sidecar             http://$DIVE_BIND:$DIVE_OPA_PORT/v1/data/dive
  Redis                   redis://$DIVE_BIND:$DIVE_REDIS_PORT   (users dive / default, passwords in $REDIS_DIR)
  Logs                    $DIVE_STATE_DIR/logs/
Stop everything with: ./dive stop
EOF
}

cmd_stop() { # [component ...]: all of them, in reverse start order, when none is named
  local components=("$@") name i
  for name in "${components[@]}"; do
    stack_component "$name" || die "unknown component '$name' (${STACK_COMPONENTS[*]})"
  done
  if (( ! ${#components[@]} )); then
    for (( i = ${#STACK_COMPONENTS[@]} - 1; i >= 0; i-- )); do components+=("${STACK_COMPONENTS[i]}"); done
  fi
  info "stopping ${components[*]} of the DIVE stack in $DIVE_STATE_DIR"
  for name in "${components[@]}"; do stop_component "$name"; done
}

component_status() { # name: its process and health; false unless both are fine
  local name="$1" pid
  if ! pid="$(running_pid "$name")"; then
    printf '  %-9s %sDOWN%s\n' "$name" "$RED" "$RESET"
    return 1
  fi
  if ! "${name}_healthy" >/dev/null 2>&1; then
    printf '  %-9s %sSTARTING or UNHEALTHY%s (pid %s, log %s)\n' "$name" "$YELLOW" "$RESET" "$pid" "$(log_file "$name")"
    return 1
  fi
  printf '  %-9s %sUP%s (pid %s)\n' "$name" "$GREEN" "$RESET" "$pid"
}

cmd_status() {
  local rc=0 component
  info "DIVE stack in $DIVE_STATE_DIR"
  for component in "${STACK_COMPONENTS[@]}"; do component_status "$component" || rc=1; done
  for component in "${STACK_COMPONENTS[@]}"; do
    if declare -F "${component}_details" >/dev/null; then "${component}_details"; fi
  done
  return $rc
}

cmd_reset() {
  cmd_stop
  info "deleting $DIVE_STATE_DIR (Keycloak database, logs); tools in $DIVE_TOOLS_DIR are kept"
  rm -rf "$DIVE_STATE_DIR"
}

cmd_logs() {
  local name="${1:-keycloak}"
  [[ -f "$(log_file "$name")" ]] || die "no log for '$name'; components: ${STACK_COMPONENTS[*]}"
  tail -n 200 -f "$(log_file "$name")"
}
