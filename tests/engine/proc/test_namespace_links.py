"""/proc/PID/ns: processes are in the same namespace exactly when the links read the same."""

import pytest

from engine import Engine


@pytest.fixture
def engine():
    e = Engine.deterministic()
    e.pull("alpine")
    e.run("alpine", ["sleep", "3600"], name="box")
    return e


def links(engine, name):
    out = engine.exec(name, ["sh", "-c", "for n in /proc/self/ns/*; do echo ${n##*/} $(readlink $n); done"])
    return dict(line.split() for line in out.stdout.splitlines())


def test_a_container_has_its_own_namespaces_and_the_hosts_user_and_time(engine):
    box = links(engine, "box")
    assert sorted(box) == ["cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time",
                           "time_for_children", "user", "uts"]
    assert box["user"] == "user:[4026531837]" and box["time"] == "time:[4026531834]"
    assert box["pid_for_children"] == box["pid"]
    own = [box[k] for k in ("cgroup", "ipc", "mnt", "net", "pid", "uts")]
    assert len(set(own)) == 6 and all(int(v.split("[")[1][:-1]) >= 4026532000 for v in own)
    assert engine.exec("box", ["readlink", "/proc/1/ns/net"]).stdout == box["net"] + "\n"
    other = engine.run("alpine", ["sleep", "3600"], name="other")
    assert not set(own) & set(links(engine, other.name).values())


def test_joined_namespaces_read_the_same(engine):
    box = links(engine, "box")
    engine.run("alpine", ["sleep", "3600"], name="side", pid_mode="container:box",
               network="container:box")
    side = links(engine, "side")
    assert side["pid"] == box["pid"] and side["net"] == box["net"]
    assert side["mnt"] != box["mnt"] and side["uts"] != box["uts"]  # a hostname copied, not shared
    engine.run("alpine", ["sleep", "3600"], name="onhost", network="host")
    assert links(engine, "onhost")["net"] == "net:[4026531840]"


def test_a_restart_makes_new_namespaces(engine):
    before = links(engine, "box")
    engine.sleep(1)
    engine.restart("box", timeout=0)
    after = links(engine, "box")
    assert before["pid"] != after["pid"] and before["net"] != after["net"]
    assert before["user"] == after["user"]


def test_proc_entries_have_size_zero_as_ls_shows_them(engine):
    out = engine.exec("box", ["ls", "-l", "/proc/self/ns/net", "/proc/self/status"]).stdout
    assert [line.split()[4] for line in out.splitlines()] == ["0", "0"]


def test_sethostname_needs_cap_sys_admin_and_changes_only_the_uts_namespace(engine):
    script = "hostname renamed && hostname && uname -n && cat /etc/hostname"
    c = engine.run("alpine", ["sleep", "3600"], name="admin", cap_add=["SYS_ADMIN"])
    out = engine.exec("admin", ["sh", "-c", script]).output
    assert out == f"renamed\nrenamed\n{c.id[:12]}\n"  # the file Docker wrote keeps the old name
    assert engine.exec("box", ["hostname"]).output == engine.container("box").id[:12] + "\n"
    engine.run("alpine", ["sleep", "3600"], name="user", cap_add=["SYS_ADMIN"], user="1000")
    assert engine.exec("user", ["hostname", "x"]).output == "hostname: sethostname: Operation not permitted\n"
