"""The postgres image: its entrypoint's first start (and refusal without a password),
the server's log, psql's tables and errors, pg_isready, passwords over TCP, and data
kept in the volume."""

import pytest

from engine import Engine
from engine.userland.db.pg_sql import Database, SqlError, run as run_sql
from engine.userland.db.psql import aligned
from shell.session import Session

MISSING_PASSWORD = """\
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about "trust":
       https://www.postgresql.org/docs/current/auth-trust.html
"""


@pytest.fixture(scope="module")
def sh():
    run = Session(Engine.deterministic()).execute
    run("network create n")
    run("run -d --name db --network n -v pgdata:/var/lib/postgresql/data "
        "-e POSTGRES_PASSWORD=secret -e POSTGRES_DB=app postgres:16")
    run("sleep 2")
    return run


def psql(sh, sql, db="app"):
    return sh(f'exec db psql -U postgres -d {db} -c "{sql}"')


def test_without_a_password_the_entrypoint_refuses_to_initialise():
    sh = Session(Engine.deterministic()).execute
    sh("run -d --name nopw postgres:16")
    sh("sleep 1")
    assert sh("logs nopw") == (MISSING_PASSWORD, 0)
    assert sh("inspect -f '{{.State.ExitCode}}' nopw") == ("1\n", 0)


def test_first_start_initialises_then_starts_the_server(sh):
    lines = sh("logs db")[0].splitlines()
    assert lines[:2] == ['The files belonging to this database system will be owned by user '
                         '"postgres".', "This user must also own the server process."]
    for expected in ("fixing permissions on existing directory /var/lib/postgresql/data ... ok",
                     "syncing data to disk ... ok", "CREATE DATABASE",
                     "/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*",
                     "server started", "server stopped",
                     "PostgreSQL init process complete; ready for start up."):
        assert expected in lines
    assert any(line.startswith("waiting for server to start....2026-12-01 ")
               and line.endswith("LOG:  starting PostgreSQL 16.13 (Debian 16.13-1.pgdg13+1) on "
                                 "x86_64-pc-linux-gnu, compiled by gcc (Debian 14.2.0-19) 14.2.0, "
                                 "64-bit") for line in lines)
    tail = [line.split("UTC ", 1)[1] for line in lines[-5:]]
    assert tail == ['[1] LOG:  listening on IPv4 address "0.0.0.0", port 5432',
                    '[1] LOG:  listening on IPv6 address "::", port 5432',
                    '[1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"',
                    tail[3], "[1] LOG:  database system is ready to accept connections"]
    assert sh("exec db cat /var/lib/postgresql/data/PG_VERSION") == ("16\n", 0)


def test_psql_tables_and_tags(sh):
    assert psql(sh, "CREATE TABLE visits (id serial PRIMARY KEY, page text NOT NULL, hits integer)") \
        == ("CREATE TABLE\n", 0)
    assert psql(sh, "INSERT INTO visits (page, hits) VALUES ('home', 3), ('about', 12)") \
        == ("INSERT 0 2\n", 0)
    assert psql(sh, "SELECT * FROM visits") == (
        " id | page  | hits \n"
        "----+-------+------\n"
        "  1 | home  |    3\n"
        "  2 | about |   12\n"
        "(2 rows)\n\n", 0)
    assert psql(sh, "SELECT page FROM visits WHERE hits > 5") == (
        " page  \n-------\n about\n(1 row)\n\n", 0)
    assert psql(sh, "UPDATE visits SET hits = 4 WHERE page = 'home'") == ("UPDATE 1\n", 0)
    assert sh('exec db psql -U postgres -d app -tA -c "SELECT count(*) FROM visits"') == ("2\n", 0)
    assert psql(sh, "\\dt") == (
        "         List of relations\n"
        " Schema |  Name  | Type  |  Owner   \n"
        "--------+--------+-------+----------\n"
        " public | visits | table | postgres\n"
        "(1 row)\n\n", 0)
    out, status = psql(sh, "\\l", db="postgres")
    assert status == 0 and " app       | postgres | UTF8     | libc " in out
    assert " template0 | postgres | UTF8     | libc            | en_US.utf8 | en_US.utf8 |" \
           "            |           | =c/postgres          +\n" in out


