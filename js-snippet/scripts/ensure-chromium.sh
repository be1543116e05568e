#!/bin/sh
# Makes sure Debian's Chromium is installed for the browser tests. Chromium is looked for at
# /usr/lib/chromium/chromium and /usr/bin/chromium. When missing, and this runs as root with apt-get,
# Debian's `chromium` package is installed non-interactively; otherwise this fails with a clear message.
set -eu

for p in /usr/lib/chromium/chromium /usr/bin/chromium; do
  if [ -x "$p" ]; then
    exit 0
  fi
done

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: Chromium not found; installing Debian's chromium package with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  for p in /usr/lib/chromium/chromium /usr/bin/chromium; do
    if [ -x "$p" ]; then
      echo "ensure-chromium: installed $p" >&2
      exit 0
    fi
  done
  echo "ensure-chromium: apt-get finished but no Chromium at /usr/lib/chromium/chromium or /usr/bin/chromium" >&2
  exit 1
fi

echo "ensure-chromium: Chromium is needed for the browser tests but was not found at" >&2
echo "  /usr/lib/chromium/chromium or /usr/bin/chromium, and it cannot be installed here" >&2
echo "  (installing needs root and apt-get). Install Debian's package: apt-get install -y chromium" >&2
exit 1
