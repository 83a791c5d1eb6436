# shellcheck shell=bash
# The OPA sidecar serving the DIVE policy bundle of the distribution (the binary: tools.sh).
#
# Its API asks for a bearer token (--authentication=token) and the bundle's system.authz policy
# decides every request (--authorization=basic): health and the bundle status are open; each DIVE
# client — the KAS, a resource server — may POST its one decision document and nothing else. The
# clients' tokens are generated once per stack state folder into 0600 files under $OPA_DIR; OPA
# knows them by their SHA-256 only, from its environment, which holds nothing else (opa.runtime()
# shows the environment to a policy). Keycloak gets the KAS token through its environment.
#
# Every decision goes to the audit trail: OPA's decision_logs plugin posts gzip'd batches to the
# broker realm's dive-audit resource, the input masked by the bundle's system.log.mask first. It
# authenticates with a shared bearer token generated like the client tokens; OPA reads it from a
# 0600 file (token_path), Keycloak from its environment.

# The stack's OPA folder, fixed when this file is sourced: the cluster nodes use the stack's OPA.
OPA_DIR="$DIVE_STATE_DIR/opa"
OPA_CLIENTS=(kas resource-server prometheus) # the names system.authz gives them (prometheus: GET /metrics only)

opa_ports() { echo DIVE_OPA_PORT DIVE_OPA_DIAGNOSTIC_PORT; }

opa_healthy() { http_ok "http://$DIVE_BIND:$DIVE_OPA_PORT/health?bundles"; }

opa_token_file() { printf '%s/%s.token' "$OPA_DIR" "$1"; } # client

# client: its token; empty while this state folder has never started OPA
opa_token() { cat "$(opa_token_file "$1")" 2>/dev/null || true; }

# The token OPA's decision-log plugin presents to Keycloak's dive-audit resource.
OPA_DECISION_LOG_CLIENT="decision-log"

opa_config() { # OPA's configuration: where its decision log goes (nowhere with DIVE_AUDIT_SINK=none: audit off)
  [[ "$DIVE_AUDIT_SINK" != none ]] || { echo "{}"; return; }
  cat <<CONF
services:
  dive-audit:
    url: http://$DIVE_BIND:$DIVE_KEYCLOAK_PORT/realms/$BROKER_REALM/dive-audit
    credentials:
      bearer:
        token_path: $(opa_token_file "$OPA_DECISION_LOG_CLIENT")
decision_logs:
  service: dive-audit
  resource: /decisions
  reporting:
    min_delay_seconds: ${DIVE_OPA_DECISION_LOG_DELAY:-1}
    max_delay_seconds: ${DIVE_OPA_DECISION_LOG_DELAY:-1}
CONF
  opa_tracing_config
}

# OPA's distributed tracing, when DIVE_TRACING_ENDPOINT names an OTLP/HTTP collector: a span per API
# request, a child of the caller's (the KAS sends its traceparent); the sampler follows the caller's
# choice and samples DIVE_TRACING_SAMPLER_RATIO of the requests that come without one (OPA's
# sample_percentage). Health checks are not traced.
opa_tracing_config() {
  [[ -n "$DIVE_TRACING_ENDPOINT" ]] || return 0
  local address="${DIVE_TRACING_ENDPOINT#*://}"
  address="${address%%/*}"
  local encryption=off
  [[ "$DIVE_TRACING_ENDPOINT" != https://* ]] || encryption=tls
  cat <<CONF
distributed_tracing:
  type: http
  address: $address
  encryption: $encryption
  service_name: opa
  sample_percentage: $(awk -v r="$DIVE_TRACING_SAMPLER_RATIO" 'BEGIN { printf "%d", r * 100 + 0.5 }')
  exclude_paths: ["/health**"]
CONF
}

opa_client_token_hashes() { # {"<client>": "<sha256 of its token>", ...}
  local client separator="" json="{"
  for client in "${OPA_CLIENTS[@]}"; do
    json+="$separator\"$client\":\"$(sha256_hex "$(opa_token "$client")")\""
    separator=","
  done
  printf '%s}' "$json"
}

opa_start() {
  private_state "$OPA_DIR"
  local client
  for client in "${OPA_CLIENTS[@]}" "$OPA_DECISION_LOG_CLIENT"; do
    [[ -s "$(opa_token_file "$client")" ]] || random_secret >"$(opa_token_file "$client")"
  done
  opa_config >"$OPA_DIR/opa.yaml"
  # A copy, so that rebuilding the distribution never changes what a running sidecar serves.
  cp "$(dist_dir)/opa/dive-policy-bundle.tar.gz" "$OPA_DIR/dive-policy-bundle.tar.gz"
  local hashes
  hashes="$(opa_client_token_hashes)"
  ( # OPA's environment: PATH and the hashes only, and no command line holds them either.
    local variable
    for variable in $(compgen -e); do [[ "$variable" == PATH ]] || export -n "$variable"; done
    export DIVE_OPA_CLIENT_TOKENS_SHA256="$hashes"
    export GOGC="$DIVE_OPA_GOGC" # see common.sh
    # Per-request access logs go to debug: at info they cost ~0.1 ms per decision.
    # The diagnostic address serves only /health and /metrics (what monitoring/ scrapes). OPA applies
    # --authorization=basic there too: system.authz lets Prometheus's token (opa/prometheus.token) read /metrics.
    launch opa "$OPA_BIN" run --server --addr "$DIVE_BIND:$DIVE_OPA_PORT" --log-level "$DIVE_OPA_LOG_LEVEL" \
      --diagnostic-addr "$DIVE_BIND:$DIVE_OPA_DIAGNOSTIC_PORT" \
      --log-level-request debug --log-format json --authentication=token --authorization=basic \
      --config-file "$OPA_DIR/opa.yaml" \
      --bundle "$OPA_DIR/dive-policy-bundle.tar.gz"
  )
  wait_until opa "serving the bundle" opa_healthy
}

opa_details() { # for ./dive status
  opa_healthy 2>/dev/null || return 0
  printf '  OPA bundle revision: %s\n' "$(curl -fsS --max-time 3 "http://$DIVE_BIND:$DIVE_OPA_PORT/v1/data/system/bundles" 2>/dev/null \
    | sed -n 's/.*"revision":"\([^"]*\)".*/\1/p')"
}
