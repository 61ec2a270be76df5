"""What run checks before the program starts, and the prompt's own commands refusing bad input."""

import pytest


@pytest.fixture(autouse=True)
def images(sh):
    sh("pull -q alpine")


def test_inspect_finds_volumes_and_run_checks_what_runc_checks(sh):
    sh("volume create vv")
    assert sh("inspect -f '{{.Name}} {{.Driver}}' vv") == ("vv local\n", 0)
    assert sh("inspect --type volume -f '{{.Scope}}' vv") == ("local\n", 0)
    out, status = sh("run -u notme alpine true")
    assert status == 125 and "unable to find user notme: no matching entries in passwd file: unknown" in out
    out, status = sh("run -w /etc/os-release alpine true")
    assert status == 125 and 'chdir to cwd ("/etc/os-release") set in config.json failed: not a directory' in out
    assert sh("run --rm -u 1234 alpine id -u") == ("1234\n", 0)  # a numeric uid needs no passwd entry
    before = sh("ps -a -q")[0]
    assert sh("run --rm --name gone alpine nosuchprog")[1] == 127
    assert sh("ps -a -q")[0] == before  # --rm: a start that failed leaves no container


def test_prompt_sleep_refuses_endless_time(sh):
    assert sh("sleep inf") == ("sleep: invalid time interval 'inf' (0 to 315360000 seconds)\n", 1)
    assert sh("sleep 1e308")[1] == 1
    assert sh("ps -q") == ("", 0)  # the engine is still fine


def test_add_host_dns_and_expose(sh):
    hosts = sh("run --rm --add-host db:10.0.0.5 --add-host gw:host-gateway alpine cat /etc/hosts")[0]
    assert "10.0.0.5\tdb\n172.17.0.1\tgw\n" in hosts
    resolv = sh("run --rm --dns 1.1.1.1 --dns-search example.com alpine cat /etc/resolv.conf")[0]
    assert "nameserver 1.1.1.1\nsearch example.com\n" in resolv
    assert resolv.endswith("# Overrides: [nameservers search]\n")
    sh("run -d --name ex --expose 7000 --expose 8000-8001/udp alpine sleep 100")
    assert sh("inspect -f '{{json .Config.ExposedPorts}}' ex") == \
        ('{"7000/tcp":{},"8000/udp":{},"8001/udp":{}}\n', 0)
    out, status = sh("run --expose abc alpine true")
    assert status == 125 and "invalid range format for --expose: abc" in out


def test_init_runs_tini_as_pid_1_and_forwards_the_stop_signal(session, sh):
    sh("run -d --name plain alpine sleep 100")
    sh("run -d --name ini --init alpine sleep 100")
    assert sh("exec ini ps -o pid,args")[0].splitlines()[1:3] == ["    1 /sbin/docker-init -- sleep 100",
                                                                 "    2 sleep 100"]
    assert sh("inspect -f '{{.HostConfig.Init}}' ini") == ("true\n", 0)
    engine = session.engine
    for name, status, seconds in (("ini", 143, 1), ("plain", 137, 10)):
        before = engine.clock.now()
        sh(f"stop {name}")
        container = engine.container(name)
        assert container.state.exit_code == status  # sleep as PID 1 ignores SIGTERM; tini passes it on
        assert round(container.state.finished_at - before) <= seconds


def test_log_driver_none_cannot_be_read_and_log_options_are_kept(sh):
    sh("run -d --name nl --log-driver none alpine echo hi")
    assert sh("logs nl") == ("Error response from daemon: configured logging driver does not support reading\n", 1)
    sh("run -d --name jl --log-opt max-size=10m alpine echo hi")
    assert sh("inspect -f '{{json .HostConfig.LogConfig}}' jl") == \
        ('{"Type":"json-file","Config":{"max-size":"10m"}}\n', 0)
    out, status = sh("run --log-driver nope alpine true")
    assert status == 125 and "logger: no log driver named 'nope' is registered" in out