def test_psql_errors(sh):
    assert psql(sh, "SELECT * FROM nope") == (
        'ERROR:  relation "nope" does not exist\n'
        "LINE 1: SELECT * FROM nope\n"
        "                      ^\n", 1)
    assert sh('exec db psql -c "SELECT 1"') == (
        'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" '
        'failed: FATAL:  role "root" does not exist\n', 2)
    assert sh('exec db psql -U postgres -d nodb -c "SELECT 1"')[1] == 2
    assert psql(sh, "SELEKT 1") == ('ERROR:  syntax error at or near "SELEKT"\n'
                                    "LINE 1: SELEKT 1\n        ^\n", 1)
    assert 'ERROR:  relation "nope" does not exist at character 15' in sh("logs db")[0]


def test_over_tcp_the_password_is_asked(sh):
    base = "run --rm --network n postgres:16"
    assert sh(f'{base} psql -h db -U postgres -d app -c "SELECT 1"') == (
        'psql: error: connection to server at "db" (172.18.0.2), port 5432 failed: '
        'fe_sendauth: no password supplied\n', 2)
    assert sh(f'{base} sh -c "PGPASSWORD=wrong psql -h db -U postgres -d app -c \'SELECT 1\'"') == (
        'psql: error: connection to server at "db" (172.18.0.2), port 5432 failed: FATAL:  '
        'password authentication failed for user "postgres"\n', 2)
    out, status = sh(f'{base} sh -c "PGPASSWORD=secret psql -h db -U postgres -d app -tA '
                     f'-c \'SELECT count(*) FROM visits\'"')
    assert (out, status) == ("2\n", 0)


def test_pg_isready(sh):
    assert sh("exec db pg_isready -U postgres") == ("/var/run/postgresql:5432 - accepting connections\n", 0)
    assert sh("run --rm --network n postgres:16 pg_isready -h db") == ("db:5432 - accepting connections\n", 0)
    assert sh("run --rm --network n postgres:16 pg_isready -h db -p 5433") == ("db:5433 - no response\n", 2)


def test_the_volume_keeps_the_database_for_the_next_container():
    sh = Session(Engine.deterministic()).execute
    sh("run -d --name pg1 -v keep:/var/lib/postgresql/data -e POSTGRES_PASSWORD=x postgres:16")
    sh("sleep 1")
    sh('exec pg1 psql -U postgres -c "CREATE TABLE t (n integer)"')
    sh("exec pg1 psql -U postgres -c \"INSERT INTO t VALUES (7)\"")
    assert sh("stop pg1") == ("pg1\n", 0)
    assert sh("logs pg1")[0].splitlines()[-1].endswith("LOG:  database system is shut down")
    sh("run -d --name pg2 -v keep:/var/lib/postgresql/data postgres:16")  # no password needed now
    sh("sleep 1")
    assert "PostgreSQL Database directory appears to contain a database; Skipping initialization" \
        in sh("logs pg2")[0]
    assert sh('exec pg2 psql -U postgres -tA -c "SELECT * FROM t"') == ("7\n", 0)


