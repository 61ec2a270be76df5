"""Commands as a user types them: outputs, error texts and exit statuses."""

import json


def test_run_detached_prints_the_full_id_and_ps_lists_it(session, sh):
    sh("pull busybox")
    out, status = sh("run -d --name web busybox sleep 300")
    cid = out.strip()
    assert status == 0 and len(cid) == 64 and all(c in "0123456789abcdef" for c in cid)
    session.engine.sleep(180)
    out, _ = sh("ps")
    assert out.splitlines() == [
        "CONTAINER ID   IMAGE     COMMAND       CREATED         STATUS         PORTS     NAMES",
        f"{cid[:12]}   busybox   \"sleep 300\"   3 minutes ago   Up 3 minutes             web",
    ]
    assert sh("ps -q") == (cid[:12] + "\n", 0)
    assert sh("ps -q --no-trunc") == (cid + "\n", 0)


def test_run_pulls_a_missing_image_first(sh):
    out, status = sh("run busybox echo hi")
    assert status == 0
    assert out.startswith("Unable to find image 'busybox:latest' locally\n"
                          "latest: Pulling from library/busybox\n")
    # (run writes the pull to stderr and, unlike pull, leaves out the reference line)
    assert out.endswith("Status: Downloaded newer image for busybox:latest\nhi\n")


def test_run_failures_use_dockers_words_and_codes(sh):
    sh("pull alpine")
    out, status = sh("run alpine nosuchprogram")
    assert status == 127
    assert out.startswith("crsim-shell: Error response from daemon: failed to create task for "
                          "container: failed to create shim task: OCI runtime create failed:")
    assert out.endswith('exec: "nosuchprogram": executable file not found in $PATH: unknown\n\n'
                        "Run 'crsim-shell run --help' for more information\n")
    out, status = sh("run -m 1m alpine true")
    assert status == 125 and "Minimum memory limit allowed is 6MB" in out
    out, status = sh("run nosuchimage")
    assert status == 125
    assert out.splitlines()[:2] == [
        "Unable to find image 'nosuchimage:latest' locally",
        "crsim-shell: Error response from daemon: pull access denied for nosuchimage, repository "
        "does not exist or may require 'docker login': denied: requested access to the "
        "resource is denied"]


def test_missing_container_errors_and_exit_status(sh):
    assert sh("stop web") == ("Error response from daemon: No such container: web\n", 1)
    assert sh("rm a1 b2") == ("Error response from daemon: No such container: a1\n"
                              "Error response from daemon: No such container: b2\n", 1)


def test_a_rejected_command_leaves_the_engine_unchanged(session, sh):
    sh("pull busybox")
    sh("run -d --name web busybox sleep 300")
    before = [(c.id, c.name, c.state.status) for c in session.engine.containers]
    events = len(session.engine.events)
    for line in ["run --nmae x busybox", "run -d --name web busybox", "rm web",
                 "rename web web", "kill -s NOPE web", "pause nope", "run -p abc busybox"]:
        out, status = sh(line)
        assert status != 0 and out.count("\n") >= 1, line
    assert [(c.id, c.name, c.state.status) for c in session.engine.containers] == before
    assert len(session.engine.events) == events


def test_stop_kill_pause_statuses(session, sh):
    sh("pull busybox")
    sh("run -d --name web busybox sleep 1000")
    assert sh("pause web") == ("web\n", 0)
    session.engine.sleep(120)
    assert "Up 2 minutes (Paused)" in sh("ps")[0]
    sh("unpause web")
    assert sh("stop -t 3 web") == ("web\n", 0)
    session.engine.sleep(5)
    assert "Exited (137) 5 seconds ago" in sh("ps -a")[0]
    out, status = sh("kill web")
    assert status == 1 and out == (f"Error response from daemon: Cannot kill container: web: "
                                   f"Container {session.engine.container('web').id} is not running\n")


def test_ps_filters_last_and_latest(sh):
    sh("pull busybox")
    sh("run -d --name one busybox sleep 100")
    sh("run --name two busybox true")
    sh("create --name three busybox")
    assert sh("ps -a --format '{{.Names}}'")[0] == "three\ntwo\none\n"
    assert sh("ps -f status=exited --format '{{.Names}}'")[0] == "two\n"
    assert sh("ps -f name=o --format '{{.Names}}'")[0] == "two\none\n"
    assert sh("ps -n 2 --format '{{.Names}}'")[0] == "three\ntwo\n"
    assert sh("ps -l --format '{{.Names}}'")[0] == "three\n"
    assert sh("ps --format 'table {{.Names}}\\t{{.Status}}'")[0] == "NAMES     STATUS\none       Up Less than a second\n"