def test_capabilities_follow_cap_add_cap_drop_and_privileged(sh):
    def cap_eff(flags):
        return sh(f"run --rm {flags} alpine grep CapEff /proc/self/status")[0]
    assert cap_eff("") == "CapEff:\t00000000a80425fb\n"  # Docker's default set
    assert cap_eff("--cap-add NET_ADMIN") == "CapEff:\t00000000a80435fb\n"
    assert cap_eff("--cap-drop ALL") == "CapEff:\t0000000000000000\n"
    assert cap_eff("--privileged") == "CapEff:\t000001ffffffffff\n"
    assert sh("run --rm --cap-drop CHOWN alpine chown nobody /tmp") == \
        ("chown: /tmp: Operation not permitted\n", 1)
    out, status = sh("run --rm --cap-add NOPE alpine true")
    assert status == 125 and 'unknown capability: "CAP_NOPE"' in out
    # BusyBox's ping needs a raw socket: root with NET_RAW (Docker's default set has it)
    assert sh("run --rm alpine ping -c1 -q 127.0.0.1")[1] == 0
    for flags in ("--cap-drop NET_RAW", "-u nobody"):
        assert sh(f"run --rm {flags} alpine ping -c1 127.0.0.1") == (
            "ping: permission denied (are you root?)\n", 1)


def test_raising_a_hard_limit_needs_cap_sys_resource(sh):
    line = "sh -c 'ulimit -n unlimited; echo rc=$?; ulimit -n'"
    assert sh(f"run --rm alpine {line}") == (
        "sh: error setting limit: Operation not permitted\nrc=1\n1048576\n", 0)
    assert sh(f"run --rm --cap-add SYS_RESOURCE alpine {line}") == ("rc=0\nunlimited\n", 0)
    assert sh(f"run --rm --privileged alpine {line}") == ("rc=0\nunlimited\n", 0)


def test_ulimit_sets_the_limits_the_container_shell_reports(sh):
    assert sh("run --rm alpine sh -c 'ulimit -n; ulimit -s; ulimit -Hs'") == ("1048576\n8192\nunlimited\n", 0)
    assert sh("run --rm --ulimit nofile=1024:2048 alpine sh -c 'ulimit -n; ulimit -Hn'") == ("1024\n2048\n", 0)
    assert sh("run --name lim --ulimit nproc=50 alpine true")[1] == 0
    assert sh("inspect -f '{{json .HostConfig.Ulimits}}' lim") == (
        '[{"Name":"nproc","Hard":50,"Soft":50}]\n', 0)
    out, status = sh("run --ulimit nofile=10:5 alpine true")
    assert status == 125 and "ulimit soft limit must be less than or equal to hard limit: 10 > 5" in out
    out, status = sh("run --ulimit bogus=1 alpine true")
    assert status == 125 and "invalid ulimit type: bogus" in out
    assert sh("run --rm --ulimit core=0 alpine sh -c 'ulimit -a'")[0].startswith(
        "core file size (blocks)         (-c) 0\ndata seg size (kb)              (-d) unlimited\n")


def test_cpuset_cpus_limits_what_nproc_and_proc_status_see(sh):
    assert sh("run --rm --cpuset-cpus 1-2 alpine sh -c 'nproc; grep Cpus_allowed /proc/self/status'") == \
        ("2\nCpus_allowed:\t6\nCpus_allowed_list:\t1-2\n", 0)
    assert sh("run --rm alpine nproc") == ("4\n", 0)
    out, status = sh("run --cpuset-cpus 7 alpine true")
    assert status == 125 and \
        "Error response from daemon: Requested CPUs are not available - requested 7, available: 0-3." in out


def test_security_opt_sets_no_new_privs_and_seccomp(sh):
    def status_of(flags):
        return sh(f"run --rm {flags} alpine grep -E 'NoNewPrivs|Seccomp:' /proc/self/status")[0]
    assert status_of("") == "NoNewPrivs:\t0\nSeccomp:\t2\n"
    assert status_of("--security-opt no-new-privileges") == "NoNewPrivs:\t1\nSeccomp:\t2\n"
    assert status_of("--security-opt seccomp=unconfined --security-opt no-new-privileges:true") == \
        "NoNewPrivs:\t1\nSeccomp:\t0\n"
    assert status_of("--privileged") == "NoNewPrivs:\t0\nSeccomp:\t0\n"
    assert sh("run --name so --security-opt no-new-privileges alpine true")[1] == 0
    assert sh("inspect -f '{{json .HostConfig.SecurityOpt}}' so") == ('["no-new-privileges"]\n', 0)
    for bad, message in (("foo", 'invalid --security-opt 1: "foo"'),
                         ("no-new-privileges=maybe", 'invalid --security-opt 2: "no-new-privileges=maybe"'),
                         ("userns=keep-id", 'invalid --security-opt 2: "userns=keep-id"')):
        out, status = sh(f"run --security-opt {bad} alpine true")
        assert status == 125 and f"Error response from daemon: {message}" in out


