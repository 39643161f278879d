#!/bin/bash
# Entry point of the PostgreSQL image that .ci/build-postgres-image builds from Debian packages, for
# machines that reach no image registry. It behaves like the official postgres image's entry point in
# what Testcontainers' PostgreSQLContainer relies on:
#   - POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required) and POSTGRES_DB (default: the
#     user's name) create the superuser and the database on the first start of an empty PGDATA;
#   - the command is `postgres ...` (PostgreSQLContainer passes `postgres -c fsync=off`); arguments
#     starting with '-' are passed to postgres;
#   - "database system is ready to accept connections" is logged twice on a first start: once by a
#     temporary server that listens on the Unix socket only (it creates POSTGRES_DB), once by the real
#     server. PostgreSQLContainer waits for the second line, so with one line only it would time out,
#     and any readiness check that came before the second would let a test connect to nothing.
#   - every address may connect with a password (scram-sha-256): the published port is the only way in.
set -euo pipefail

PGDATA=${PGDATA:-/var/lib/postgresql/data}
export PGDATA

if [ "$#" -eq 0 ] || [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

# `postgres --version` and the like only print: no directories, no initdb (as the official image).
wants_help() {
  local a
  for a in "$@"; do
    case "$a" in -'?'|--help|--describe-config|-C|-V|--version) return 0 ;; esac
  done
  return 1
}
if [ "$1" = postgres ] && wants_help "$@"; then
  exec "$@"
fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root: prepare the directories, then run this script again as postgres.
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "POSTGRES_PASSWORD must be set (as the official postgres image requires)" >&2
    exit 1
  fi
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  # C.UTF-8 is built into glibc: no locales package needed.
  initdb --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
  printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -w start -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql"
  if [ "$db" != postgres ]; then
    # psql interpolates :"db" (quoted as an identifier) in its input, not in -c.
    psql -v ON_ERROR_STOP=1 -h /var/run/postgresql --username="$user" --dbname=postgres --set=db="$db" -q \
      <<<'CREATE DATABASE :"db";'
  fi
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo "PostgreSQL init process complete; ready for start up."
fi

exec "$@"