def test_inspect_is_a_json_array_with_dockers_fields(session, sh):
    sh("pull nginx")
    sh("create --name web nginx")
    out, status = sh("inspect web")
    doc = json.loads(out)
    assert status == 0 and isinstance(doc, list) and len(doc) == 1
    c = doc[0]
    assert list(c)[:5] == ["Id", "Created", "Path", "Args", "State"]
    assert c["Name"] == "/web" and c["Path"] == "/docker-entrypoint.sh"
    assert c["Args"] == ["nginx", "-g", "daemon off;"]
    assert c["State"]["Status"] == "created" and c["State"]["StartedAt"] == "0001-01-01T00:00:00Z"
    assert c["GraphDriver"]["Name"] == "overlay2"
    assert set(c["GraphDriver"]["Data"]) == {"LowerDir", "MergedDir", "UpperDir", "WorkDir"}
    assert c["Config"]["ExposedPorts"] == {"80/tcp": {}}
    assert out.startswith('[\n    {\n        "Id": ')
    out, status = sh("inspect nope")
    assert (out, status) == ("[]\nError: No such object: nope\n", 1)


def test_inspect_format_templates(sh):
    sh("pull busybox")
    sh("run -d --name web busybox sleep 100")
    assert sh("inspect -f '{{.State.Status}} {{.State.Running}}' web") == ("running true\n", 0)
    out, _ = sh("inspect -f '{{json .Config.Cmd}}' web")
    assert out == '["sleep","100"]\n'


def test_logs_tail_and_timestamps(sh):
    sh("pull busybox")
    sh("run --name echoer busybox echo one")
    assert sh("logs echoer")[0] == "one\n"
    out, _ = sh("logs -t echoer")
    assert out.startswith("2026-12-01T09:00:00.") and out.endswith("Z one\n")
    assert sh("logs --tail 0 echoer")[0] == ""


def test_images_table_and_quiet(sh):
    sh("pull busybox")
    out, _ = sh("images")
    header, row = out.splitlines()
    assert header == "REPOSITORY   TAG       IMAGE ID       CREATED       SIZE"
    repo, tag, image_id, *_ = row.split()
    assert (repo, tag, len(image_id)) == ("busybox", "latest", 12)
    assert row.endswith("   2 years ago   4.27MB")
    assert sh("images -q")[0] == image_id + "\n"


def test_diff_after_changes(session, sh):
    sh("pull alpine")
    sh("create --name box alpine")
    fs = session.engine.container("box").fs
    fs.write("/root/notes.txt", b"hi")
    fs.unlink("/etc/motd")
    assert sh("diff box")[0] == "C /etc\nD /etc/motd\nC /root\nA /root/notes.txt\n"


def test_help_lists_commands(sh):
    out, status = sh("help")
    assert status == 0 and out.startswith("Usage:  crsim-shell [OPTIONS] COMMAND\n")
    assert "  run         Create and run a new container from an image\n" in out
    assert sh("run --help")[0].startswith("Usage:  crsim-shell run [OPTIONS] IMAGE [COMMAND] [ARG...]\n")


def test_trace_shows_linux_operations(session, sh):
    session.trace = True
    sh("pull busybox")
    out, _ = sh("run -d --name tracer busybox sleep 5")
    assert "+ clone(CLONE_NEWPID|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWNET|CLONE_NEWIPC|CLONE_NEWCGROUP) = " in out
    assert "+ mount -t overlay overlay -o lowerdir=" in out


def streams(session, line):
    """(stdout, stderr, status) of one command line."""
    _, status = session.execute(line)
    parts = session.last_output.parts
    return ("".join(t for s, t in parts if s == "stdout"),
            "".join(t for s, t in parts if s == "stderr"), status)


def test_container_stderr_stays_stderr_and_a_terminal_merges_both(session, sh):
    sh("pull busybox")
    assert streams(session, "run --name two busybox sh -c 'echo out; echo err >&2'") == \
        ("out\n", "err\n", 0)
    assert streams(session, "logs two") == ("out\n", "err\n", 0)
    # With -t both go through one terminal, whose line discipline writes \r\n.
    sh("run --name tty -t busybox sh -c 'echo out; echo err >&2'")
    assert streams(session, "logs tty") == ("out\r\nerr\r\n", "", 0)


def test_detached_interactive_terminal_needs_no_terminal_here(session, sh):
    sh("pull busybox")
    out, err, status = streams(session, "run -itd --name itd busybox sh")
    assert status == 0 and len(out.strip()) == 64 and err == ""
    assert streams(session, "run -it busybox sh") == ("", "the input device is not a TTY\n", 1)


def test_tag_reads_no_flags_after_its_first_argument(session, sh):
    sh("pull busybox")
    out, err, status = streams(session, "tag busybox x:1 -f")
    assert status == 1 and err.startswith("crsim-shell: 'crsim-shell tag' requires 2 arguments\n")
