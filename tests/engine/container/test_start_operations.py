"""What a start does, in Docker 28's order: runc creates the task (clone into new namespaces,
cgroup, mounts, pivot_root), the daemon then adopts the network namespace runc made and plugs
it in, and only then does PID 1 run its command (the `start` event)."""

from engine import Engine


def operations(engine, start):
    seen = []
    unsubscribe = engine.events.subscribe(lambda event: seen.extend(event.linux))
    container = start()
    unsubscribe()
    return container, seen


def index(ops, prefix):
    return next(i for i, op in enumerate(ops) if op.startswith(prefix))


def test_the_task_is_created_before_its_network_and_runs_after_it():
    engine = Engine.deterministic()
    engine.pull("busybox")
    c, ops = operations(engine, lambda: engine.run("busybox", ["sleep", "9"], name="web",
                                                   publish=["8080:80"]))
    pid, key = c.state.pid, c.network.ns.key
    order = [index(ops, p) for p in (
        "mount -t overlay", f"clone(CLONE_NEWPID|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWNET|CLONE_NEWIPC|CLONE_NEWCGROUP) = {pid}",
        "mkdir /sys/fs/cgroup/", f"echo {pid} > /sys/fs/cgroup/", "pivot_root ",
        f"mount --bind /proc/{pid}/ns/net /var/run/docker/netns/{key}", "ip link add veth",
        "iptables -t nat -A DOCKER", "execve(")]
    assert order == sorted(order)
    lower = c.system.mount_table()[0].split("lowerdir=")[1].split(",")[0]
    assert f"lowerdir={lower}," in ops[order[0]]  # the same layers /proc/mounts shows
    assert not any(op.startswith('echo "" >') for op in ops)  # an unset cpuset is not written


def test_shared_namespaces_are_joined_not_made():
    engine = Engine.deterministic()
    engine.pull("busybox")
    owner = engine.run("busybox", ["sleep", "99"], name="owner")
    _, ops = operations(engine, lambda: engine.run("busybox", ["sleep", "9"], name="side",
                                                   pid_mode="container:owner",
                                                   network="container:owner"))
    clone = next(op for op in ops if op.startswith("clone("))
    assert clone.startswith("clone(CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWCGROUP) = ")
    assert f'setns(open("/proc/{owner.state.pid}/ns/pid"), CLONE_NEWPID)' in ops
    assert f'setns(open("/proc/{owner.state.pid}/ns/net"), CLONE_NEWNET)' in ops
    assert not any(op.startswith(("ip link add", "mount --bind")) for op in ops)
    _, ops = operations(engine, lambda: engine.run("busybox", ["true"], network="host"))
    assert 'setns(open("/var/run/docker/netns/default"), CLONE_NEWNET)' in ops
    _, ops = operations(engine, lambda: engine.run("busybox", ["true"], cgroupns_mode="host"))
    clone = next(op for op in ops if op.startswith("clone("))  # the host's cgroup namespace stays
    assert clone.startswith("clone(CLONE_NEWPID|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWNET|CLONE_NEWIPC) = ")


def test_a_read_only_root_is_remounted_read_only_and_says_so():
    engine = Engine.deterministic()
    engine.pull("busybox")
    c, ops = operations(engine, lambda: engine.run("busybox", ["sleep", "9"], read_only=True))
    assert ops[index(ops, "pivot_root") + 1] == "mount -o remount,ro,bind /"
    assert c.system.mount_table()[0].startswith("overlay / overlay ro,relatime,lowerdir=")
    plain = engine.run("busybox", ["sleep", "9"])
    assert plain.system.mount_table()[0].startswith("overlay / overlay rw,relatime,")
