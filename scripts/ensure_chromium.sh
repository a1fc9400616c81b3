#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright (Playwright's own browser download
# does not work offline). Install it when missing and we are allowed to.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "${ACCESSGAP_SKIP_BROWSER:-0}" = "1" ]; then
  echo "ACCESSGAP_SKIP_BROWSER=1: browser tests will be skipped" >&2; exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing chromium with apt-get (needed by the browser tests)..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "error: /usr/bin/chromium is missing. Install it (sudo apt-get install -y chromium)," >&2
  echo "       or run with ACCESSGAP_SKIP_BROWSER=1 to skip the browser tests." >&2
  exit 1
fi