def test_sysctl_values_in_proc_sys_and_the_sysctl_applet(sh):
    assert sh("run --rm alpine sysctl net.core.somaxconn net.ipv4.ping_group_range") == \
        ("net.core.somaxconn = 4096\nnet.ipv4.ping_group_range = 0\t2147483647\n", 0)
    assert sh("run --rm --sysctl net.core.somaxconn=1024 alpine cat /proc/sys/net/core/somaxconn") == ("1024\n", 0)
    # /proc/sys is read-only unless the container is privileged
    assert sh("run --rm alpine sysctl -w net.core.somaxconn=10") == \
        ("sysctl: error setting key 'net.core.somaxconn': Read-only file system\n", 1)
    assert sh("run --rm --privileged alpine sh -c 'sysctl -w net.core.somaxconn=10 >/dev/null; "
              "cat /proc/sys/net/core/somaxconn'") == ("10\n", 0)
    assert sh("run --rm alpine sysctl foo.bar") == ("sysctl: error: 'foo/bar' is an unknown key\n", 1)
    assert sh("run --rm --hostname box alpine sysctl -n kernel.hostname") == ("box\n", 0)
    # /proc/sys/kernel/hostname is the UTS namespace's name: sethostname(2) changes it, and a
    # write there is sethostname by another name; /etc/hostname (a file) keeps the old one
    assert sh("run --rm --hostname box --cap-add SYS_ADMIN alpine sh -c "
              "'hostname renamed; cat /proc/sys/kernel/hostname /etc/hostname'") == ("renamed\nbox\n", 0)
    assert sh("run --rm --hostname box --privileged alpine sh -c "
              "'echo other > /proc/sys/kernel/hostname; hostname; sysctl -n kernel.hostname'") == \
        ("other\nother\n", 0)
    # a shell's `>` is a write(2) of the new value (O_TRUNC means nothing to /proc/sys)
    assert sh("run --rm --privileged alpine sh -c 'echo 10 > /proc/sys/net/core/somaxconn; "
              "cat /proc/sys/net/core/somaxconn'") == ("10\n", 0)
    assert sh("run --name sy --sysctl kernel.shmmax=1000 alpine true")[1] == 0
    assert sh("inspect -f '{{json .HostConfig.Sysctls}}' sy") == ('{"kernel.shmmax":"1000"}\n', 0)
    out, status = sh("run --sysctl vm.swappiness=1 alpine true")
    assert status == 125 and "sysctl 'vm.swappiness=1' is not allowed" in out
    out, status = sh("run --network host --sysctl net.core.somaxconn=5 alpine true")
    assert status == 125 and 'sysctl "net.core.somaxconn" not allowed in host network namespace' in out


def test_mac_address_is_the_interfaces_and_kept_in_inspect(sh):
    out, status = sh("run --name mm --mac-address 02:42:AC:11:00:99 alpine ip link show eth0")
    assert status == 0 and "link/ether 02:42:ac:11:00:99 brd ff:ff:ff:ff:ff:ff" in out
    assert sh("inspect -f '{{.NetworkSettings.Networks.bridge.MacAddress}}' mm") == ("02:42:ac:11:00:99\n", 0)
    out, status = sh("run --mac-address 02:42:ac:11:00 alpine true")
    assert status == 125 and out.startswith("crsim-shell: 02:42:ac:11:00 is not a valid mac address\n")


