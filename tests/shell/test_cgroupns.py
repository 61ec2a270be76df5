"""--cgroupns host: the container's processes stay in the host's cgroup namespace."""

import pytest


@pytest.fixture(autouse=True)
def images(sh):
    sh("pull -q alpine")


def test_cgroupns_host_shows_the_full_path_and_the_hosts_namespace(sh):
    sh("run -d --name hc --cgroupns host alpine sleep 1000")
    hc = sh("inspect -f '{{.Id}}' hc")[0].strip()
    assert sh("exec hc sh -c 'cat /proc/self/cgroup; readlink /proc/self/ns/cgroup'") == (
        f"0::/system.slice/docker-{hc}.scope\ncgroup:[4026531835]\n", 0)
    assert sh("inspect -f '{{.HostConfig.CgroupnsMode}}' hc") == ("host\n", 0)
    # private (cgroup v2's default): its own scope is the root, and a namespace of its own
    sh("run -d --name pc alpine sleep 1000")
    out = sh("exec pc sh -c 'cat /proc/self/cgroup; readlink /proc/self/ns/cgroup'")[0]
    assert out.startswith("0::/\ncgroup:[") and "4026531835" not in out
    assert sh("inspect -f '{{.HostConfig.CgroupnsMode}}' pc") == ("private\n", 0)
    # a --pid host reader in the host's cgroup namespace reads every path from the root
    assert sh("run --rm --pid host --cgroupns host alpine cat /proc/1/cgroup /proc/905/cgroup") == (
        "0::/init.scope\n0::/system.slice/docker.service\n", 0)


def test_cgroupns_host_mounts_the_hosts_hierarchy(sh):
    sh("run -d --name web --memory 64m alpine sleep 1000")
    web = sh("inspect -f '{{.Id}}' web")[0].strip()
    sh("run -d --name hc --cgroupns host alpine sleep 1000")
    hc = sh("inspect -f '{{.Id}}' hc")[0].strip()
    assert sh("exec hc ls /sys/fs/cgroup")[0].split() == [
        "cgroup.controllers", "cgroup.max.depth", "cgroup.max.descendants", "cgroup.procs",
        "cgroup.subtree_control", "cpuset.cpus.effective", "cpuset.mems.effective",
        "init.scope", "system.slice", "user.slice"]
    assert sh("exec hc ls /sys/fs/cgroup/system.slice")[0].split() == sorted([
        "cgroup.controllers", "cgroup.procs", "cgroup.subtree_control", "cgroup.type",
        "containerd.service", "docker.service", "systemd-journald.service",
        f"docker-{web}.scope", f"docker-{hc}.scope"])
    # no limits on the root; each container's own at its scope
    assert sh("exec hc cat /sys/fs/cgroup/memory.max") == (
        "cat: can't open '/sys/fs/cgroup/memory.max': No such file or directory\n", 1)
    assert sh(f"exec hc cat /sys/fs/cgroup/system.slice/docker-{web}.scope/memory.max "
              f"/sys/fs/cgroup/system.slice/docker-{hc}.scope/memory.max") == ("67108864\nmax\n", 0)
    # cgroup.procs: PIDs in the reader's PID namespace, 0 for a process outside it
    assert sh(f"exec hc cat /sys/fs/cgroup/system.slice/docker-{web}.scope/cgroup.procs "
              "/sys/fs/cgroup/init.scope/cgroup.procs") == ("0\n0\n", 0)
    assert sh(f"exec hc cat /sys/fs/cgroup/system.slice/docker-{hc}.scope/cgroup.procs")[0].startswith("1\n")
    web_pid = sh("inspect -f '{{.State.Pid}}' web")[0].strip()
    assert sh(f"run --rm --pid host --cgroupns host alpine cat /sys/fs/cgroup/system.slice/"
              f"docker-{web}.scope/cgroup.procs /sys/fs/cgroup/init.scope/cgroup.procs") == (
        f"{web_pid}\n1\n", 0)
    # a private namespace still sees only its own cgroup as the root
    assert sh("exec web ls /sys/fs/cgroup/system.slice") == (
        "ls: /sys/fs/cgroup/system.slice: No such file or directory\n", 1)
    assert sh("exec web cat /sys/fs/cgroup/memory.max") == ("67108864\n", 0)


def test_cgroupns_mode_checked_by_the_daemon(sh):
    from engine.errors import InvalidParameter
    engine = sh.__self__.engine
    with pytest.raises(InvalidParameter, match="^invalid cgroup namespace mode: bogus$"):
        engine.create("alpine", ["true"], cgroupns_mode="bogus")
