# shellcheck shell=bash
# FerretDB v1: the MongoDB-wire server of the local stack's audit trail (built by scripts/bin/go-tool
# from the Go module proxy; SQLite backend, files under $FERRETDB_DIR). Production uses a MongoDB
# replica set; FerretDB has no TTL indexes, so the audit's retention sweeper expires records here.
# On loopback only and without authentication (FerretDB v1's SQLite backend has none); telemetry off.

FERRETDB_DIR="$DIVE_STATE_DIR/ferretdb"

ferretdb_ports() { echo DIVE_FERRETDB_PORT DIVE_FERRETDB_DEBUG_PORT; }

ferretdb_healthy() { http_ok "http://$DIVE_BIND:$DIVE_FERRETDB_DEBUG_PORT/debug/readyz"; }

# The connection string Keycloak's dive-audit SPI uses.
ferretdb_url() { printf 'mongodb://%s:%s/' "$DIVE_BIND" "$DIVE_FERRETDB_PORT"; }

ferretdb_start() {
  ensure_ferretdb
  private_state "$FERRETDB_DIR"
  mkdir -p "$FERRETDB_DIR/data"
  DO_NOT_TRACK=1 launch ferretdb "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$FERRETDB_DIR/data/" \
    --state-dir="$FERRETDB_DIR" --listen-addr="$DIVE_BIND:$DIVE_FERRETDB_PORT" \
    --debug-addr="$DIVE_BIND:$DIVE_FERRETDB_DEBUG_PORT" --telemetry=disable --log-level=WARN --log-format=json
  wait_until ferretdb "accepting MongoDB connections" ferretdb_healthy
}
