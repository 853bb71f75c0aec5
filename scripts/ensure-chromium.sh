#!/usr/bin/env bash
# Chromium for the browser tests comes from Debian's packages. Install it when missing and we may
# (root, apt-get present); otherwise say so: the browser tests then report themselves as skipped.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium ontbreekt: installeren uit Debian-pakketten..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "Chromium kon niet worden geïnstalleerd; browsertests worden overgeslagen."
else
  echo "Chromium ontbreekt; browsertests worden overgeslagen. Installeer met: sudo apt-get install chromium"
fi
exit 0