def test_attach_shows_only_the_chosen_streams(sh):
    assert sh("run --rm -a stderr alpine sh -c 'echo out; echo err >&2'") == ("err\n", 0)
    assert sh("run --rm -a STDOUT alpine sh -c 'echo out; echo err >&2'") == ("out\n", 0)
    assert sh("run --name at -a stdout alpine true")[1] == 0
    fields = "{{.Config.AttachStdin}} {{.Config.AttachStdout}} {{.Config.AttachStderr}}"
    assert sh(f"inspect -f '{fields}' at") == ("false true false\n", 0)
    sh("run -d --name dt alpine true")
    assert sh(f"inspect -f '{fields}' dt") == ("false false false\n", 0)


def test_pid_container_joins_the_namespace_and_dies_with_its_init(sh):
    sh("run -d --name web alpine sleep 1000")
    assert sh("run --rm --pid container:web alpine ps -o pid,args") == (
        "PID   COMMAND\n    1 sleep 1000\n    2 ps -o pid,args\n", 0)
    sh("run -d --name side --pid container:web alpine sleep 500")
    out, status = sh("exec web ps -o pid,args")
    assert status == 0 and "    3 sleep 500\n" in out  # web sees side's process, numbered in its namespace
    web_id = sh("inspect -f '{{.Id}}' web")[0].strip()
    # the daemon keeps the joined container by ID (adaptSharedNamespaceContainer)
    assert sh("inspect -f '{{.HostConfig.PidMode}}' side") == (f"container:{web_id}\n", 0)
    sh("stop web")  # init gone: the kernel kills everything in the namespace
    assert sh("ps -a --format '{{.Names}} {{.Status}}' -f name=side")[0].startswith("side Exited (137)")
    out, status = sh("run --pid container:nope alpine true")
    assert (out, status) == ("crsim-shell: Error response from daemon: No such container: nope\n\n"
                             "Run 'crsim-shell run --help' for more information\n", 125)
    sh("create --name late --pid container:web alpine true")  # web has stopped: start refuses
    out, status = sh("start late")
    assert (out, status) == (f"Error response from daemon: failed to join PID namespace: container "
                             f"{web_id} is not running\nError: failed to start containers: late\n", 1)


def test_sysctl_p_reads_settings_files(sh):
    script = ("printf '# comment\\\\nnet.core.somaxconn = 77\\\\n' > /tmp/s.conf; sysctl -p /tmp/s.conf; "
              "sysctl -p /nope; echo rc=$?")
    assert sh(f'run --rm --privileged alpine sh -c "{script}"') == (
        "net.core.somaxconn = 77\nsysctl: /nope: No such file or directory\nrc=0\n", 0)


def test_network_container_joins_the_owners_namespace(sh):
    sh("run -d --name owner -p 8080:9090 alpine sleep 1000")
    listener = ("while true; do echo -e 'HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\nSIDE' "
                "| nc -l -p 9090; done")
    sh(f'run -d --name side --network container:owner alpine sh -c "{listener}"')
    owner_id = sh("inspect -f '{{.Id}}' owner")[0].strip()
    assert sh("inspect -f '{{.HostConfig.NetworkMode}} {{json .NetworkSettings.Networks}}' side") == (
        f"container:{owner_id} {{}}\n", 0)
    # one namespace: the owner's address, host name and files; localhost reaches the member
    assert sh("exec side sh -c 'hostname; ip -4 addr show eth0 | grep -o \"inet [0-9.]*\"'") == (
        f"{owner_id[:12]}\ninet 172.17.0.2\n", 0)
    assert sh("exec owner sh -c 'sleep 1; wget -qO- localhost:9090'") == ("SIDE\n", 0)
    assert sh("ps --format '{{.Names}}|{{.Ports}}'")[0].startswith("side|\nowner|0.0.0.0:8080->9090/tcp")
    out, status = sh("network connect bridge side")
    assert status == 1 and "container sharing network namespace with another container or host " \
                           "cannot be connected to any other network" in out


@pytest.mark.parametrize("flags, what", [
    ("-p 81:81", "port publishing and the container type network mode"),
    ("--hostname x", "hostname and the network mode"),
    ("--dns 1.1.1.1", "dns and the network mode"),
    ("--add-host a:1.2.3.4", "custom host-to-IP mapping and the network mode"),
    ("--expose 81", "port exposing and the container type network mode"),
])
def test_network_container_refuses_what_belongs_to_the_owner(sh, flags, what):
    sh("run -d --name owner alpine sleep 1000")
    out, status = sh(f"run --rm --network container:owner {flags} alpine true")
    assert status == 125 and f"Error response from daemon: conflicting options: {what}" in out


