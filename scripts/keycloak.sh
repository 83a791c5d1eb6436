# shellcheck shell=bash
# Keycloak with the DIVE providers and realms. keycloak_launch is the one launch definition: the
# stack's Keycloak (start-dev, H2 database) and the cluster nodes (start --optimized, PostgreSQL)
# add only what differs.

# Build-time options: start-dev applies them itself; cluster nodes build them in (kc.sh build).
# keycloak_user_events_total (login failures for the alert rules of monitoring/), tagged by realm only.
# Tracing (OpenTelemetry) is on only when DIVE_TRACING_ENDPOINT names a collector: off, Keycloak's
# tracing provider is its no-op one and no span is made.
KEYCLOAK_BUILD_OPTIONS=(--health-enabled=true --metrics-enabled="$DIVE_METRICS")
[[ "$DIVE_METRICS" != true ]] || KEYCLOAK_BUILD_OPTIONS+=(--event-metrics-user-enabled=true)
if [[ -n "$DIVE_TRACING_ENDPOINT" ]]; then KEYCLOAK_BUILD_OPTIONS+=(--tracing-enabled=true)
else KEYCLOAK_BUILD_OPTIONS+=(--tracing-enabled=false); fi

keycloak_ports() { echo DIVE_KEYCLOAK_PORT DIVE_KEYCLOAK_MANAGEMENT_PORT; }

keycloak_healthy() { http_ok "http://$DIVE_BIND:$DIVE_KEYCLOAK_MANAGEMENT_PORT/health/ready"; }

