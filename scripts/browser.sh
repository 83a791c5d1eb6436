# shellcheck shell=bash
# The real browser of the browser tests (integration-tests, io.dive.it.browser): Debian's Chromium
# and its chromedriver. Sourced by ./dive (uses its info/warn); defines install_browser.

DIVE_CHROMIUM="${DIVE_CHROMIUM:-/usr/bin/chromium}"
DIVE_CHROMEDRIVER="${DIVE_CHROMEDRIVER:-/usr/bin/chromedriver}"

# Installs Debian's chromium and chromium-driver when either is missing; apt-get update only when
# the package lists do not know them yet. Never fatal: without a browser the browser tests fail
# with a message saying so, and every other test still runs.
install_browser() {
  [[ -x "$DIVE_CHROMIUM" && -x "$DIVE_CHROMEDRIVER" ]] && return 0
  local sudo=""
  if (( EUID != 0 )); then
    if ! command -v sudo >/dev/null 2>&1; then
      warn "Chromium is missing and installing it needs root: run 'apt-get install -y chromium chromium-driver' as root (the browser tests fail without it)"
      return 0
    fi
    sudo="sudo"
  fi
  info "installing Chromium and chromedriver from Debian (apt-get install chromium chromium-driver) for the browser tests"
  if ! apt-cache show chromium chromium-driver >/dev/null 2>&1; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq || warn "apt-get update failed"
  fi
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      chromium chromium-driver >/dev/null; then
    warn "apt-get install chromium chromium-driver failed; the browser tests fail until it is installed"
    return 0
  fi
  info "installed $("$DIVE_CHROMIUM" --version 2>/dev/null || echo "$DIVE_CHROMIUM")"
}
