"""--cpuset-cpus/--cpuset-mems: the daemon's checks, the cgroup files, and CPUs shared only among
the groups pinned to them."""

import pytest

from engine import InvalidParameter
from engine.cgroup.cpuset import format_list, parse_list
from engine.cgroup.fair_share import share


def cgroup_file(container, name):
    return container.fs.read(f"/sys/fs/cgroup/{name}").decode()


def test_lists_parse_and_print_as_the_kernel_does():
    assert parse_list("0-2,4") == {0, 1, 2, 4}
    assert format_list({3, 0, 1, 2, 5}) == "0-3,5"
    assert parse_list("") == frozenset()
    for bad in ("1-0", "a", "1,", "-1", "0-"):
        with pytest.raises(ValueError):
            parse_list(bad)


def test_groups_pinned_to_one_cpu_halve_it_while_others_use_the_rest():
    rates = share(4, {"a": (1, 100, None, {0}), "b": (1, 100, None, {0}), "free": (2, 100, None, None)})
    assert rates == pytest.approx({"a": 0.5, "b": 0.5, "free": 2.0})
    # without cpusets, weights and quotas as before
    assert share(2, {"q": (4, 100, 0.5), "b": (4, 100, None), "c": (1, 300, None)}) == \
        pytest.approx({"q": 0.5, "b": 0.5, "c": 1.0})
    # a group that may use two CPUs gets both, the unpinned one the remaining two
    assert share(4, {"a": (3, 100, None, {0, 1}), "b": (4, 100, None, None)}) == pytest.approx({"a": 2.0, "b": 2.0})


def test_the_daemon_checks_the_sets_against_the_host(engine):
    with pytest.raises(InvalidParameter, match=r"^Requested CPUs are not available - requested 0-9, "
                                               r"available: 0-3\.$"):
        engine.create("alpine", ["true"], cpuset_cpus="0-9")
    with pytest.raises(InvalidParameter, match=r"^Invalid value 1-0 for cpuset cpus\.$"):
        engine.create("alpine", ["true"], cpuset_cpus="1-0")
    with pytest.raises(InvalidParameter, match=r"^Requested memory nodes are not available - requested 1, "
                                               r"available: 0\.$"):
        engine.create("alpine", ["true"], cpuset_mems="1")
    assert engine.list(all=True) == []  # nothing was created


def test_two_containers_pinned_to_cpu_0_share_it_and_update_moves_one(engine):
    a = engine.run("stressbox", ["stress", "--cpu", "1"], cpuset_cpus="0")
    b = engine.run("stressbox", ["stress", "--cpu", "1"], cpuset_cpus="0")
    free = engine.run("stressbox", ["stress", "--cpu", "2"])
    engine.sleep(4)
    assert cgroup_file(a, "cpuset.cpus") == "0\n" and cgroup_file(a, "cpuset.cpus.effective") == "0\n"
    assert cgroup_file(free, "cpuset.cpus") == "\n" and cgroup_file(free, "cpuset.cpus.effective") == "0-3\n"
    assert [engine.stats(c.id)["cpu_percent"] for c in (a, b, free)] == pytest.approx([50.0, 50.0, 200.0])
    engine.update(a.id, cpuset_cpus="0-1")
    engine.sleep(2)
    assert cgroup_file(a, "cpuset.cpus") == "0-1\n"
    assert a.host_config.to_dict()["CpusetCpus"] == "0-1"
    # a now runs on CPU 1 too; b has CPU 0 to itself; `free` keeps what is left
    assert [engine.stats(c.id)["cpu_percent"] for c in (a, b, free)] == pytest.approx([100.0, 100.0, 200.0])