keycloak_install() { # home, with realms (1/0): unpack once, then exactly this build's providers
  local home="$1" with_realms="$2"
  if [[ ! -x "$home/bin/kc.sh" ]]; then
    info "unpacking Keycloak $KEYCLOAK_VERSION into $home"
    local tmp="$home.unpack"
    rm -rf "$tmp" && mkdir -p "$tmp"
    unzip -q "$(keycloak_zip)" -d "$tmp" || die "could not unpack $(keycloak_zip); delete it and retry"
    chmod -R go= "$tmp" # unzip applies the zip's modes, not the umask
    mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$home" && rm -rf "$tmp"
  fi
  # Exactly the distribution's providers and realms: stale DIVE jars would be loaded too.
  rm -f "$home"/providers/dive-*.jar
  cp "$(dist_dir)"/providers/*.jar "$home/providers/"
  mkdir -p "$home/data/import"
  rm -f "$home"/data/import/*.json
  if [[ "$with_realms" == "1" ]]; then
    cp "$(dist_dir)"/realms/*.json "$home/data/import/"
  fi
}

# Starts Keycloak from an installed home and waits until it is ready. Every node gets the same
# admin, Redis, OPA and KAS settings. DIVE_KEYCLOAK_URL and DIVE_KAS_URL (the broker realm's KAS origin,
# scripts/nginx.sh) fill the realm files' ${DIVE_KEYCLOAK_URL} and ${DIVE_KAS_URL};
# DIVE_OPA_URL is where the KAS asks OPA. The caller's environment (secrets) reaches kc.sh too, and so
# do the password of the Redis ACL user DIVE logs in as and the KAS's OPA token (SPI options, never
# arguments).
keycloak_launch() { # component, home, http port, management port, kc.sh command and its options...
  local name="$1" home="$2" http="$3" management="$4"; shift 4
  local tracing=() # where this node's spans go (OTLP/HTTP protobuf), under its name
  [[ -z "$DIVE_TRACING_ENDPOINT" ]] || tracing=(--tracing-endpoint="$DIVE_TRACING_ENDPOINT"
    --tracing-protocol=http/protobuf --telemetry-service-name="$name"
    --tracing-sampler-type=parentbased_traceidratio --tracing-sampler-ratio="$DIVE_TRACING_SAMPLER_RATIO")
  KC_BOOTSTRAP_ADMIN_USERNAME="$DIVE_ADMIN_USER" KC_BOOTSTRAP_ADMIN_PASSWORD="$DIVE_ADMIN_PASSWORD" \
    KC_SPI_DIVE_REDIS__JEDIS__PASSWORD="$(redis_password "$REDIS_DIVE_USER")" \
    KC_SPI_REALM_RESTAPI_EXTENSION__KAS__OPA_TOKEN="$(opa_token kas)" \
    KC_SPI_REALM_RESTAPI_EXTENSION__DIVE_AUDIT__DECISION_LOG_TOKEN="$(opa_token "$OPA_DECISION_LOG_CLIENT")" \
    JAVA_OPTS_APPEND="$DIVE_KEYCLOAK_JAVA_OPTS" \
    DIVE_OPA_URL="http://$DIVE_BIND:$DIVE_OPA_PORT" DIVE_KEYCLOAK_URL="http://$DIVE_BIND:$http" \
    DIVE_KAS_URL="http://$DIVE_BIND:$DIVE_KAS_PORT" \
    launch "$name" "$home/bin/kc.sh" "$@" "${KEYCLOAK_BUILD_OPTIONS[@]}" "${tracing[@]}" \
    --http-host="$DIVE_BIND" --http-port="$http" --http-management-port="$management" \
    --spi-dive-redis--jedis--host="$DIVE_BIND" --spi-dive-redis--jedis--port="$DIVE_REDIS_PORT" \
    --spi-dive-redis--jedis--user="$REDIS_DIVE_USER" \
    --spi-realm-restapi-extension--kas--server-timing="$DIVE_KAS_SERVER_TIMING" \
    --spi-dive-audit--default--sink="$DIVE_AUDIT_SINK" --spi-dive-audit--default--connection-string="$(ferretdb_url)" \
    --spi-dive-audit--default--journal-dir="$DIVE_STATE_DIR/audit/$name" \
    --spi-dive-audit--default--sweep-interval-seconds="$DIVE_AUDIT_SWEEP_SECONDS"
  wait_until "$name" "ready" http_ok "http://$DIVE_BIND:$management/health/ready"
  chmod -R go= "$home" # Keycloak's build (at start) writes lib/ with fixed modes, whatever the umask
  keycloak_protect_master "http://$DIVE_BIND:$http"
}

# The master realm's admin logs in with a password (admin/admin in the demo), and Keycloak creates
# master without brute-force protection: switch it on through the admin API (idempotent, at every
# start). The password goes to curl on its standard input and the token in a header file descriptor,
# neither on a command line.
MASTER_BRUTE_FORCE='{"bruteForceProtected":true,"permanentLockout":false,"failureFactor":5,"waitIncrementSeconds":60,"maxFailureWaitSeconds":900,"maxDeltaTimeSeconds":43200,"quickLoginCheckMilliSeconds":1000,"minimumQuickLoginWaitSeconds":60}'

keycloak_protect_master() { # Keycloak's base URL
  local token
  token="$(printf '%s' "$DIVE_ADMIN_PASSWORD" | curl -fsS --max-time 10 --data-urlencode grant_type=password \
    --data-urlencode client_id=admin-cli --data-urlencode "username=$DIVE_ADMIN_USER" --data-urlencode password@- \
    "$1/realms/master/protocol/openid-connect/token" 2>/dev/null | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')" || true
  if [[ -z "$token" ]] \
    || ! curl -fsS --max-time 10 -o /dev/null -X PUT --data "$MASTER_BRUTE_FORCE" \
      -H @<(printf 'Authorization: Bearer %s\nContent-Type: application/json\n' "$token") "$1/admin/realms/master"; then
    warn "could not switch on brute-force protection in the master realm at $1 (is DIVE_ADMIN_PASSWORD still the admin's password?)"
  fi
}

# The stack's Keycloak: development mode on H2, the realms imported, the KAS keys in the SoftHSM2
# token (pkcs11) and, when a KMS endpoint is given (tests run one in-process), in Cloud KMS.
keycloak_start() {
  local home="$DIVE_STATE_DIR/keycloak-$KEYCLOAK_VERSION"
  keycloak_install "$home" 1
  softhsm_token
  local kms=()
  if [[ -n "${DIVE_KMS_ENDPOINT:-}" ]]; then
    kms=(--spi-dive-kas-keys--gcp-kms--endpoint="$DIVE_KMS_ENDPOINT"
      --spi-dive-kas-keys--gcp-kms--crypto-key="${DIVE_KMS_CRYPTO_KEY:?DIVE_KMS_CRYPTO_KEY must name the crypto key}"
      --spi-dive-kas-keys--gcp-kms--plaintext="${DIVE_KMS_PLAINTEXT:-false}"
      --spi-dive-kas-keys--gcp-kms--version-refresh-seconds="${DIVE_KMS_VERSION_REFRESH_SECONDS:-30}")
  fi
  # Realms already in the dev database are kept (import strategy IGNORE_EXISTING); ./dive reset
  # starts from the realm files again.
  SOFTHSM2_CONF="$(softhsm_conf)" KC_SPI_DIVE_KAS_KEYS__PKCS11__PIN="$DIVE_HSM_PIN" \
    keycloak_launch keycloak "$home" "$DIVE_KEYCLOAK_PORT" "$DIVE_KEYCLOAK_MANAGEMENT_PORT" \
    start-dev --import-realm \
    --spi-dive-kas-keys--pkcs11--library="$DIVE_HSM_MODULE" --spi-dive-kas-keys--pkcs11--slot="$(softhsm_slot)" \
    "${kms[@]}"
}