def test_sql_subset_and_the_aligned_format():
    db, session = Database("d", {}), {"user": "u", "database": "d", "notices": []}
    run_sql("CREATE TABLE t (id serial, name varchar(10), ok boolean)", db, session, None)
    assert run_sql("INSERT INTO t (name, ok) VALUES ('a', true)", db, session, None).tag == "INSERT 0 1"
    result = run_sql("SELECT * FROM t ORDER BY id DESC LIMIT 1", db, session, None)
    assert result.columns == ["id", "name", "ok"] and result.rows == [[1, "a", True]]
    with pytest.raises(SqlError) as err:
        run_sql("INSERT INTO t (id) VALUES ('x')", db, session, None)
    assert err.value.message == 'invalid input syntax for type integer: "x"'
    with pytest.raises(SqlError) as err:
        run_sql("SELECT nope FROM t", db, session, None)
    assert (err.value.message, err.value.position) == ('column "nope" does not exist', 8)
    assert aligned(["a", "long name"], [["x\ny", "1"]], [False, True]) == (
        " a | long name \n"
        "---+-----------\n"
        " x+|         1\n"
        " y |          \n"  # psql pads a right-aligned cell even when empty
        "(1 row)\n\n")


def test_bad_input_gets_one_clear_line(sh):
    assert psql(sh, "SELECT * FROM visits; SELECT * FROM nope") == (
        " id | page  | hits \n----+-------+------\n  1 | home  |    4\n  2 | about |   12\n"
        "(2 rows)\n\n"
        'ERROR:  relation "nope" does not exist\n'
        "LINE 1: SELECT * FROM visits; SELECT * FROM nope\n"
        "                                            ^\n", 1)
    assert psql(sh, "SELECT * FROM visits LIMIT 'x'") == (
        'ERROR:  invalid input syntax for type bigint: "x"\n', 1)
    assert sh("exec db psql --bogus") == ("psql: unrecognized option '--bogus'\npsql: hint: Try "
                                          "\"psql --help\" for more information.\n", 1)
    assert sh("exec db pg_isready -p x") == ("/var/run/postgresql:x - no attempt\n", 3)
    assert sh("exec db postgres -c") == ("postgres: option requires an argument -- 'c'\n", 1)


def test_describe_and_constraints():
    sh = Session(Engine.deterministic()).execute
    sh("run -d --name pgc -e POSTGRES_PASSWORD=x postgres:16")
    sh("sleep 1")

    def q(sql):
        return sh(f'exec pgc psql -U postgres -c "{sql}"')
    q("CREATE TABLE visits (id serial PRIMARY KEY, page text NOT NULL, hits integer)")
    assert q("\\\\d visits") == (
        '                            Table "public.visits"\n'
        " Column |  Type   | Collation | Nullable |              Default               \n"
        "--------+---------+-----------+----------+------------------------------------\n"
        " id     | integer |           | not null | nextval('visits_id_seq'::regclass)\n"
        " page   | text    |           | not null | \n"
        " hits   | integer |           |          | \n"
        "Indexes:\n"
        '    "visits_pkey" PRIMARY KEY, btree (id)\n\n', 0)
    assert q("\\\\d nope") == ('Did not find any relation named "nope".\n', 1)
    assert q("INSERT INTO visits (hits) VALUES (3)") == (
        'ERROR:  null value in column "page" of relation "visits" violates not-null constraint\n'
        "DETAIL:  Failing row contains (1, null, 3).\n", 1)
    assert q("INSERT INTO visits (id, page) VALUES (2, 'a'), (2, 'b')") == (
        'ERROR:  duplicate key value violates unique constraint "visits_pkey"\n'
        "DETAIL:  Key (id)=(2) already exists.\n", 1)
    assert sh('exec pgc psql -U postgres -tA -c "SELECT count(*) FROM visits"') == ("0\n", 0)


def test_sql_from_a_here_document_through_exec_i_and_compose_exec(sh):
    assert sh("exec -i db psql -U postgres -d app <<EOF\n"
              "SELECT count(*)\n  FROM visits;\n\\dt\nEOF") == (
        " count \n-------\n     2\n(1 row)\n\n"
        "         List of relations\n Schema |  Name  | Type  |  Owner   \n"
        "--------+--------+-------+----------\n public | visits | table | postgres\n(1 row)\n\n", 0)
    # without -i the process gets no input, as with docker exec
    assert sh("exec db psql -U postgres -d app <<EOF\nSELECT 1;\nEOF") == ("", 0)
