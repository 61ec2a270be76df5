"""What a container is created with: Docker's Config and HostConfig.

Field names follow `docker inspect` so rendering is a plain mapping. Values
the user did not set come from the image (Env, Cmd, Entrypoint, WorkingDir,
User, ExposedPorts, StopSignal), merged the way the daemon merges them.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Optional, Tuple

from ..host import DEFAULT_CAPABILITIES
from ..record import field, record
from .security import Security
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
RESTART_POLICIES = ("no", "always", "unless-stopped", "on-failure")


@record
class RestartPolicy:
    name: str = "no"
    maximum_retry_count: int = 0

    @classmethod
    def parse(cls, text: str) -> "RestartPolicy":
        from ..errors import InvalidParameter
        name, _, count = text.partition(":")
        if name not in RESTART_POLICIES:
            raise InvalidParameter(f"invalid restart policy: unknown policy '{name}'; use one of "
                                   "'no', 'always', 'on-failure', or 'unless-stopped'")
        if count and name != "on-failure":
            raise InvalidParameter("invalid restart policy: maximum retry count can only be used "
                                   "with 'on-failure'")
        try:
            retries = int(count) if count else 0
        except ValueError:
            raise InvalidParameter("invalid restart policy format: maximum retry count must be "
                                   "an integer") from None
        return cls(name, retries)

    def to_dict(self) -> dict:
        return {"Name": self.name, "MaximumRetryCount": self.maximum_retry_count}


@record
class Resources:
    memory: int = 0  # bytes; 0 = unlimited
    nano_cpus: int = 0  # --cpus 0.5 -> 500000000
    cpu_shares: int = 0
    pids_limit: Optional[int] = None
    cpuset_cpus: str = ""  # --cpuset-cpus as given ("0-1")
    cpuset_mems: str = ""  # --cpuset-mems
    cpu_period: int = 0  # --cpu-period (usec; 0: the kernel's 100 ms)
    cpu_quota: int = 0  # --cpu-quota (usec per period; 0 or -1: no limit)
    memory_reservation: int = 0  # --memory-reservation: memory.low
    memory_swap: int = 0  # --memory-swap as given: 0 (as much swap as memory), -1 (unlimited)


@record
class ContainerConfig:
    image: str  # the reference the user gave
    hostname: str = ""
    domainname: str = ""
    user: str = ""
    env: List[str] = field(default_factory=list)
    cmd: Optional[List[str]] = None
    entrypoint: Optional[List[str]] = None
    working_dir: str = ""
    labels: Dict[str, str] = field(default_factory=dict)
    exposed_ports: Dict[str, dict] = field(default_factory=dict)
    stop_signal: str = ""
    stop_timeout: Optional[int] = None
    tty: bool = False
    open_stdin: bool = False
    attach_stdin: bool = False
    attach_stdout: bool = True
    attach_stderr: bool = True
    healthcheck: Optional[Dict[str, object]] = None  # run's --health-* flags (Docker's JSON keys)
    volumes: Dict[str, dict] = field(default_factory=dict)  # anonymous volumes' paths (-v /path, VOLUME)

    def to_dict(self) -> dict:
        data = {
            "Hostname": self.hostname,
            "Domainname": self.domainname,
            "User": self.user,
            "AttachStdin": self.attach_stdin,
            "AttachStdout": self.attach_stdout,
            "AttachStderr": self.attach_stderr,
        }
        if self.exposed_ports:
            data["ExposedPorts"] = {port: {} for port in self.exposed_ports}
        data.update({
            "Tty": self.tty,
            "OpenStdin": self.open_stdin,
            "StdinOnce": self.open_stdin and self.attach_stdin,
            "Env": list(self.env),
            "Cmd": list(self.cmd) if self.cmd is not None else None,
            **({"Healthcheck": dict(self.healthcheck)} if self.healthcheck else {}),
            "Image": self.image,
            "Volumes": dict(self.volumes) or None,
            "WorkingDir": self.working_dir,
            "Entrypoint": list(self.entrypoint) if self.entrypoint is not None else None,
            "OnBuild": None,
            "Labels": dict(self.labels),
        })
        if self.stop_signal:
            data["StopSignal"] = self.stop_signal
        if self.stop_timeout is not None:
            data["StopTimeout"] = self.stop_timeout
        return data

    def env_dict(self) -> Dict[str, str]:
        result: Dict[str, str] = {}
        for item in self.env:
            key, _, value = item.partition("=")
            result[key] = value
        return result


# The paths runc hides (masked) or makes read-only in every unprivileged container: the
# daemon's defaults, written into HostConfig at create (moby's oci.DefaultLinuxSpec, 28.x).
MASKED_PATHS = ("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                "/sys/firmware", "/sys/devices/virtual/powercap")
READONLY_PATHS = ("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")


@record
class HostConfig:
    restart_policy: RestartPolicy = field(default_factory=RestartPolicy)
    auto_remove: bool = False
    resources: Resources = field(default_factory=Resources)
    network_mode: str = "bridge"
    port_bindings: Dict[str, list] = field(default_factory=dict)
    publish_all_ports: bool = False
    memory_swap: int = 0  # Docker sets twice --memory when only --memory is given
    binds: List[str] = field(default_factory=list)  # -v values
    mounts: List[dict] = field(default_factory=list)  # --mount values (Docker's JSON keys)
    tmpfs: Dict[str, str] = field(default_factory=dict)  # --tmpfs path -> options
    readonly_rootfs: bool = False  # --read-only
    init: bool = False  # --init
    log_driver: str = "json-file"  # --log-driver
    cap_add: List[str] = field(default_factory=list)  # --cap-add
    cap_drop: List[str] = field(default_factory=list)  # --cap-drop
    privileged: bool = False  # --privileged
    ulimits: Dict[str, tuple] = field(default_factory=dict)  # --ulimit name=soft[:hard]
    security_opt: List[str] = field(default_factory=list)  # --security-opt, as given
    sysctls: Dict[str, str] = field(default_factory=dict)  # --sysctl KEY=VALUE
    pid_mode: str = ""  # --pid: "" (its own namespace), host or container:ID
    ipc_mode: str = "private"  # --ipc: private, shareable, none, host or container:ID
    uts_mode: str = ""  # --uts: "" (its own namespace) or host
    userns_mode: str = ""  # --userns: "" or host (the same without userns-remap)
    cgroupns_mode: str = "private"  # --cgroupns: private (cgroup v2's default) or host
    shm_size: int = 64 << 20  # --shm-size: the /dev/shm tmpfs (the daemon's default 64 MiB)
    annotations: Dict[str, str] = field(default_factory=dict)  # --annotation, for the runtime
    group_add: List[str] = field(default_factory=list)  # --group-add: more groups to join
    oom_score_adj: int = 0  # --oom-score-adj: every process's /proc/PID/oom_score_adj
    security: Security = field(default_factory=Security)  # what they mean for the process
    capabilities: int = DEFAULT_CAPABILITIES  # the set all of that gives (capabilities.effective)
    log_options: Dict[str, str] = field(default_factory=dict)  # --log-opt
    extra_hosts: List[str] = field(default_factory=list)  # --add-host NAME:IP
    links: List[Tuple[str, str, str]] = field(default_factory=list)  # --link (container/links.py)
    dns: List[str] = field(default_factory=list)  # --dns
    dns_search: List[str] = field(default_factory=list)  # --dns-search
    dns_options: List[str] = field(default_factory=list)  # --dns-option

    def to_dict(self) -> dict:
        r = self.resources
        return {
            "Binds": list(self.binds) or None,
            "ContainerIDFile": "",
            "LogConfig": {"Type": self.log_driver, "Config": dict(self.log_options)},
            "NetworkMode": self.network_mode,
            "PortBindings": {k: list(v) for k, v in self.port_bindings.items()},
            "PublishAllPorts": self.publish_all_ports,
            "RestartPolicy": self.restart_policy.to_dict(),
            "AutoRemove": self.auto_remove,
            "CpuShares": r.cpu_shares,
            "CpusetCpus": r.cpuset_cpus, "CpusetMems": r.cpuset_mems,
            "Memory": r.memory,
            "MemorySwap": self.memory_swap,
            "NanoCpus": r.nano_cpus, "CpuPeriod": r.cpu_period, "CpuQuota": r.cpu_quota,
            "MemoryReservation": r.memory_reservation, "MemorySwappiness": None,
            "OomKillDisable": None, "OomScoreAdj": self.oom_score_adj,
            "PidsLimit": r.pids_limit,
            "ReadonlyRootfs": self.readonly_rootfs,
            "CapAdd": list(self.cap_add) or None, "CapDrop": list(self.cap_drop) or None,
            "Privileged": self.privileged,
            "SecurityOpt": list(self.security_opt) or None, "PidMode": self.pid_mode,
            "IpcMode": self.ipc_mode, "UTSMode": self.uts_mode, "UsernsMode": self.userns_mode,
            "ShmSize": self.shm_size,
            **({"Annotations": dict(self.annotations)} if self.annotations else {}),
            "GroupAdd": list(self.group_add) or None,
            **({"Sysctls": dict(self.sysctls)} if self.sysctls else {}),
            "Ulimits": [{"Name": n, "Hard": h, "Soft": s} for n, (s, h) in sorted(self.ulimits.items())],
            # what the daemon fills in when the client leaves them empty
            "CgroupnsMode": self.cgroupns_mode, "Runtime": "runc",
            "MaskedPaths": None if self.privileged else list(MASKED_PATHS),
            "ReadonlyPaths": None if self.privileged else list(READONLY_PATHS),
            **({"Init": True} if self.init else {}),
            "ExtraHosts": list(self.extra_hosts) or None,
            "Links": [f"{child}:{link}" for _, child, link in self.links] or None,
            "Dns": list(self.dns), "DnsOptions": list(self.dns_options), "DnsSearch": list(self.dns_search),
            **({"Mounts": [dict(m) for m in self.mounts]} if self.mounts else {}),
            **({"Tmpfs": dict(self.tmpfs)} if self.tmpfs else {}),
        }


def merge_env(image_env: List[str], user_env: List[str]) -> List[str]:
    """The image's Env with the user's -e values replacing same-named keys, in order."""
    merged: Dict[str, str] = {}
    for item in list(image_env) + list(user_env):
        key = item.split("=", 1)[0]
        merged[key] = item
    return list(merged.values())