def test_network_container_needs_a_running_owner(sh):
    out, status = sh("run --rm --network container:nosuch alpine true")
    assert status == 125 and \
        "joining network namespace of container: No such container: nosuch" in out
    sh("run --name owner alpine true")
    out, status = sh("run --rm --network container:owner alpine true")
    assert status == 125 and ("cannot join network namespace of a non running container: "
                              "container owner is exited") in out


def test_ipc_and_shm_size_make_dev_shm(sh):
    assert sh("run --rm alpine sh -c 'df -k /dev/shm | tail -1; grep /dev/shm /proc/mounts'") == (
        "shm                      65536         0     65536   0% /dev/shm\n"
        "shm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k,inode64 0 0\n", 0)
    assert sh("run --rm --shm-size 1g alpine grep -o 'size=[0-9]*k' /proc/mounts")[0].endswith(
        "size=1048576k\n")
    assert sh("run --rm --ipc none alpine grep -c /dev/shm /proc/mounts") == ("0\n", 1)
    out, status = sh("run --rm --shm-size x alpine true")
    assert status == 125 and 'invalid argument "x" for "--shm-size" flag: invalid size: \'x\'' in out
    out, status = sh("run --rm --ipc bogus alpine true")
    assert status == 125 and "Error response from daemon: invalid IPC mode: bogus" in out


def test_ipc_container_shares_a_shareable_dev_shm(sh):
    sh("run -d --name donor --ipc shareable alpine sh -c 'echo shared > /dev/shm/note; sleep 100'")
    assert sh("run --rm --ipc container:donor alpine cat /dev/shm/note") == ("shared\n", 0)
    assert sh("inspect -f '{{.HostConfig.IpcMode}} {{.HostConfig.ShmSize}}' donor") == (
        "shareable 67108864\n", 0)
    sh("run -d --name private alpine sleep 100")
    private = sh("inspect -f '{{.Id}}' private")[0].strip()
    out, status = sh("run --rm --ipc container:private alpine true")
    assert status == 125 and (f"Error response from daemon: failed to join IPC namespace: container "
                              f"{private}: non-shareable IPC (hint: use IpcMode:shareable "
                              "for the donor container)\n") in out


def test_pid_host_sees_the_host_process_table_and_signals_across(sh):
    sh("run -d --name web alpine sleep 1000")
    web_pid, shim = sh("inspect -f '{{.State.Pid}}' web")[0].strip(), int(sh("inspect -f '{{.State.Pid}}' web")[0]) - 1
    out, status = sh("run --rm --pid host alpine ps -o pid,ppid,args")
    rows = [line.split(None, 2) for line in out.splitlines()[1:]]
    assert status == 0 and rows[0] == ["1", "0", "/lib/systemd/systemd --system --deserialize 17"]
    assert ["905", "1", "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock"] in rows
    assert [web_pid, str(shim), "sleep 1000"] in rows  # web's PID 1 by its host PID, under its shim
    assert any(r[0] == str(shim) and r[2].startswith("/usr/bin/containerd-shim-runc-v2 -namespace moby -id ")
               for r in rows)
    # not the namespace's init: its PID is the host's, its parent the shim; the host's PID namespace
    out, status = sh("run --rm --pid host alpine sh -c 'echo $$ $PPID; readlink /proc/self/ns/pid; readlink /proc/1/ns/pid'")
    me = int(out.split()[0])
    assert out == f"{me} {me - 1}\npid:[4026531836]\npid:[4026531836]\n"
    # each process's cgroup, as the reader's cgroup namespace (its own scope) shows it
    out, status = sh(f"run --rm --pid host alpine sh -c 'cat /proc/1/cgroup /proc/905/cgroup "
                     f"/proc/{shim}/cgroup /proc/{web_pid}/cgroup /proc/self/cgroup'")
    web_id = sh("inspect -f '{{.Id}}' web")[0].strip()
    assert out == ("0::/../../init.scope\n0::/../docker.service\n0::/../containerd.service\n"
                   f"0::/../docker-{web_id}.scope\n0::/\n")
    assert sh("run --rm --pid host alpine kill 905") == (
        "kill: can't kill pid 905: Operation not permitted\n", 1)  # the host's services: not simulated
    assert sh(f"run --rm --pid host alpine kill -9 {web_pid}") == ("", 0)  # SIGKILL from the parent namespace
    assert sh("ps -a --format '{{.Names}} {{.Status}}' -f name=web")[0].startswith("web Exited (137)")
    sh("run -d --name hosted --pid host alpine sleep 1000")
    assert sh("inspect -f '{{.HostConfig.PidMode}}' hosted") == ("host\n", 0)
    assert sh("stop hosted") == ("hosted\n", 0)  # sleep is no init here: SIGTERM ends it at once
    assert sh("ps -a --format '{{.Status}}' -f name=hosted")[0].startswith("Exited (143)")


