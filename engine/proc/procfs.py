"""/proc inside a container, made from the simulation's state at each read.

Only the container's own processes appear, numbered as its PID namespace
numbers them; /proc/self is whichever process is reading. Host-wide files
(meminfo, cpuinfo, uptime) show the host, as they do in a real container -
the classic surprise that `free` ignores the memory limit.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional

from .. import host
from ..container.security import Security
from ..vfs.entry import FIFO, FILE, Entry, directory, regular, symlink
from ..vfs.errno import EROFS, FSError
from ..vfs.mounts import Provider, pseudo_root
from ..lazy import LazyModule
from .api import Pipe, decode
from .host_processes import cgroup_namespace_root, cgroup_of, real_process, relative_cgroup
from .scheduler import USER_FRACTION

# /proc/sys and /proc/PID/ns: loaded when a program first looks there
sysctl = LazyModule("engine.proc.sysctl", globals())
namespaces = LazyModule("engine.proc.namespaces", globals())

PER_PROCESS = ("cgroup", "cmdline", "comm", "cwd", "environ", "exe", "fd", "mounts", "ns",
               "oom_score_adj", "root", "stat", "status")
CLOCK_TICKS = 100  # USER_HZ: the unit of /proc/PID/stat's times
GLOBAL = ("cpuinfo", "loadavg", "meminfo", "mounts", "self", "stat", "thread-self", "uptime",
          "version")


def running(process, scheduler) -> bool:
    """On a CPU (or waiting for one): busy computing, or between two requests."""
    process = real_process(process)  # a view from the host's PID namespace: the process
    return process in scheduler.computing or (
        process.wake_at is None and not process.waiting_on and process.gen is None)


def state_letter(process) -> str:
    """The state ps, top and /proc/PID/stat show: T stopped, R running, S asleep."""
    if process.stopped:
        return "T"
    return "R" if running(process, process.ctx.system.runtime.scheduler) else "S"


class ProcFS(Provider):
    def __init__(self, system):
        self.system = system

    def put(self, rel: str, entry: Entry, path: str) -> None:
        """/proc/sys files take writes only where Docker mounts it writable (--privileged);
        a pipe reached through /proc/PID/fd/N (/dev/stdout) takes what is written to it."""
        parts = rel.split("/")
        if len(parts) == 3 and parts[1] == "fd" and entry.kind == FIFO:
            process = self._process(parts[0])
            fd = _pipe_fd(process, parts[2]) if process is not None else None
            if fd is not None:
                if entry.data:
                    _stream(process, fd).write(decode(entry.data))
                return
        found = sysctl.lookup(self.system, rel[4:]) if rel.startswith("sys/") else None
        if not found or found[0] != "file" or entry.kind != FILE:
            return super().put(rel, entry, path)
        host_config = getattr(getattr(self.system, "container", None), "host_config", None)
        if not getattr(host_config, "privileged", False):
            raise FSError(EROFS, path)
        # A /proc/sys file has no bytes to truncate or append to: O_TRUNC does nothing and
        # each write(2) is a new value. The file system hands us the whole file it would
        # make (the value shown, then what an append wrote), so take the written part.
        data, shown = entry.content or b"", (found[1] + "\n").encode()
        if not data:
            return
        if data.startswith(shown) and len(data) > len(shown):
            data = data[len(shown):]
        sysctl.write(self.system, rel[4:], data.decode("utf-8", "replace"))

    # -- the tree ---------------------------------------------------------------
    def _process(self, text: str):
        if not text.isdigit():
            return None
        return next((p for p in self.system.processes() if p.nspid == int(text) and p.alive), None)

    def names(self, rel: str) -> List[str]:
        if rel == "":
            pids = [str(p.nspid) for p in self.system.processes() if p.alive]
            return sorted(pids, key=int) + sorted(GLOBAL + ("net", "sys"))
        if rel == "sys" or rel.startswith("sys/"):
            found = sysctl.lookup(self.system, rel[4:])
            return found[1] if found and found[0] == "dir" else []
        if rel == "net":  # the network namespace's files (engine/network/procnet.py)
            from ..network.procnet import PROC_NET
            return list(PROC_NET)
        parts = rel.split("/")
        if len(parts) == 1 and self._process(parts[0]):
            return list(PER_PROCESS)
        if len(parts) == 2 and parts[1] == "fd" and self._process(parts[0]):
            return ["0", "1", "2"]
        if len(parts) == 2 and parts[1] == "ns" and self._process(parts[0]):
            return list(namespaces.KINDS)
        return []

    def get(self, rel: str) -> Optional[Entry]:
        now = int(self.system.now())
        if rel == "":
            return pseudo_root(now)
        parts = rel.split("/")
        if parts[0] in ("self", "thread-self") and len(parts) == 1:
            current = self.system.current
            return symlink(str(current.nspid if current else 1), mtime=now)
        if parts[0] in ("self", "thread-self"):
            current = self.system.current
            parts[0] = str(current.nspid if current else 1)
        if parts[0] == "net":
            from ..network.procnet import proc_net_entry
            return proc_net_entry(self.system, parts[1:], now)
        if parts[0] == "sys":
            found = sysctl.lookup(self.system, rel[4:])
            if found is None:
                return None
            kind, value = found
            return directory(0o555, mtime=now) if kind == "dir" else regular((value + "\n").encode(), 0o644, mtime=now)
        if len(parts) == 1 and parts[0] in GLOBAL:
            return regular(self._global(parts[0]).encode(), 0o444, mtime=now)
        process = self._process(parts[0])
        if process is None:
            return None
        if len(parts) == 1:
            return directory(0o555, mtime=int(process.started))
        name = parts[1]
        if len(parts) == 2:
            if name == "fd":
                return directory(0o500, mtime=now)
            if name == "ns":
                return directory(0o511, mtime=now)
            if name == "cwd":
                return symlink(process.ctx.cwd, mtime=now)
            if name == "root":
                return symlink("/", mtime=now)
            if name == "exe":
                return symlink(process.path, mtime=now)
            if name in PER_PROCESS:
                return regular(self._per_process(process, name), 0o444, mtime=now)
        if len(parts) == 3 and name == "fd" and parts[2] in ("0", "1", "2"):
            return symlink(fd_target(process, int(parts[2])), mtime=now)
        fd = _pipe_fd(process, parts[2]) if len(parts) == 3 and name == "fd" else None
        if fd is not None:
            return _pipe(process, fd, now)
        if len(parts) == 3 and name == "ns" and parts[2] in namespaces.KINDS:
            return symlink(dict(self._namespaces(process))[parts[2]], mtime=now)
        return None

    def _namespaces(self, process):
        """/proc/PID/ns's links: every process of a container is in its namespaces (the
        process may be another container's: --pid container:NAME, --pid host)."""
        runtime = self.system.runtime
        return namespaces.numbers_of(runtime).links_of(process, runtime)

    # -- contents ---------------------------------------------------------------
    def _per_process(self, process, name: str) -> bytes:
        if name == "cmdline":
            return ("\0".join(process.argv) + "\0").encode()
        if name == "comm":
            return (process.argv[0].rsplit("/", 1)[-1][:15] + "\n").encode()
        if name == "environ":
            return "".join(f"{k}={v}\0" for k, v in process.ctx.env.items()).encode()
        if name == "cgroup":  # cgroup v2, seen from the reader's cgroup namespace
            root = cgroup_namespace_root(self.system.container)
            return f"0::{relative_cgroup(cgroup_of(process), root)}\n".encode()
        if name == "mounts":
            return self._global("mounts").encode()
        if name == "stat":
            return self._stat(process).encode()
        if name == "oom_score_adj":  # --oom-score-adj, which every process of it inherits
            container = getattr(process.ctx.system, "container", None)
            return f"{getattr(getattr(container, 'host_config', None), 'oom_score_adj', 0)}\n".encode()
        return self._status(process).encode()

    def _running(self, process) -> bool:
        return running(process, self.system.runtime.scheduler)

    def _stat(self, process) -> str:
        """proc(5)'s 52 fields; the times in clock ticks."""
        comm = process.argv[0].rsplit("/", 1)[-1][:15]
        state = state_letter(process)
        utime = int(process.cpu_time * USER_FRACTION * CLOCK_TICKS)
        stime = int(process.cpu_time * CLOCK_TICKS) - utime
        start = int((process.started - self.system.boot_time) * CLOCK_TICKS)
        rss_pages = process.rss // 4096
        pid = process.nspid
        tty_nr, tpgid = (PTS0, pid) if process.ctx.tty else (0, -1)  # /dev/pts/0: 136:0
        fields = [pid, f"({comm})", state, process.ppid, pid, pid, tty_nr, tpgid, 4194560,
                  0, 0, 0, 0, utime, stime, 0, 0, 20, 0, 1, 0, start, process.rss * 2,
                  rss_pages, 18446744073709551615, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 17, 0,
                  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        return " ".join(str(field) for field in fields) + "\n"

    def _loadavg(self) -> str:
        """The host's load: the kernel's averages over 1, 5 and 15 minutes of the number
        of runnable tasks, sampled every 5 s; then running/all tasks and the last PID
        (the host's: /proc/loadavg is not namespaced)."""
        runtime = self.system.runtime
        alive = [p for c in runtime.containers for p in c.processes.values() if p.alive]
        runnable = sum(1 for p in alive if running(p, runtime.scheduler))
        loads = runtime.scheduler.load_average(self.system.now(), runnable)
        averages = " ".join(f"{load:.2f}" for load in loads)
        return f"{averages} {max(1, runnable)}/{len(alive)} {runtime.pids._next - 1}\n"

    def _host_stat(self) -> str:
        """proc(5)'s /proc/stat: the host's CPU time in ticks, all CPUs then each one
        (what top and vmstat read). Only simulated programs use the CPUs here."""
        system = self.system
        cpus = system.host_cpus
        runtime = system.runtime
        runtime.scheduler._account(system.now())
        elapsed = max(0.0, system.now() - system.boot_time)
        busy = runtime.scheduler.busy_seconds
        user = int(busy * USER_FRACTION * CLOCK_TICKS)
        sys_ = int(busy * CLOCK_TICKS) - user
        idle = max(0, int(elapsed * cpus * CLOCK_TICKS) - user - sys_)

        def line(name: str, share: int) -> str:
            return (f"{name} {user // share} 0 {sys_ // share} {idle // share} 0 0 0 0 0 0\n")
        lines = [line("cpu ", 1)] + [line(f"cpu{n}", cpus) for n in range(cpus)]
        running = sum(1 for container in runtime.containers
                      for p in container.processes.values() if p.alive and self._running(p))
        lines += ["intr 0\n", "ctxt 0\n", f"btime {int(system.boot_time)}\n",
                  f"processes {runtime.pids._next - 1}\n", f"procs_running {max(1, running)}\n",
                  "procs_blocked 0\n", "softirq 0 0 0 0 0 0 0 0 0 0 0\n"]
        return "".join(lines)

    def _status(self, process) -> str:
        handled = 0
        for signum in process.ctx.extra.get("signals", {}):
            handled |= 1 << (signum - 1)
        state = ("T (stopped)" if process.stopped else
                 "R (running)" if self._running(process) else "S (sleeping)")
        pid, ppid = process.nspid, process.ppid
        host_config = getattr(getattr(process.ctx.system, "container", None), "host_config", None)
        caps = f"{getattr(host_config, 'capabilities', host.DEFAULT_CAPABILITIES):016x}"
        security = getattr(host_config, "security", None) or Security()
        from ..userland.system.tools import identity  # the process's credentials
        who = identity(process.ctx)
        uid, gid = (who.uid, who.gid) if who is not None else (0, 0)
        groups = "".join(f"{g} " for g in sorted(who.groups if who is not None else ())) or " "
        effective = caps if uid == 0 else "0" * 16  # a non-root process has no capabilities
        lines = [
            ("Name", process.argv[0].rsplit("/", 1)[-1][:15]), ("Umask", "0022"),
            ("State", state), ("Tgid", pid), ("Ngid", 0), ("Pid", pid), ("PPid", ppid),
            ("TracerPid", 0), ("Uid", f"{uid}\t{uid}\t{uid}\t{uid}"),
            ("Gid", f"{gid}\t{gid}\t{gid}\t{gid}"), ("FDSize", 64),
            ("Groups", groups), ("NStgid", pid), ("NSpid", pid), ("NSpgid", pid), ("NSsid", pid),
            ("Kthread", 0), ("Threads", 1), ("SigQ", "0/31615"),
            ("SigPnd", "0" * 16), ("ShdPnd", "0" * 16), ("SigBlk", "0" * 16),
            ("SigIgn", "0" * 16), ("SigCgt", f"{handled:016x}"),
            ("CapInh", "0" * 16), ("CapPrm", effective), ("CapEff", effective), ("CapBnd", caps),
            ("CapAmb", "0" * 16), ("NoNewPrivs", int(security.no_new_privileges)),
            ("Seccomp", 2 if security.seccomp else 0), ("Seccomp_filters", int(security.seccomp)),
            *_allowed(getattr(getattr(process.ctx.system, "container", None), "cgroup", None),
                      process.ctx.system.host_cpus),
        ]
        return "".join(f"{key}:\t{value}\n" for key, value in lines)

    def _global(self, name: str) -> str:
        system = self.system
        if name == "mounts":
            return "".join(line + "\n" for line in system.mount_table())
        if name == "meminfo":
            total = system.host_memory // 1024
            used = sum(1 for p in system.processes() if p.alive) * 1024
            free = total - used - 524288
            rows = [("MemTotal", total), ("MemFree", free), ("MemAvailable", free + 262144),
                    ("Buffers", 65536), ("Cached", 196608), ("SwapCached", 0),
                    ("Active", 262144), ("Inactive", 131072), ("SwapTotal", 0), ("SwapFree", 0),
                    ("Shmem", 1024)]
            return "".join(f"{(key + ':').ljust(16)}{value:8d} kB\n" for key, value in rows)
        if name == "cpuinfo":
            blocks = []
            for cpu in range(system.host_cpus):
                blocks.append(
                    f"processor\t: {cpu}\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n"
                    f"model\t\t: 79\nmodel name\t: {host.CPU_MODEL}\ncpu MHz\t\t: 2200.000\n"
                    f"cache size\t: 56320 KB\nphysical id\t: 0\nsiblings\t: {system.host_cpus}\n"
                    f"core id\t\t: {cpu}\ncpu cores\t: {system.host_cpus}\n"
                    f"flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov "
                    f"pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm constant_tsc\n"
                    f"bogomips\t: 4400.00\n")
            return "\n".join(blocks) + "\n"
        if name == "uptime":
            up = system.now() - system.boot_time
            return f"{up:.2f} {up * system.host_cpus * 0.95:.2f}\n"
        if name == "loadavg":
            return self._loadavg()
        if name == "stat":
            return self._host_stat()
        if name == "version":
            return (f"Linux version {host.KERNEL_RELEASE} (crsim@crsim) (gcc (GCC) 13.2.0, "
                    f"GNU ld 2.42) {host.KERNEL_VERSION}\n")
        return ""


def _allowed(cgroup, host_cpus: int):
    """The Cpus_allowed/Mems_allowed lines: the cgroup's cpuset as a hex mask (as wide as the host
    has CPUs; memory nodes as 32 words of 32 bits: distribution kernels allow 1024 nodes)."""
    from ..cgroup.cpuset import format_list
    cpus = getattr(cgroup, "cpus", None) or range(host_cpus)
    mems = getattr(cgroup, "mems", None) or (0,)
    cpu_mask = sum(1 << c for c in cpus)
    mem_mask = sum(1 << m for m in mems)
    return [("Cpus_allowed", f"{cpu_mask:0{(host_cpus + 3) // 4}x}"), ("Cpus_allowed_list", format_list(cpus)),
            ("Mems_allowed", ",".join(f"{(mem_mask >> (32 * word)) & 0xffffffff:08x}" for word in range(31, -1, -1))),
            ("Mems_allowed_list", format_list(mems))]


PTS0 = 136 << 8  # the device number of /dev/pts/0 (major 136), as stat's tty_nr gives it


def _pipe_fd(process, name: str) -> Optional[int]:
    """Which of ``process``'s descriptors is the pipe ``name`` ("pipe:[N]"), if any."""
    if not name.startswith("pipe:["):
        return None
    return next((fd for fd in (0, 1, 2) if fd_target(process, fd) == name), None)


def _pipe(process, fd: int, now: int) -> Entry:
    """The pipe behind a process's descriptor, as stat(2) through its magic link shows
    it: mode 0600, its maker's. A container's stdio belongs to the user runc gave it to
    (gid kept: root's), a pipe a shell in the container made to the shell's user."""
    from ..userland.system.tools import identity
    stream = _stream(process, fd)
    owner = getattr(stream, "owner", None)
    uid = gid = 0
    if owner is not None or isinstance(stream, Pipe):
        who = identity(process.ctx, owner)
        if who is not None:
            uid, gid = who.uid, (0 if owner is not None else who.gid)
    return Entry(FIFO, 0o600, uid, gid, now)


def _stream(process, fd: int):
    return (process.ctx.stdin, process.ctx.stdout, process.ctx.stderr)[fd]


def fd_target(process, fd: int) -> str:
    """Where /proc/PID/fd/N points: the terminal, a file, /dev/null, or a pipe."""
    stream = _stream(process, fd)
    if getattr(stream, "isatty", False):
        return "/dev/pts/0"
    if getattr(stream, "path", None):
        return stream.path
    if getattr(stream, "discards", False):
        return "/dev/null"
    return f"pipe:[{40000 + process.pid * 3 + fd}]"
