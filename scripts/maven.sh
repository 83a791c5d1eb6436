# shellcheck shell=bash
# The Maven build: the DIVE distribution (providers, OPA bundle, realms) the stack runs, and
# ./dive test. Maven gets the OPA and Regal binaries ./dive provisioned as properties, and runs with
# the caller's umask (build output is not stack state).

dist_dir() { printf '%s' "${DIVE_DIST_DIR:-$DIVE_ROOT/distribution/target/dive-$PROJECT_VERSION}"; }

maven() { # maven arguments...: in the project root, with the tool properties
  need_command "$DIVE_MVN" "Maven is required (apt-get install maven)"
  ensure_opa
  ensure_regal
  cd "$DIVE_ROOT" && umask "$DIVE_USER_UMASK" \
    && "$DIVE_MVN" -B -ntp -Dopa.bin="$OPA_BIN" -Dregal.bin="$REGAL_BIN" "$@"
}

ensure_distribution() {
  if [[ "$DIVE_SKIP_BUILD" != "1" ]]; then
    info "building DIVE $PROJECT_VERSION (mvn install -DskipTests; the first build downloads dependencies)"
    (maven -q -Dstyle.color=never install -DskipTests -pl distribution -am) \
      || die "the Maven build failed; fix the errors above and run ./dive start again"
  fi
  local dist
  dist="$(dist_dir)"
  [[ -d "$dist/providers" && -f "$dist/opa/dive-policy-bundle.tar.gz" && -d "$dist/realms" ]] \
    || die "no DIVE distribution at $dist; run ./dive start without DIVE_SKIP_BUILD=1 (or mvn install) first"
}

cmd_test() { # maven arguments...
  ensure_test_tools
  info "running every test: unit tests, Rego tests, integration tests against a real stack"
  maven verify "$@"
}