def test_ipc_uts_and_userns_host(sh):
    out, status = sh("run --rm --ipc host alpine sh -c 'touch /dev/shm/h; grep shm /proc/mounts; "
                     "readlink /proc/self/ns/ipc'")
    assert (out, status) == ("tmpfs /dev/shm tmpfs rw,nosuid,nodev,inode64 0 0\nipc:[4026531839]\n", 0)
    assert sh("run --rm --ipc host alpine ls /dev/shm") == ("h\n", 0)  # the host's, shared by all
    assert sh("run --rm alpine ls /dev/shm") == ("", 0)
    out, status = sh("run --name uu --uts host alpine sh -c 'hostname; cat /etc/hostname; readlink "
                     "/proc/self/ns/uts; hostname other'")
    short = sh("inspect -f '{{.Config.Hostname}}' uu")[0]
    assert (out, status) == (f"crsim-host\n{short}uts:[4026531838]\n"
                             "hostname: sethostname: Operation not permitted\n", 1)
    assert sh("run --rm --uts host -h name alpine true") == (
        "crsim-shell: Error response from daemon: conflicting options: hostname and the UTS mode\n\n"
        "Run 'crsim-shell run --help' for more information\n", 125)
    sh("create --name all --ipc host --uts host --userns host alpine true")
    assert sh("inspect -f '{{.HostConfig.IpcMode}} {{.HostConfig.UTSMode}} {{.HostConfig.UsernsMode}}' all") == (
        "host host host\n", 0)
    for flag, message in (("--uts x", "--uts: invalid UTS mode"), ("--userns x", "--userns: invalid USER mode"),
                          ("--pid x", "--pid: invalid PID mode")):
        assert sh(f"run {flag} alpine true") == (
            f"crsim-shell: {message}\n\nRun 'crsim-shell run --help' for more information\n", 125)


def test_pull_policy_quiet_cidfile_labels_and_unsimulated_options(sh, tmp_path):
    assert sh("run -q --rm --pull always alpine echo hi") == ("hi\n", 0)  # no pull progress
    out, status = sh("run --rm --pull never nosuchimage true")
    assert status == 125 and "No such image: nosuchimage:latest" in out
    cid, labels = tmp_path / "cid", tmp_path / "labels"
    labels.write_text("a=1\n# a comment\n\nb=2\n")
    sh(f"run --cidfile {cid} --label-file {labels} -l c=3 --annotation x=y --name lab alpine true")
    assert cid.read_text() == sh("inspect -f '{{.Id}}' lab")[0].strip()
    assert sh("inspect -f '{{json .Config.Labels}} {{json .HostConfig.Annotations}}' lab") == (
        '{"a":"1","b":"2","c":"3"} {"x":"y"}\n', 0)
    out, status = sh(f"run --cidfile {cid} alpine true")
    assert status == 125 and "container ID file found, make sure the other container isn't " \
                             f"running or delete {cid}" in out
    assert sh("run --rm --gpus all alpine true") == (
        "crsim-shell: crsim does not simulate --gpus\n\nRun 'crsim-shell run --help' for more "
        "information\n", 125)
    assert sh("ps") == ("CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n", 0)


