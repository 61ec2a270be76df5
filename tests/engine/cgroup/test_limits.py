"""cgroup v2 limits as learners see them: files, throttling, weights, OOM, pids, update."""

import pytest

from engine import Conflict, InvalidParameter

MIB = 1024 * 1024


def cgroup_file(container, name):
    return container.fs.read(f"/sys/fs/cgroup/{name}").decode()


def keyed(text):
    return {k: int(v) for k, v in (line.split() for line in text.splitlines())}


def test_files_show_the_limits_in_kernel_format(engine):
    c = engine.run("stressbox", ["sleep", "1000"], memory=64 * MIB, nano_cpus=500_000_000,
                   pids_limit=100, cpu_shares=512)
    assert cgroup_file(c, "memory.max") == f"{64 * MIB}\n"
    assert cgroup_file(c, "cpu.max") == "50000 100000\n"
    assert cgroup_file(c, "cpu.weight") == "20\n"  # runc 1.2: 1 + (512-2)*9999/262142
    assert cgroup_file(c, "pids.max") == "100\n"
    assert cgroup_file(c, "pids.current") == "1\n"
    d = engine.run("stressbox", ["sleep", "1000"])
    assert cgroup_file(d, "memory.max") == "max\n"
    assert cgroup_file(d, "cpu.max") == "max 100000\n"
    assert cgroup_file(d, "cpu.weight") == "100\n"
    assert cgroup_file(d, "pids.max") == "max\n"
    assert set(keyed(cgroup_file(d, "memory.events"))) == {"low", "high", "max", "oom",
                                                          "oom_kill", "oom_group_kill"}


def test_cgroup_files_are_read_only_inside(engine):
    from engine.vfs.errno import FSError
    c = engine.run("stressbox", ["sleep", "1000"])
    with pytest.raises(FSError) as info:
        c.fs.write("/sys/fs/cgroup/memory.max", b"1")
    assert info.value.strerror("musl") == "Read-only file system"


def test_quota_throttles_two_busy_workers_to_half_a_cpu(engine):
    c = engine.run("stressbox", ["stress", "--cpu", "2"], nano_cpus=500_000_000)
    engine.sleep(10)
    stat = keyed(cgroup_file(c, "cpu.stat"))
    # 0.5 CPU for 10 s, less the millisecond before the forked workers first run
    assert stat["usage_usec"] == pytest.approx(5_000_000, abs=1000)
    assert stat["nr_periods"] in (99, 100) and stat["nr_throttled"] == stat["nr_periods"]
    assert stat["throttled_usec"] > 0
    assert engine.stats(c.id)["cpu_percent"] == pytest.approx(50.0)


def test_one_unlimited_busy_worker_uses_a_whole_cpu(engine):
    c = engine.run("stressbox", ["stress", "--cpu", "1"])
    engine.sleep(4)
    stat = keyed(cgroup_file(c, "cpu.stat"))
    assert stat["usage_usec"] == pytest.approx(4_000_000, abs=1000)
    assert stat["nr_throttled"] == 0
    assert engine.stats(c.id)["cpu_percent"] == pytest.approx(100.0)


def test_weights_split_a_contended_host(one_cpu_engine):
    e = one_cpu_engine
    low = e.run("stressbox", ["stress", "--cpu", "1"], cpu_shares=512)
    high = e.run("stressbox", ["stress", "--cpu", "1"], cpu_shares=1536)
    e.sleep(10)
    low_usage = keyed(cgroup_file(low, "cpu.stat"))["usage_usec"]
    high_usage = keyed(cgroup_file(high, "cpu.stat"))["usage_usec"]
    assert low_usage + high_usage == pytest.approx(10_000_000, abs=2000)  # one CPU, always busy
    assert cgroup_file(high, "cpu.weight") == "59\n" and cgroup_file(low, "cpu.weight") == "20\n"
    assert high_usage / low_usage == pytest.approx(59 / 20, rel=0.001)


def test_stress_vm_over_the_limit_loses_its_worker_to_the_oom_killer(engine):
    c = engine.run("stressbox", ["stress", "--vm", "1", "--vm-bytes", "256M"], memory=64 * MIB)
    engine.sleep(1)
    assert (c.state.status, c.state.exit_code, c.state.oom_killed) == ("exited", 1, True)
    text = "".join(line.text for line in c.logs)
    assert "stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n" in text
    assert "<-- worker 2 got signal 9\n" in text
    assert text.endswith("failed run completed in 0s\n")
    assert c.cgroup.memory_events["oom_kill"] == 1 and c.cgroup.memory_events["oom"] == 1
    actions = [e.action for e in engine.events if e.actor == c.id]
    assert actions[-2:] == ["kill", "die"] or actions[-3:-1] == ["oom", "die"] or "oom" in actions


def test_stress_ng_restarts_its_killed_stressor_and_events_count_every_kill(engine):
    c = engine.run("stressbox", ["stress-ng", "--vm", "1", "--vm-bytes", "100M",
                                 "--timeout", "5s"], memory=64 * MIB)
    engine.sleep(6)
    assert c.state.exit_code == 0 and c.state.oom_killed
    assert c.cgroup.memory_events["oom_kill"] >= 5  # killed, restarted, killed again...


def test_pids_limit_stops_forks_with_eagain(engine):
    from engine.vfs.errno import FSError
    c = engine.run("stressbox", ["sleep", "1000"], pids_limit=3)
    parent = c.main_process.ctx
    children = [parent.start(["sleep", "100"]) for _ in range(2)]
    assert all(child.alive for child in children)
    with pytest.raises(FSError) as info:
        parent.start(["sleep", "100"])
    assert info.value.strerror("glibc") == "Resource temporarily unavailable"
    assert cgroup_file(c, "pids.events") == "max 1\n"
    assert cgroup_file(c, "pids.current") == "3\n"


def test_update_takes_effect_in_the_cgroup_files(engine):
    c = engine.run("stressbox", ["stress", "--cpu", "2"], nano_cpus=500_000_000, memory=64 * MIB)
    engine.update(c.id, nano_cpus=1_500_000_000, pids_limit=50)
    assert cgroup_file(c, "cpu.max") == "150000 100000\n"
    assert cgroup_file(c, "pids.max") == "50\n"
    engine.sleep(2)
    assert engine.stats(c.id)["cpu_percent"] == pytest.approx(150.0)
    with pytest.raises(Conflict) as info:
        engine.update(c.id, memory=512 * MIB)
    assert str(info.value) == (f"Cannot update container {c.id}: Memory limit should be "
                               "smaller than already set memoryswap limit, update the "
                               "memoryswap at the same time")
    assert cgroup_file(c, "memory.max") == f"{64 * MIB}\n"
    update = [e for e in engine.events if e.action == "update"][0]
    assert 'echo "150000 100000" > /sys/fs/cgroup/system.slice/docker-' in update.linux[0]


def test_host_validation_texts(engine):
    with pytest.raises(InvalidParameter) as info:
        engine.create("stressbox", nano_cpus=5 * 10 ** 9)
    assert str(info.value) == ("Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs "
                               "available")
