#!/bin/sh
# Makes sure Debian's PostgreSQL server binaries are installed for the warehouse tests, which start their own
# server (as the postgres user) in a temporary directory. Looked for under /usr/lib/postgresql/<version>/bin.
# When missing, and this runs as root with apt-get, Debian's `postgresql` package is installed non-interactively;
# otherwise this says what to install and leaves it to the tests to fail naming it.
set -eu

found() {
  for p in /usr/lib/postgresql/*/bin/postgres; do
    if [ -x "$p" ]; then
      return 0
    fi
  done
  return 1
}

if found; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-postgresql: PostgreSQL not found; installing Debian's postgresql package with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  if found; then
    echo "ensure-postgresql: installed $(ls -d /usr/lib/postgresql/*/bin | tail -1)" >&2
    exit 0
  fi
  echo "ensure-postgresql: apt-get finished but no /usr/lib/postgresql/<version>/bin/postgres" >&2
  exit 1
fi

echo "ensure-postgresql: the warehouse tests need PostgreSQL's server binaries (/usr/lib/postgresql/<version>/bin)," >&2
echo "  which cannot be installed here (installing needs root and apt-get): apt-get install -y postgresql" >&2
exit 0