def test_group_add_and_the_credentials_in_proc_status(sh):
    assert sh("run --rm -u nobody --group-add wheel --group-add 1234 alpine id") == (
        "uid=65534(nobody) gid=65534(nobody) groups=65534(nobody),10(wheel),1234\n", 0)
    assert sh("run --rm -u nobody --group-add wheel alpine grep -E '^(Uid|Groups|CapEff)' "
              "/proc/self/status") == (
        "Uid:\t65534\t65534\t65534\t65534\nGroups:\t10 \nCapEff:\t0000000000000000\n", 0)
    assert sh("run --rm alpine grep Groups /proc/self/status") == (
        "Groups:\t0 1 2 3 4 6 10 11 20 26 27 \n", 0)
    out, status = sh("run --rm --group-add nosuch alpine id")
    assert status == 125 and "unable to find group nosuch: no matching entries in group file" in out
    assert sh("run --name ga --group-add audio alpine true")[1] == 0
    assert sh("inspect -f '{{.HostConfig.GroupAdd}}' ga") == ("[audio]\n", 0)


def test_cpu_period_and_quota_make_cpu_max(sh):
    sh("run -d --name quota --cpu-quota 50000 --cpu-period 200000 alpine sh -c 'while :; do :; done'")
    sh("sleep 2")
    assert sh("stats --no-stream --format '{{.CPUPerc}}' quota") == ("25.00%\n", 0)
    assert sh("exec quota cat /sys/fs/cgroup/cpu.max") == ("50000 200000\n", 0)
    assert sh("exec quota grep nr_periods /sys/fs/cgroup/cpu.stat") == ("nr_periods 10\n", 0)
    assert sh("inspect -f '{{.HostConfig.CpuPeriod}} {{.HostConfig.CpuQuota}}' quota") == (
        "200000 50000\n", 0)
    for flags, message in (("--cpus 1 --cpu-quota 5000", "Conflicting options: Nano CPUs and CPU "
                            "Quota cannot both be set"),
                           ("--cpu-period 10", "CPU cfs period can not be less than 1ms (i.e. "
                            "1000) or larger than 1s (i.e. 1000000)"),
                           ("--cpu-quota 10", "CPU cfs quota can not be less than 1ms (i.e. 1000)")):
        out, status = sh(f"run --rm {flags} alpine true")
        assert status == 125 and f"Error response from daemon: {message}" in out


def test_memory_swap_reservation_and_oom_options(sh):
    assert sh("run --rm -m 64m --memory-swap 128m --memory-reservation 32m --oom-score-adj 500 "
              "alpine sh -c 'cat /sys/fs/cgroup/memory.swap.max /sys/fs/cgroup/memory.low "
              "/proc/self/oom_score_adj'") == ("67108864\n33554432\n500\n", 0)
    assert sh("run --rm -m 64m --memory-swap -1 alpine cat /sys/fs/cgroup/memory.swap.max") == (
        "max\n", 0)
    # cgroup v2 has neither: the daemon warns and discards them
    assert sh("run --rm --oom-kill-disable --memory-swappiness 10 alpine true") == (
        "WARNING: Your kernel does not support memory swappiness capabilities or the cgroup is "
        "not mounted. Memory swappiness discarded.\nWARNING: Your kernel does not support "
        "OomKillDisable. OomKillDisable discarded.\n", 0)
    sh("run --name mm -m 64m --memory-swap 128m --memory-reservation 32m --oom-score-adj -5 alpine true")
    assert sh("inspect -f '{{.HostConfig.MemorySwap}} {{.HostConfig.MemoryReservation}} "
              "{{.HostConfig.OomScoreAdj}} {{.HostConfig.OomKillDisable}}' mm") == (
        "134217728 33554432 -5 <nil>\n", 0)
    for flags, message in (
            ("-m 64m --memory-swap 32m", "Minimum memoryswap limit should be larger than memory "
                                         "limit, see usage"),
            ("--memory-swap 64m", "You should always set the Memory limit when using Memoryswap "
                                  "limit, see usage"),
            ("-m 64m --memory-reservation 128m", "Minimum memory limit can not be less than "
                                                 "memory reservation limit, see usage"),
            ("--oom-score-adj 2000", "Invalid value 2000, range for oom score adj is [-1000, 1000]")):
        out, status = sh(f"run --rm {flags} alpine true")
        assert status == 125 and f"Error response from daemon: {message}" in out


