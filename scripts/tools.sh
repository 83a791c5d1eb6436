# shellcheck shell=bash
# Tools: installed on demand. Debian packages through apt-get; OPA, Regal and the Keycloak zip cached
# under $DIVE_TOOLS_DIR (OPA and Regal by scripts/bin/go-tool, which the Maven build uses too).

need_command() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: $2"; }

apt_install() { # package: install from Debian when we may
  local sudo=""
  if (( EUID != 0 )); then
    command -v sudo >/dev/null 2>&1 || die "$1 is missing and installing it needs root: run 'apt-get install -y $1' as root"
    sudo="sudo"
  fi
  info "installing $1 from Debian (apt-get)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    || die "apt-get update failed; check the Debian package mirror and retry"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >/dev/null \
    || die "apt-get install $1 failed; install it by hand and retry"
}

# OPA_BIN / REGAL_BIN: set by ensure_opa / ensure_regal (go-tool knows where the cache keeps them).
# go-tool has said what went wrong when it fails.
go_tool() { DIVE_TOOLS_DIR="$DIVE_TOOLS_DIR" "$DIVE_ROOT/scripts/bin/go-tool" "$@"; }
ensure_opa() { OPA_BIN="$(go_tool opa "$OPA_VERSION")" || exit 1; }
ensure_regal() { REGAL_BIN="$(go_tool regal "$REGAL_VERSION")" || exit 1; }
# The OpenTDF SDK interop program (interop/opentdf-sdk), which the OpenTDF interop tests run.
ensure_opentdf_sdk() { OPENTDF_SDK_BIN="$(go_tool opentdf-sdk "$OPENTDF_SDK_VERSION")" || exit 1; }

keycloak_zip() { printf '%s/keycloak-quarkus-dist-%s.zip' "$DIVE_TOOLS_DIR" "$KEYCLOAK_VERSION"; }

ensure_keycloak_zip() {
  local zip
  zip="$(keycloak_zip)"
  [[ -s "$zip" ]] && return 0
  need_command "$DIVE_MVN" "Maven is needed to fetch Keycloak from Maven Central (apt-get install maven)"
  info "fetching Keycloak $KEYCLOAK_VERSION (org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip, ~170 MB) from Maven Central"
  mkdir -p "$DIVE_TOOLS_DIR"
  "$DIVE_MVN" -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
    -DoutputDirectory="$DIVE_TOOLS_DIR" -Dmdep.overWriteReleases=true \
    || die "could not fetch Keycloak $KEYCLOAK_VERSION from Maven Central; check the network and ~/.m2/settings.xml"
}

# Everything the stack runs on.
ensure_tools() {
  need_command java "Java 17 or newer is required (apt-get install openjdk-17-jdk)"
  need_command curl "curl is required (apt-get install curl)"
  need_command setsid "setsid (util-linux) is required"
  command -v unzip >/dev/null 2>&1 || apt_install unzip
  redis_install
  softhsm_install
  nginx_install
  ensure_opa
  ensure_regal
  ensure_keycloak_zip
}

# Everything ./dive test needs: the stack's tools, and the tests' own.
ensure_test_tools() {
  ensure_tools
  install_browser # the real-browser tests' Chromium (scripts/browser.sh)
  ensure_opentdf_sdk
}
