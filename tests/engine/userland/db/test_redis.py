"""redis-server and redis-cli in the redis image: the server's log, RESP over the
simulated network, the reply formats, expiry, and dump.rdb across containers."""

import pytest

from engine import Engine
from engine.userland.db import rdb
from engine.userland.db.redis_cli import raw_format, tty_format
from engine.userland.db.resp import Error, Status, encode, encode_command, parse_commands, parse_reply
from shell.session import Session

STARTUP = [
    "1:C 01 Dec 2026 09:00:00.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
    "1:C 01 Dec 2026 09:00:00.000 * Redis version=7.4.11, bits=64, commit=00000000, modified=0, "
    "pid=1, just started",
    "1:C 01 Dec 2026 09:00:00.000 # Warning: no config file specified, using the default config. "
    "In order to specify a config file use redis-server /path/to/redis.conf",
    "1:M 01 Dec 2026 09:00:00.000 * monotonic clock: POSIX clock_gettime",
    "1:M 01 Dec 2026 09:00:00.000 * Running mode=standalone, port=6379.",
    "1:M 01 Dec 2026 09:00:00.000 * Server initialized",
    "1:M 01 Dec 2026 09:00:00.000 * Ready to accept connections tcp",
]


@pytest.fixture(scope="module")
def sh():
    run = Session(Engine.deterministic()).execute
    run("network create n")
    run("run -d --name cache --network n -v rd:/data redis:7")
    return run


def cli(sh, *words, tty=False):
    flag = "-t " if tty else ""
    out, status = sh(f"run --rm {flag}--network n redis:7 redis-cli -h cache " + " ".join(words))
    if tty:  # the terminal turns each "\n" into "\r\n" (onlcr), as a real one does
        assert "\n" not in out.replace("\r\n", "")
        out = out.replace("\r\n", "\n")
    return out, status


def test_the_server_logs_redis_7_startup_lines(sh):
    lines = sh("logs cache")[0].splitlines()
    assert lines[0].startswith("1:C 01 Dec 2026 09:00:00.000 # WARNING Memory overcommit must be "
                               "enabled!")
    assert lines[1:8] == STARTUP


def test_replies_raw_into_a_pipe_and_as_people_read_them_on_a_terminal(sh):
    assert cli(sh, "SET", "greeting", "hello") == ("OK\n", 0)
    assert cli(sh, "GET", "greeting") == ("hello\n", 0)
    assert cli(sh, "GET", "greeting", tty=True) == ('"hello"\n', 0)
    assert cli(sh, "GET", "nope", tty=True) == ("(nil)\n", 0)
    assert cli(sh, "INCR", "counter", tty=True) == ("(integer) 1\n", 0)
    assert cli(sh, "RPUSH", "l", "a", "b") == ("2\n", 0)
    assert cli(sh, "LPUSH", "l", "z") == ("3\n", 0)
    assert cli(sh, "LRANGE", "l", "0", "-1", tty=True) == ('1) "z"\n2) "a"\n3) "b"\n', 0)
    assert cli(sh, "LRANGE", "l", "0", "-1") == ("z\na\nb\n", 0)
    assert cli(sh, "EXISTS", "greeting", "nope") == ("1\n", 0)
    assert cli(sh, "DEL", "l") == ("1\n", 0)
    assert cli(sh, "LRANGE", "l", "0", "-1", tty=True) == ("(empty array)\n", 0)


def test_errors_are_the_servers_and_fail_the_cli(sh):
    assert cli(sh, "INCR", "greeting", tty=True) == (
        "(error) ERR value is not an integer or out of range\n", 1)
    assert cli(sh, "LPUSH", "greeting", "x") == (
        "WRONGTYPE Operation against a key holding the wrong kind of value\n", 1)
    assert cli(sh, "FOO", "bar") == (
        "ERR unknown command 'FOO', with args beginning with: 'bar' \n", 1)
    assert cli(sh, "GET") == ("ERR wrong number of arguments for 'get' command\n", 1)
    out, status = sh("run --rm --network n redis:7 redis-cli -h nohost PING")
    assert (out, status) == ("Could not connect to Redis at nohost:6379: Name or service not known\n", 1)


