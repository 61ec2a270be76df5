"""The postgres image's docker-entrypoint.sh, as crsim's images carry it: the steps of
docker-library/postgres's script that a first start shows (the POSTGRES_PASSWORD check
with its message, initdb, the temporary server that creates POSTGRES_DB, the init
scripts, "PostgreSQL init process complete; ready for start up."), written for sh.
Left out: the *_FILE variables, the permission fixes and the re-exec as the postgres
user (gosu) before the server starts, so only initdb runs as postgres (through gosu)
and the server runs as root here."""

ENTRYPOINT = r"""#!/bin/sh
# docker-entrypoint.sh of the postgres image, shortened by crsim (see the image's docs
# for the whole script): initialise an empty $PGDATA, then run the server.
set -e
case "$1" in -*) set -- postgres "$@" ;; esac
if [ "$1" = 'postgres' ]; then
	: "${POSTGRES_USER:=postgres}"
	: "${POSTGRES_DB:=$POSTGRES_USER}"
	: "${POSTGRES_HOST_AUTH_METHOD:=}"
	export POSTGRES_USER POSTGRES_DB
	mkdir -p "$PGDATA" /var/run/postgresql
	if [ ! -s "$PGDATA/PG_VERSION" ]; then
		if [ -z "$POSTGRES_PASSWORD" ] && [ 'trust' != "$POSTGRES_HOST_AUTH_METHOD" ]; then
			cat >&2 <<-'EOE'
				Error: Database is uninitialized and superuser password is not specified.
				       You must specify POSTGRES_PASSWORD to a non-empty value for the
				       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

				       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
				       connections without a password. This is *not* recommended.

				       See PostgreSQL documentation about "trust":
				       https://www.postgresql.org/docs/current/auth-trust.html
			EOE
			exit 1
		fi
		printf '%s\n' "$POSTGRES_PASSWORD" | gosu postgres initdb --username="$POSTGRES_USER" --pwfile=/dev/stdin
		printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >> "$PGDATA/pg_hba.conf"
		pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
		if [ "$POSTGRES_DB" != 'postgres' ]; then
			psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname postgres -c "CREATE DATABASE \"$POSTGRES_DB\" ;"
			printf '\n'
		fi
		printf '\n'
		for f in /docker-entrypoint-initdb.d/*; do
			case "$f" in
				*.sh)  printf '%s: running %s\n' "$0" "$f"; . "$f" ;;
				*.sql) printf '%s: running %s\n' "$0" "$f"; psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname "$POSTGRES_DB" -f "$f"; printf '\n' ;;
				*)     printf '%s: ignoring %s\n' "$0" "$f" ;;
			esac
		done
		printf '\n'
		pg_ctl -D "$PGDATA" -m fast -w stop
		cat <<-'EOM'

			PostgreSQL init process complete; ready for start up.

		EOM
	else
		cat <<-'EOM'

			PostgreSQL Database directory appears to contain a database; Skipping initialization

		EOM
	fi
fi
exec "$@"
"""
