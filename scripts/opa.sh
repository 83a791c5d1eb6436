# shellcheck shell=bash
# The OPA sidecar serving the DIVE policy bundle of the distribution (the binary: tools.sh).

opa_ports() { echo DIVE_OPA_PORT; }

opa_healthy() { http_ok "http://$DIVE_BIND:$DIVE_OPA_PORT/health?bundles"; }

opa_start() {
  mkdir -p "$DIVE_STATE_DIR/opa"
  # A copy, so that rebuilding the distribution never changes what a running sidecar serves.
  cp "$(dist_dir)/opa/dive-policy-bundle.tar.gz" "$DIVE_STATE_DIR/opa/dive-policy-bundle.tar.gz"
  # Per-request access logs go to debug: at info they cost ~0.1 ms per decision.
  launch opa "$OPA_BIN" run --server --addr "$DIVE_BIND:$DIVE_OPA_PORT" --log-level "$DIVE_OPA_LOG_LEVEL" \
    --log-level-request debug --log-format json \
    --bundle "$DIVE_STATE_DIR/opa/dive-policy-bundle.tar.gz"
  wait_until opa "serving the bundle" opa_healthy
}

opa_details() { # for ./dive status
  opa_healthy 2>/dev/null || return 0
  printf '  OPA bundle revision: %s\n' "$(curl -fsS --max-time 3 "http://$DIVE_BIND:$DIVE_OPA_PORT/v1/data/system/bundles" 2>/dev/null \
    | sed -n 's/.*"revision":"\([^"]*\)".*/\1/p')"
}