def test_keys_expire_in_simulated_time(sh):
    assert cli(sh, "SET", "t", "x", "EX", "10") == ("OK\n", 0)
    assert cli(sh, "TTL", "t") == ("10\n", 0)
    sh("sleep 11")
    assert cli(sh, "TTL", "t") == ("-2\n", 0)
    assert cli(sh, "GET", "t", tty=True) == ("(nil)\n", 0)
    assert cli(sh, "TTL", "greeting") == ("-1\n", 0)


def test_info_and_a_pipe_of_commands(sh):
    out, _ = cli(sh, "INFO", "server")
    assert out.startswith("# Server\r\nredis_version:7.4.11\r\nredis_mode:standalone\r\n")
    out, status = sh("run --rm -i --network n redis:7 sh -c "
                     "\"printf 'PING\\nECHO hi\\n' | redis-cli -h cache\"")
    assert (out, status) == ("PONG\nhi\n", 0)


def test_inline_commands_over_nc(sh):
    out, status = sh("run --rm --network n alpine sh -c \"printf 'PING\\r\\n' | nc cache 6379\"")
    assert status == 0 and out.endswith("+PONG\r\n")


def test_data_outlives_the_container_in_its_volume_when_it_stops():
    sh = Session(Engine.deterministic()).execute
    sh("run -d --name r1 -v keep:/data redis:7")
    sh("exec r1 redis-cli SET k v")
    sh("exec r1 redis-cli RPUSH q 1 2")
    assert sh("stop r1") == ("r1\n", 0)
    log = sh("logs r1")[0].splitlines()
    assert [line.split(" ", 6)[-1] for line in log[-4:]] == [
        "User requested shutdown...", "Saving the final RDB snapshot before exiting.",
        "DB saved on disk", "Redis is now ready to exit, bye bye..."]
    assert log[-5].startswith("1:signal-handler (") and log[-5].endswith(
        ") Received SIGTERM scheduling shutdown...")
    sh("run -d --name r2 -v keep:/data redis:7")
    assert sh("exec r2 redis-cli LRANGE q 0 -1") == ("1\n2\n", 0)
    assert "* Done loading RDB, keys loaded: 2, keys expired: 0." in sh("logs r2")[0]
    sh("rm -f r2")  # SIGKILL: no chance to save what came after
    sh("run -d --name r3 -v keep:/data redis:7")
    assert sh("exec r3 redis-cli GET k") == ("v\n", 0)


def test_rdb_round_trip_keeps_types_and_expiry():
    data = {b"s": b"text", b"n": b"12", b"big": b"70000", b"l": [b"a", b"", b"3"]}
    blob = rdb.dump({0: (data, {b"s": 1_800_000_000_000}), 3: ({b"x": b"1"}, {}), 5: ({}, {})},
                    "7.4.11", 1_796_000_000)
    assert blob.startswith(b"REDIS0012") and blob.endswith(b"\xff" + b"\0" * 8)
    assert rdb.load(blob) == ({0: (data, {b"s": 1_800_000_000_000}), 3: ({b"x": b"1"}, {})},
                             "7.4.11", 1_796_000_000)
    with pytest.raises(rdb.RdbError):
        rdb.load(b"NOTREDIS")


def test_resp_and_reply_formats():
    assert encode_command(["SET", "k", "v"]) == b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"
    assert parse_commands(b"*1\r\n$4\r\nPING\r\nECHO 'a b'\r\n") == ([[b"PING"], [b"ECHO", b"a b"]], None)
    reply = [b"a", None, 3, Status("OK"), Error("ERR x"), []]
    assert parse_reply(encode(reply)) == (reply, len(encode(reply)))
    assert tty_format([b"x"] * 10).splitlines()[0] == ' 1) "x"'
    assert tty_format(b'q"\n') == '"q\\"\\n"'
    assert raw_format([b"a", 1, None]) == "a\n1\n"


def test_info_is_printed_raw_even_on_a_terminal(sh):
    out, status = cli(sh, "INFO", "keyspace", tty=True)
    raw = cli(sh, "INFO", "keyspace")[0]
    assert raw.startswith("# Keyspace\r\ndb0:keys=")
    assert (out.replace("\r", ""), status) == (raw.replace("\r", ""), 0)  # not "quoted"


def test_a_config_file_that_is_not_there_stops_the_server(sh):
    out, status = sh("run --rm redis:7 redis-server /etc/redis.conf")
    assert status == 1
    assert out.endswith("# Fatal error, can't open config file '/etc/redis.conf': No such file "
                        "or directory\n")
    assert cli(sh, "PING", "a", "b") == ("ERR wrong number of arguments for 'ping' command\n", 1)