def test_joined_containers_are_looked_up_ipc_first_and_not_with_host_or_privileged(sh):
    # create.go generateSecurityOpt: the --ipc container first, then the --pid one
    assert sh("run --ipc container:a --pid container:b alpine true") == (
        "crsim-shell: Error response from daemon: No such container: a\n\n"
        "Run 'crsim-shell run --help' for more information\n", 125)
    out, status = sh("create --security-opt label:disable --pid container:b alpine true")
    assert status == 125 and "No such container: b" in out  # the daemon splits at "=" only
    # skipped with these: the container is created, and start finds the missing one out
    for name, flags in (("priv", "--privileged"), ("hostipc", "--ipc host"),
                        ("lab", "--security-opt label=disable")):
        assert sh(f"create -q --name {name} {flags} --pid container:nope alpine true")[1] == 0
        assert sh(f"inspect -f '{{{{.HostConfig.PidMode}}}}' {name}") == ("container:nope\n", 0)
        assert sh(f"start {name}") == (
            "Error response from daemon: failed to join PID namespace: No such container: nope\n"
            f"Error: failed to start containers: {name}\n", 1)
    sh("create -q --name both --pid host --ipc container:gone alpine true")
    assert sh("start both")[0].startswith(
        "Error response from daemon: failed to join IPC namespace: No such container: gone\n")
    sh("create -q --name two --privileged --pid container:x --ipc container:y alpine true")
    assert sh("start two")[0].startswith(  # at start too: /dev/shm is set up before the spec
        "Error response from daemon: failed to join IPC namespace: No such container: y\n")
    assert sh("run --ipc container: alpine true")[0].startswith(  # GetContainer's words for ""
        'crsim-shell: Error response from daemon: invalid name or ID supplied: ""\n')
    sh("run -d --name nope alpine sleep 100")  # a name found now is joined by that name
    assert sh("start priv") == ("priv\n", 0)


def test_an_orphan_is_adopted_by_its_namespace_init_or_under_pid_host_by_the_shim(sh):
    # the kernel's find_new_reaper: a subreaper only within the orphan's PID namespace
    sh("run -d --name orph alpine sleep 1000")
    sh("exec orph sh -c 'sleep 300 & sleep 1'")
    init = sh("inspect -f '{{.State.Pid}}' orph")[0].strip()
    rows = [line.split(None, 7) for line in sh("top orph")[0].splitlines()[1:]]
    assert [(r[2], r[7]) for r in rows] == [(str(int(init) - 1), "sleep 1000"), (init, "sleep 300")]
    orphan = rows[1][1]
    assert f"  +-sleep({init})[1] 1000\n    +-sleep({orphan})[3] 300\n" in sh("pstree")[0]
    out = sh("run --rm --pid host alpine ps -o pid,ppid,args")[0]
    assert f"{orphan:>5} {init:>5} sleep 300\n" in out  # the host's ps agrees with docker top
    inside = sh("exec orph ps -o pid,ppid,args")[0]  # and so does the container's own ps
    assert "    3     1 sleep 300\n" in inside
    sh("run -d --name hostpid --pid host alpine sleep 1000")
    sh("exec hostpid sh -c 'sleep 300 & sleep 1'")
    shim = str(int(sh("inspect -f '{{.State.Pid}}' hostpid")[0]) - 1)
    assert [r.split(None, 7)[2] for r in sh("top hostpid")[0].splitlines()[1:]] == [shim, shim]


def test_pid_host_proc_follows_births_and_ends(sh):
    sh("run -d --name watcher --pid host alpine sleep 1000")
    script = ("sleep 50 & p=$!; test -d /proc/$p && echo born; grep -c . /proc/$p/cmdline; "
              "kill $p; wait; test -d /proc/$p || echo ended")
    assert sh(f"exec watcher sh -c '{script}'") == ("born\n1\nended\n", 0)
    before = sh("exec watcher ls /proc")[0].split()
    sh("run -d --name late alpine sleep 1000")
    late = sh("inspect -f '{{.State.Pid}}' late")[0].strip()
    after = sh("exec watcher ls /proc")[0].split()
    assert late in after and late not in before and str(int(late) - 1) in after  # and its shim
    sh("kill late")
    assert late not in sh("exec watcher ls /proc")[0].split()
