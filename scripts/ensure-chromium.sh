#!/bin/sh
# Browser tests drive Debian's chromium (no browser downloads are possible or wanted).
# Install it when missing and we are allowed to; otherwise say how, and the browser tests
# skip with that reason.
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "chromium is missing: run 'sudo apt-get install chromium' for the browser tests" >&2
  exit 0
fi
echo "installing Debian's chromium for the browser tests..." >&2
$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
