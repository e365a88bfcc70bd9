#!/usr/bin/env bash
# Installs Debian's Chromium (and a font for legible screenshots) for the browser tests in
# tests/browser/. Idempotent, and fast when they are already there: it only checks and exits.
# Playwright's own browser download cannot work here; the tests drive this Chromium through
# Playwright's executable_path. When Chromium cannot be installed, this says why and exits 0:
# the browser tests then skip, naming the reason, and the rest of the suite still runs.
set -uo pipefail

CHROMIUM="${NEWSPRISM_CHROMIUM:-/usr/bin/chromium}"
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
PACKAGES=(chromium fonts-dejavu-core)

ready() {
    [ -x "$CHROMIUM" ] && "$CHROMIUM" --version >/dev/null 2>&1 && [ -f "$FONT" ]
}

give_up() {
    echo "install-browser: $1; the browser tests will be skipped" >&2
    exit 0
}

ready && exit 0

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    give_up "Chromium is missing at $CHROMIUM and this user cannot run apt-get (install Debian's 'chromium' package, or set NEWSPRISM_CHROMIUM)"
fi
command -v apt-get >/dev/null 2>&1 || give_up "no apt-get on this machine to install Chromium at $CHROMIUM"

echo "install-browser: installing ${PACKAGES[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
# A stale or missing package list is the usual cause of a failed install: update, retry once.
if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >/dev/null 2>&1; then
    "${SUDO[@]}" apt-get update -q >/dev/null 2>&1 || give_up "apt-get update failed"
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >/dev/null \
        || give_up "apt-get could not install ${PACKAGES[*]}"
fi
ready || give_up "Chromium was installed but $CHROMIUM --version does not run"
"$CHROMIUM" --version 2>/dev/null >&2