def test_requirepass_wants_auth_on_each_connection():
    sh = Session(Engine.deterministic()).execute
    sh("network create an")
    sh("run -d --name sec --network an redis:7 redis-server --requirepass s3cret")
    run = "run --rm --network an redis:7 redis-cli -h sec"
    assert sh(f"{run} PING") == ("NOAUTH Authentication required.\n", 1)
    warning = ("Warning: Using a password with '-a' or '-u' option on the command line interface "
               "may not be safe.\n")
    assert sh(f"{run} -a s3cret PING") == (warning + "PONG\n", 0)
    assert sh(f"{run} -a nope PING") == (
        warning + "AUTH failed: WRONGPASS invalid username-password pair or user is disabled.\n"
        "NOAUTH Authentication required.\n", 1)  # a new connection is not the earlier one
    assert sh("run --rm --network an -e REDISCLI_AUTH=s3cret redis:7 redis-cli -h sec SET a 1") \
        == ("OK\n", 0)
    assert sh("run --rm --network an redis:7 redis-cli -h sec AUTH s3cret") == ("OK\n", 0)
    out, status = sh("run --rm --network an redis:7 sh -c "
                     "\"printf 'AUTH s3cret\\nGET a\\n' | redis-cli -h sec\"")
    assert (out, status) == ("OK\n1\n", 0)
    assert sh("exec sec redis-cli AUTH x") == (
        "WRONGPASS invalid username-password pair or user is disabled.\n", 1)


def test_sixteen_databases_select_move_swapdb_and_flush(sh):
    assert cli(sh, "-n", "2", "SET", "d2", "two") == ("OK\n", 0)
    assert cli(sh, "EXISTS", "d2") == ("0\n", 0)  # a new connection starts in database 0
    assert cli(sh, "-n", "2", "GET", "d2") == ("two\n", 0)
    assert cli(sh, "-u", "redis://cache:6379/2", "GET", "d2") == ("two\n", 0)
    assert cli(sh, "-n", "2", "MOVE", "d2", "3") == ("1\n", 0)
    assert cli(sh, "-n", "3", "MOVE", "d2", "3") == ("ERR source and destination objects are the same\n", 1)
    assert cli(sh, "SWAPDB", "3", "4") == ("OK\n", 0)
    assert cli(sh, "-n", "4", "GET", "d2") == ("two\n", 0)
    assert cli(sh, "SELECT", "16") == ("ERR DB index is out of range\n", 1)
    assert cli(sh, "SWAPDB", "x", "1") == ("ERR invalid first DB index\n", 1)
    assert cli(sh, "-n", "99", "PING") == ("SELECT 99 failed: ERR DB index is out of range\n", 1)
    assert "db4:keys=1,expires=0,avg_ttl=0" in cli(sh, "INFO", "keyspace")[0]
    out, _ = sh("run --rm -i --network n redis:7 redis-cli -h cache <<'EOF'\nSELECT 5\nSET k v\nDBSIZE\nEOF")
    assert out == "OK\nOK\n1\n"
    assert cli(sh, "-n", "5", "FLUSHDB") == ("OK\n", 0)
    assert cli(sh, "-n", "4", "DBSIZE") == ("1\n", 0)  # FLUSHDB: one database only
    assert cli(sh, "FLUSHALL", "now") == ("ERR syntax error\n", 1)
    assert cli(sh, "FLUSHALL", "ASYNC") == ("OK\n", 0)
    assert cli(sh, "-n", "4", "DBSIZE") == ("0\n", 0)
    assert cli(sh, "-u", "http://cache", "PING") == ("Invalid URI scheme\n", 1)


def test_databases_other_than_0_are_saved_and_loaded():
    sh = Session(Engine.deterministic()).execute
    sh("run -d --name r1 -v kept:/data redis:7")
    sh("exec r1 redis-cli -n 9 SET nine 9")
    sh("stop r1")
    sh("run -d --name r2 -v kept:/data redis:7")
    assert sh("exec r2 redis-cli -n 9 GET nine") == ("9\n", 0)
    sh("stop r2")
    out, _ = sh("run --name r3 -v kept:/data redis:7 redis-server --databases 4")
    assert "FATAL: Data file was created with a Redis server configured to handle more than 4 " \
           "databases. Exiting\n" in out
