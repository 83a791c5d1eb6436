#!/usr/bin/env bash
# Checks, tests and builds the DIVE OPA bundle with the OPA release pinned in the parent pom.
#   policies/bundle.sh check   opa check --strict, opa fmt (fails on unformatted files), Regal lint
#   policies/bundle.sh test    opa test with coverage (fails below DIVE_REGO_COVERAGE, default 95 %)
#   policies/bundle.sh build   opa build with manifest revision -> target/dive-policy-bundle.tar.gz
# Run by the Maven build of this module, which passes the tools in the environment: DIVE_OPA_BIN /
# DIVE_REGAL_BIN (-Dopa.bin / -Dregal.bin; ./dive passes the ones it provisioned) or, when those are
# empty, DIVE_OPA_VERSION / DIVE_REGAL_VERSION for scripts/bin/go-tool to build into the tools cache.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/target"
mkdir -p "$target"

tool() { # name, the path given to Maven (may be empty), the pinned version
  if [[ -n "$2" ]]; then
    [[ -x "$2" && ! -d "$2" ]] || { echo "error: -D$1.bin=$2 is not an executable file" >&2; exit 1; }
    printf '%s\n' "$2"
  else
    "$here/../scripts/bin/go-tool" "$1" "${3:?the $1 version; run this through Maven (mvn -pl policies -am verify)}"
  fi
}
opa="$(tool opa "${DIVE_OPA_BIN:-}" "${DIVE_OPA_VERSION:-}")"

# The bundle is the hand-written policies plus the reference data exported from the Java model at
# build time (target/generated-data, written by the export-reference-data Maven execution).
src="$target/bundle-src"
generated="$target/generated-data"
[[ -f "$generated/dive/reference/data.json" ]] || {
  echo "error: $generated/dive/reference/data.json is missing; build through Maven (mvn -pl policies -am package)" >&2
  exit 1
}
rm -rf "$src" && mkdir -p "$src"
cp -R "$here/src/." "$src/"
cp -R "$generated/." "$src/"

case "${1:-}" in
  check)
    "$opa" check --strict "$src"
    if ! "$opa" fmt --list --fail "$here/src" >/dev/null; then
      echo "error: these Rego files are not formatted; run: $opa fmt -w policies/src" >&2
      "$opa" fmt --list "$here/src" >&2
      exit 1
    fi
    echo "opa check --strict: clean; opa fmt: clean"
    regal="$(tool regal "${DIVE_REGAL_BIN:-}" "${DIVE_REGAL_VERSION:-}")"
    "$regal" lint --config-file "$here/.regal/config.yaml" --format pretty "$src"
    ;;
  test)
    "$opa" test --verbose "$src" | grep -E '^(data\.|PASS|FAIL|ERROR|-)' || true
    "$opa" test "$src" >/dev/null || { "$opa" test "$src"; exit 1; }
    "$opa" test --coverage --threshold "${DIVE_REGO_COVERAGE:-95}" "$src" >"$target/rego-coverage.json" || {
      echo "error: Rego line coverage is below ${DIVE_REGO_COVERAGE:-95} % (details in $target/rego-coverage.json)" >&2
      exit 1
    }
    printf 'Rego line coverage: %s %%\n' "$(sed -n 's/^  "coverage": \(.*\)$/\1/p' "$target/rego-coverage.json" | tail -n1)"
    ;;
  build)
    version="${2:?project version}"
    commit="$(git -C "$here" rev-parse --short=12 HEAD 2>/dev/null || echo unversioned)"
    revision="$version+$commit"
    # Tests and their fixtures stay out of what the sidecar serves.
    # Built from inside the folder so that file names in the bundle are relative, not build paths.
    (cd "$src" && "$opa" build --bundle . --ignore '*_test.rego' --revision "$revision" \
      --output "$target/dive-policy-bundle.tar.gz")
    printf '%s\n' "$revision" >"$target/dive-policy-bundle.revision"
    echo "built $target/dive-policy-bundle.tar.gz (revision $revision)"
    ;;
  *)
    echo "usage: $0 check | test | build <version>" >&2
    exit 2
    ;;
esac
