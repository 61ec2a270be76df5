"""The Engine facade: the one object the shell (or a notebook) talks to.

It composes the image store, the built-in registry, the container registry
and runtime, the clock, ids and events. Every public call first brings the
simulation up to the clock (``settle``) so that answers are never stale.
"""

from __future__ import annotations

from .lazy import LazyModule, LazyPattern

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from .clock import Clock, VirtualClock, WallClock
from .container.config import (ContainerConfig, HostConfig, Resources, RestartPolicy,
                               merge_env)
from .container.container import Container, LogLine
from .container.ports import parse_publish
from .container.registry import ContainerRegistry
from .container.runtime import OVERLAY_ROOT, Runtime, Stopping, cgroup_path
from .errors import Conflict, EngineError, InvalidParameter
from .events import EventLog
from .ids import IdGenerator
from .vfs.index import MergedIndex
from .vfs.union import UnionFS

# Loaded by the commands that need them: top, export and cp (and the tar writer below
# them), diff.
transfer = LazyModule("engine.container.transfer", globals())
vfs_changes = LazyModule("engine.vfs.changes", globals())


class ExecResult:
    """What a `docker exec` left: its exit status (None: still running) and output."""

    def __init__(self, process, status: Optional[int]):
        self.process = process
        self.status = status

    @property
    def stdout(self) -> str:
        return self.process.ctx.extra["output"].text("stdout")

    @property
    def stderr(self) -> str:
        return self.process.ctx.extra["output"].text("stderr")

    @property
    def output(self) -> str:
        """Both streams in the order they were written (what a terminal shows)."""
        return self.process.ctx.extra["output"].text()

    def output_since(self, mark: int = 0):
        """(what was written since ``mark``, the mark to pass next time): the output
        as it comes, for a client that shows it live."""
        return self.process.ctx.extra["output"].since(mark)

    @property
    def finished(self) -> bool:
        return not self.process.alive

# A wall-clock wait with nothing scheduled looks at its condition this often (seconds).
WALL_POLL = 1.0
MINIMUM_MEMORY = 6 * 1024 * 1024  # the daemon refuses smaller limits
VALID_NAME = LazyPattern(r"^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$")


# Docker's built-in logging drivers; `logs` reads json-file, local and journald (and none of the rest)
LOG_DRIVERS = ("json-file", "local", "journald", "none", "syslog", "gelf", "fluentd", "awslogs", "splunk",
               "etwlogs", "gcplogs")
READABLE_LOGS = ("json-file", "local", "journald")

class Engine:
    """The simulated Docker engine.

    Its clock decides how waiting works. ``Engine.deterministic()`` (a VirtualClock)
    jumps from event to event: `sleep`, `stop`, a foreground `exec` cost no real
    time. The default WallClock is real time, like a daemon's: ``sleep(5)`` takes
    5 seconds, ``stop`` of a container that ignores SIGTERM waits its 10 seconds,
    ``exec`` returns when its program ends (never, for one that runs for ever), and
    simulated time never runs ahead of the wall clock.
    """

    def __init__(self, clock: Optional[Clock] = None, seed: Optional[int] = None,
                 cpus: int = 4, memory: int = 8 * 1024 ** 3, host_root: str = ""):
        from .image.store import ImageStore

        self.clock = clock or WallClock()
        self.host_cpus = cpus  # the simulated host (`info` shows it)
        self.host_memory = memory
        self.host_root = host_root  # the sandbox: bind mounts may reach only below it ("" = anywhere)
        self.seed = seed  # None: ids drawn from the system's randomness, as Docker's
        self.ids = IdGenerator(seed)
        self.events = EventLog(self.clock.now)
        self.images = ImageStore()
        self.containers = ContainerRegistry()
        self.runtime = Runtime(self.clock, self.events, self.containers,
                               host_cpus=cpus, host_memory=memory)
        from .network import Networks  # bridge/host/none, IPAM, DNS, published ports
        self.networks = Networks(self.clock, self.events, seed, self.runtime.boot_time)
        self.networks.runtime = self.runtime
        self.networks.containers = self.containers
        self.runtime.network = self.networks
        from .volume import Volumes
        self.volumes = Volumes(self.clock.now, self.ids.hex_id, self.events, self._volume_users)
        self.runtime.volumes = self.volumes
        self._indexes: Dict[str, MergedIndex] = {}
        # self.build_cache: made by __getattr__ when the first build or prune asks
        self.build_cache_mounts = {}  # RUN --mount=type=cache directories, by id

    def __getattr__(self, name: str):
        """The build cache, made on first use: a `run` never imports the builder."""
        if name != "build_cache":
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        from .build.cache import BuildCache
        self.build_cache = BuildCache()
        return self.build_cache

    def _volume_users(self, name: str) -> List[str]:
        """The containers that mount volume ``name`` (a method, not a closure: a state
        file pickles the engine, engine/world.py)."""
        from .container.mounts import user_of
        return [c.id for c in self.containers if user_of(c.mounts, name)]

    @classmethod
    def deterministic(cls, seed: int = 0, **host) -> "Engine":
        """Virtual time and seeded ids: what scripts and tests use."""
        return cls(VirtualClock(), seed=seed, **host)

    def settle(self) -> None:
        self.runtime.settle()

    def sleep(self, seconds: float) -> None:
        """Let simulated time pass: a virtual clock jumps, a WallClock really waits."""
        if not 0 <= seconds < float("inf"):  # negative, infinite or NaN
            raise InvalidParameter(f"invalid time interval '{seconds}'")
        self.clock.advance(seconds)
        self.settle()

    def wait_until(self, done, timeout: float = float("inf"), pace=None) -> bool:
        """Let simulated time pass until ``done()`` or ``timeout`` seconds; True if done.

        Time goes from one wake-up to the next. A virtual clock jumps, so waiting
        costs nothing in a script, and a wait that nothing can end (no wake-up
        left) returns False at once. A WallClock really waits, event by event,
        and a wait with no timeout lasts until ``done()`` (as a client waits for a
        program that never ends): ``done`` is asked at least every second.
        ``pace(seconds)`` is called before each jump of a virtual clock (to show a
        simulation at the speed of life); a WallClock needs none.
        """
        self.settle()
        deadline = self.clock.now() + timeout
        while not done():
            wake = self.runtime.next_wakeup()
            if not self.clock.virtual and timeout == float("inf"):
                wake = min(wake, self.clock.now() + WALL_POLL) if wake is not None \
                    else self.clock.now() + WALL_POLL
            if wake is None or wake > deadline:
                if timeout != float("inf"):
                    self._pass(deadline - self.clock.now(), pace)
                return done()
            self._pass(max(0.0, wake - self.clock.now()), pace)
        return True

    def _pass(self, seconds: float, pace) -> None:
        if seconds > 0 and pace is not None and self.clock.virtual:
            pace(seconds)
        self.sleep(max(0.0, seconds))

    # -- images -------------------------------------------------------------
    def pull(self, ref: str):
        """`docker pull`: from the built-in registry (Docker Hub and the hosts it catalogues)
        or from a registry over the network (a registry:2 container); the store keeps the
        tag and digest."""
        from .image.registry import pull  # loaded on first use: importing builds nothing
        self.settle()
        result = pull(ref, self.images) if self._from_hub(ref) else self._remote().pull(self, ref)
        self.images.add(result.image, result.references)
        # each new layer is unpacked into its overlay2 directory, the one inspect's
        # GraphDriver names (by the layer's chain id)
        chains = dict(zip(result.image.diff_ids, result.image.chain_ids()))
        self.events.emit("image", "pull", str(result.reference),
                         {"name": result.reference.familiar()},
                         tuple(op for layer in result.layers if layer.status == "Pull complete"
                               for op in (f"GET /v2/{result.reference.path}/blobs/{layer.blob.digest}",
                                          f"tar -xzf - -C {OVERLAY_ROOT}/"
                                          f"{chains.get(layer.blob.diff_id, layer.blob.diff_id)[7:]}/diff")))
        return result

    @staticmethod
    def _from_hub(ref: str) -> bool:
        from .image.reference import DEFAULT_DOMAIN, parse_normalized
        from .image.registry import catalogue
        parsed = parse_normalized(ref)
        return parsed.domain == DEFAULT_DOMAIN or catalogue.has_repository(f"{parsed.domain}/{parsed.path}")

    @staticmethod
    def _remote():
        from .image import remote
        return remote

    @property
    def layer_sources(self):
        """Where each layer was pushed to or pulled from (a push asks the registry about
        those first); made on first use, so older state files load."""
        sources = self.__dict__.get("_layer_sources")
        if sources is None:
            sources = self.__dict__["_layer_sources"] = self._remote().LayerSources()
        return sources

    @property
    def credentials(self) -> Dict[str, str]:
        """registry host -> base64 "user:password", as the client's config.json keeps them
        after `login` (the CLI sends them with every push and pull)."""
        return self.__dict__.setdefault("_credentials", {})

    def login(self, server: str, username: str, password: str) -> None:
        """`docker login SERVER`: the registry must accept the credentials (GET /v2/)."""
        import base64
        remote = self._remote()
        auth = base64.b64encode(f"{username}:{password}".encode()).decode()
        if server in ("", "docker.io", "index.docker.io", "registry-1.docker.io"):
            raise remote.RegistryError('Get "https://registry-1.docker.io/v2/": unauthorized: incorrect '
                                       'username or password')  # Docker Hub's accounts are not simulated
        client = remote.RegistryClient(self.networks, server, auth)
        response = client.request("GET", "/v2/")
        if response.status != 200:
            raise remote.RegistryError(f"login attempt to {client.url('/v2/')} failed with status: "
                                       f"{response.status} {response.reason}")
        self.credentials[server] = auth

    def logout(self, server: str) -> bool:
        """`docker logout SERVER`: whether there were credentials to forget."""
        return self.credentials.pop(server, None) is not None

    def push(self, name: str, all_tags: bool = False) -> Iterator[str]:
        """`docker push`: the progress lines, one at a time (errors on the way are
        PushError, part of the stream)."""
        self.settle()
        return self._remote().push(self, name, all_tags)

    def manifest(self, name: str) -> bytes:
        """The manifest a registry serves for NAME (`docker manifest inspect`)."""
        from .image.reference import parse_normalized
        ref = parse_normalized(name).with_default_tag()
        if self._from_hub(name):
            from .image.registry import distribution
            from .image.registry.pull import find_image
            return distribution.index(find_image(ref))
        return self._remote().fetch_manifest(self, ref)[1]

    def image(self, ref: str):
        return self.images.lookup(ref)

    def load(self, data: bytes) -> List[str]:
        """`docker load`: the archive's images stored and tagged (all checked first, so a
        bad archive stores nothing); the lines the daemon answers with."""
        from .image.load import read_archive
        from .image.reference import parse_normalized
        loaded = read_archive(data)
        lines: List[str] = []
        ids: List[str] = []
        for item in loaded:
            self.images.add(item.image)
            ids.append(f"Loaded image ID: {item.image.id}")
            for tag in item.tags:
                ref = parse_normalized(tag)
                previous = self.images.tagged(ref)
                if previous is not None and previous != item.image.id:
                    lines.append(f"The image {ref.familiar()} already exists, renaming the old "
                                 f"one with ID {previous} to empty string")
                self.images.add(item.image, [ref])
                lines.append(f"Loaded image: {ref.familiar()}")
            self.events.emit("image", "load", item.image.id, {"name": item.image.id},
                             tuple(f"tar -xf - -C {OVERLAY_ROOT}/{layer.digest[7:19]}/diff"
                                   for layer in item.image.layers))
        if loaded and not loaded[-1].tags:  # the daemon's rule: ids when the last has no tag
            lines += ids
        return lines

    def import_image(self, data: bytes, repository: str = "", message: str = "",
                     changes: Sequence[str] = (), source: str = "-"):
        """`docker import`: a one-layer image from a root file system tarball (see
        image/import_tar.py), tagged REPOSITORY[:TAG] if given. ``source`` is "-" for the
        bytes given (a file or standard input), or the URL the daemon would download."""
        from .image.import_tar import STDIN, imported_image, unreachable
        from .image.reference import parse_normalized
        target = None
        if repository:
            target = parse_normalized(repository)
            if target.digest is not None:
                raise InvalidParameter("cannot import digest reference")
            target = target.with_default_tag()
        if source != STDIN:
            raise unreachable(source if "://" in source else "http://" + source)
        image = imported_image(data, self.clock.now(), message, changes, source)
        self.images.add(image, [target] if target else [], tagged_at=self.clock.now())
        self.events.emit("image", "import", image.id, {"name": image.id}, (
            f"tar -xf - -C {OVERLAY_ROOT}/{image.layers[0].digest[7:19]}/diff",))
        return image

    def save(self, names: Sequence[str]) -> Iterator[bytes]:
        """`docker save`: the images' archive as a stream (see image/archive.py). Every name
        is checked before the first byte, so a bad one leaves no half-written archive."""
        from .image import archive
        selected = archive.select(self.images, names)
        for image, _ in selected:
            self.events.emit("image", "save", image.id, {"name": image.id},
                             tuple(f"tar -cf - -C {OVERLAY_ROOT}/{layer.digest[7:19]}/diff ."
                                   for layer in image.layers))
        return archive.save(selected)

    def run_on_host(self, argv: Sequence[str], stdin: str = "",
                    env: Optional[Dict[str, str]] = None) -> Tuple[str, str, int]:
        """A program of the simulated host on some text (host_tools.py): what it printed
        on stdout and stderr, and its status."""
        from .host_tools import HostTools
        tools = self.__dict__.setdefault("_host_tools", HostTools(self))
        return tools.run(list(argv), stdin, dict(env or {}))

    def build(self, dockerfile: str, context=None, **options):
        """`docker build`: a BuildResult (image or error, BuildKit's plain progress lines).
        ``context`` is an engine.build.context.BuildContext; options: tags, build_args,
        target, no_cache, filename, dockerignore, secrets ({id: bytes} for RUN --mount=type=secret)."""
        from .build.builder import Builder
        self.settle()
        return Builder(self).build(dockerfile, context, **options)

    def image_index(self, image) -> MergedIndex:
        """The merged path index of an image (shared by all its containers)."""
        return self._index(image)

    def _index(self, image) -> MergedIndex:
        index = self._indexes.get(image.id)
        if index is None:
            index = MergedIndex(image.layers)
            self._indexes[image.id] = index
        return index

    # -- containers ---------------------------------------------------------
    def container(self, ref: str) -> Container:
        self.settle()
        return self.containers.get(ref)

    def create(self, image: str, command: Optional[Sequence[str]] = None, *,
               name: Optional[str] = None, env: Iterable[str] = (),
               entrypoint: Optional[Sequence[str]] = None, hostname: str = "",
               domainname: str = "", workdir: str = "", user: str = "", tty: bool = False,
               stdin_open: bool = False, labels: Optional[Dict[str, str]] = None,
               restart: str = "no", auto_remove: bool = False, memory: int = 0,
               nano_cpus: int = 0, cpu_shares: int = 0, pids_limit: Optional[int] = None,
               stop_signal: str = "", stop_timeout: Optional[int] = None,
               publish: Sequence[str] = (), publish_all: bool = False,
               network: str = "", network_aliases: Sequence[str] = (), ip: str = "",
               healthcheck: Optional[dict] = None, volumes: Sequence[str] = (),
               mounts: Sequence[dict] = (), tmpfs: Sequence[str] = (),
               volumes_from: Sequence[str] = (), read_only: bool = False,
               add_hosts: Sequence[str] = (), links: Sequence[str] = (),
               dns: Sequence[str] = (), dns_search: Sequence[str] = (),
               dns_options: Sequence[str] = (), expose: Sequence[str] = (), init: bool = False,
               log_driver: str = "json-file", log_options: Optional[Dict[str, str]] = None,
               cap_add: Sequence[str] = (), cap_drop: Sequence[str] = (), privileged: bool = False,
               ulimits: Optional[Dict[str, tuple]] = None, cpuset_cpus: str = "",
               cpuset_mems: str = "", security_opt: Sequence[str] = (),
               sysctls: Optional[Dict[str, str]] = None, mac_address: str = "",
               attach: Optional[Sequence[str]] = None, pid_mode: str = "", ipc_mode: str = "",
               uts_mode: str = "", userns_mode: str = "", cgroupns_mode: str = "",
               shm_size: int = 0, annotations: Optional[Dict[str, str]] = None,
               group_add: Sequence[str] = (), cpu_period: int = 0, cpu_quota: int = 0,
               memory_swap: int = 0, memory_reservation: int = 0,
               memory_swappiness: Optional[int] = None, oom_kill_disable: bool = False,
               oom_score_adj: int = 0) -> Container:
        """`docker create`: validate everything, then register; nothing is kept on failure."""
        self.settle()
        if uts_mode == "host" and hostname:  # checked as the request is read, before the image
            raise InvalidParameter("conflicting options: hostname and the UTS mode")
        img = self.images.lookup(image)
        defaults = img.config.to_dict()
        if name is not None:
            if not VALID_NAME.match(name):
                raise InvalidParameter(f"Invalid container name ({name}), only "
                                       f"[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
            name = name.lstrip("/")
            self.containers.check_name_free(name)
        policy = RestartPolicy.parse(restart)
        if network.startswith("container:"):
            from .network.manager import check_joined_network
            check_joined_network(hostname=hostname, links=links, dns=dns, add_hosts=add_hosts,
                                 mac_address=mac_address, publish=publish or publish_all,
                                 expose=expose)
        self._check_resources(memory, nano_cpus, cpuset_cpus, cpuset_mems, cpu_period, cpu_quota)
        from .cgroup.group import check_memory_options
        warnings = check_memory_options(memory, memory_swap, memory_reservation,
                                        memory_swappiness, oom_kill_disable, oom_score_adj)
        if log_driver not in LOG_DRIVERS:
            raise InvalidParameter(f"logger: no log driver named '{log_driver}' is registered")
        from .container.capabilities import effective
        effective(cap_add, cap_drop, privileged)  # an unknown capability is refused before anything
        from .container.ipc import check_ipc_mode
        ipc_mode = check_ipc_mode(ipc_mode, shm_size)
        for mode, what in ((pid_mode, "PID"), (uts_mode, "UTS")):
            if mode not in ("", "host") and not (what == "PID" and mode.startswith("container:")):
                raise InvalidParameter(f"invalid {what} mode: {mode}")
        if cgroupns_mode not in ("", "private", "host"):
            raise InvalidParameter(f"invalid cgroup namespace mode: {cgroupns_mode}")
        from .container.sharing import modes_at_create
        ipc_mode, pid_mode = modes_at_create(self.containers, ipc_mode, pid_mode, privileged, security_opt)
        from .container.security import parse_security_opts
        security = parse_security_opts(security_opt, privileged)
        bindings = parse_publish(list(publish))
        from .container.mounts import check_mount, from_container, parse_bind, parse_tmpfs
        mount_specs = ([parse_bind(v) for v in volumes] + [check_mount(m) for m in mounts]
                       + [parse_tmpfs(t) for t in tmpfs]
                       + [m for spec in volumes_from for m in from_container(self.container(spec.split(":")[0]), spec)])
        if auto_remove and policy.name != "no":
            raise InvalidParameter("can't create 'AutoRemove' container with restart policy")
        if entrypoint is not None:
            entry = [e for e in entrypoint if e] or None
            cmd = list(command) if command else None
        else:
            entry = defaults.get("Entrypoint")
            cmd = list(command) if command else defaults.get("Cmd")
        argv = (entry or []) + (cmd or [])
        if not argv:
            raise InvalidParameter("no command specified")
        linked = []
        from .container import links as legacy_links
        user_network = not legacy_links.legacy_network(network)
        if links and not user_network:  # checked before anything is allocated
            if network == "host":
                raise InvalidParameter(legacy_links.HOST_NETWORK)
            linked = legacy_links.resolve(self.containers, links)
        cid = self.ids.hex_id()
        if name is None:
            name = self.ids.name(self.containers.name_taken)
        found_links = [(child_id, child, f"/{name}/{alias}") for child_id, child, alias in linked]
        config = ContainerConfig(
            image=image, domainname=domainname,
            hostname=hostname or (self.networks.host_name if network == "host" else cid[:12]),
            user=user or defaults.get("User") or "",
            env=merge_env(defaults.get("Env") or [], list(env)),
            cmd=cmd, entrypoint=entry,
            working_dir=workdir or defaults.get("WorkingDir") or "",
            labels={**(defaults.get("Labels") or {}), **(labels or {})},
            exposed_ports=dict(defaults.get("ExposedPorts") or {}),
            stop_signal=stop_signal or defaults.get("StopSignal") or "",
            stop_timeout=stop_timeout, tty=tty, open_stdin=stdin_open,
            attach_stdin=stdin_open if attach is None else "stdin" in attach,
            attach_stdout=attach is None or "stdout" in attach, attach_stderr=attach is None or "stderr" in attach,
            healthcheck=healthcheck,
            volumes={**(defaults.get("Volumes") or {}),
                     **{m["target"]: {} for m in mount_specs if m.get("spec") and not m["source"]
                        and m["type"] == "volume"}})
        exposed = dict(defaults.get("ExposedPorts") or {})
        exposed.update({port: {} for port in bindings})
        for spec in expose:  # --expose PORT[-PORT][/PROTO]
            ports, _, proto = spec.partition("/")
            first, _, last = ports.partition("-")
            if not first.isdigit() or (last and not last.isdigit()):
                raise InvalidParameter(f"invalid range format for --expose: {spec}, error: invalid syntax")
            for port in range(int(first), int(last or first) + 1):
                exposed[f"{port}/{proto or 'tcp'}"] = {}
        config.exposed_ports = exposed
        if publish_all:
            for port in exposed:
                bindings.setdefault(port, [{"HostIp": "", "HostPort": ""}])
        host = HostConfig(restart_policy=policy, auto_remove=auto_remove,
                          memory_swap=memory_swap or (2 * memory if memory else 0),
                          resources=Resources(memory, nano_cpus, cpu_shares, pids_limit, cpuset_cpus, cpuset_mems,
                                              cpu_period, cpu_quota, memory_reservation,
                                              memory_swap),
                          port_bindings=bindings, publish_all_ports=publish_all,
                          network_mode=network or "bridge",
                          binds=[v for v, m in zip(volumes, mount_specs) if m["source"]],  # -v /path: Config.Volumes
                          mounts=[m["json"] for m in mounts if "json" in m],
                          tmpfs={t.partition(":")[0]: t.partition(":")[2] for t in tmpfs},
                          readonly_rootfs=read_only, extra_hosts=list(add_hosts), links=found_links, dns=list(dns),
                          dns_search=list(dns_search), dns_options=list(dns_options), init=init,
                          log_driver=log_driver, log_options=dict(log_options or {}),
                          cap_add=list(cap_add), cap_drop=list(cap_drop), privileged=privileged,
                          capabilities=effective(cap_add, cap_drop, privileged), ulimits=dict(ulimits or {}),
                          security_opt=list(security_opt), security=security, sysctls=dict(sysctls or {}),
                          pid_mode=pid_mode, ipc_mode=ipc_mode, uts_mode=uts_mode,
                          userns_mode=userns_mode, cgroupns_mode=cgroupns_mode or "private",
                          shm_size=shm_size or 64 << 20,
                          annotations=dict(annotations or {}), group_add=list(group_add),
                          oom_score_adj=oom_score_adj)
        from .cgroup import Cgroup
        container = Container(id=cid, name=name, created=self.clock.now(), image=img,
                              config=config, host_config=host,
                              fs=UnionFS(self._index(img), self.clock.now),
                              path=argv[0], args=tuple(argv[1:]),
                              layer_id=self.ids.hex_id(),
                              cgroup=Cgroup.for_limits(host.resources))
        from .container.mounts import resolve
        container.fs.read_only = read_only
        container.mounts = resolve(container, mount_specs, defaults.get("Volumes") or {}, self.volumes,
                                   self.host_root)
        self.networks.configure(container, network, network_aliases, ip, mac_address)
        if links and user_network:  # there a link is only a name the embedded DNS answers
            container.network.configs[0].links = list(links)
        container.warnings = warnings  # the daemon's, shown by the CLI after create
        self.containers.add(container)
        self.runtime.emit(container, "create", (
            f"mkdir {OVERLAY_ROOT}/{container.layer_id}/diff {OVERLAY_ROOT}/{container.layer_id}/work",
        ))
        return container

    def _check_resources(self, memory: int, nano_cpus: int, cpuset_cpus: str = "",
                         cpuset_mems: str = "", cpu_period: int = 0, cpu_quota: int = 0) -> None:
        """The daemon's checks of limits against the (simulated) host."""
        from .cgroup.cpuset import format_list, parse_list
        # the host has host_cpus CPUs and one memory node
        for given, available, what, nodes in ((cpuset_cpus, range(self.host_cpus), "cpus", "CPUs"),
                                              (cpuset_mems, (0,), "mems", "memory nodes")):
            try:
                wanted = parse_list(given)
            except ValueError:
                raise InvalidParameter(f"Invalid value {given} for cpuset {what}.") from None
            if not wanted <= set(available):
                raise InvalidParameter(f"Requested {nodes} are not available - requested {given}, "
                                       f"available: {format_list(available)}.")
        if memory and memory < MINIMUM_MEMORY:
            raise InvalidParameter("Minimum memory limit allowed is 6MB")
        for given, name in ((cpu_period, "Period"), (cpu_quota, "Quota")):
            if nano_cpus > 0 and given > 0:
                raise InvalidParameter(f"Conflicting options: Nano CPUs and CPU {name} cannot "
                                       "both be set")
        if nano_cpus < 0 or nano_cpus > self.host_cpus * 10 ** 9:
            raise InvalidParameter(f"Range of CPUs is from 0.01 to {self.host_cpus:.2f}, as "
                                   f"there are only {self.host_cpus} CPUs available")
        if cpu_period and not 1000 <= cpu_period <= 1_000_000:
            raise InvalidParameter("CPU cfs period can not be less than 1ms (i.e. 1000) or larger "
                                   "than 1s (i.e. 1000000)")
        if 0 < cpu_quota < 1000:
            raise InvalidParameter("CPU cfs quota can not be less than 1ms (i.e. 1000)")

    def start(self, ref: str) -> Container:
        container = self.container(ref)
        self.runtime.start(container)
        return container

    def run(self, image: str, command: Optional[Sequence[str]] = None, **options) -> Container:
        """`docker run`: create, then start (the shell attaches and waits as the CLI does)."""
        container = self.create(image, command, **options)
        self.runtime.start(container)
        return container

    def stop(self, ref: str, timeout: Optional[int] = None,
             signal: Optional[str] = None) -> Container:
        """`docker stop`: the stop signal now, SIGKILL when the timeout runs out; returns
        when the container has stopped (with a WallClock, after a real wait)."""
        stopping = self.begin_stop(ref, timeout, signal)
        self.wait_until(lambda: stopping.done)
        return stopping.container

    def begin_stop(self, ref: str, timeout: Optional[int] = None,
                   signal: Optional[str] = None) -> Stopping:
        """`stop` without waiting: the SIGKILL is a timer of the simulation, so the stop
        completes (``Stopping.done``) even if nobody waits, as the daemon's does."""
        return self.runtime.stop(self.container(ref), timeout, signal)

    def kill(self, ref: str, signal: str = "KILL") -> Container:
        container = self.container(ref)
        self.runtime.kill(container, signal)
        return container

    def restart(self, ref: str, timeout: Optional[int] = None) -> Container:
        stopping = self.begin_restart(ref, timeout)
        self.wait_until(lambda: stopping.done)
        if stopping.error is not None:
            raise stopping.error
        return stopping.container

    def begin_restart(self, ref: str, timeout: Optional[int] = None) -> Stopping:
        """`restart` without waiting: the start follows the stop when it completes
        (``Stopping.error``: why that start failed)."""
        return self.runtime.restart(self.container(ref), timeout)

    def pause(self, ref: str) -> Container:
        container = self.container(ref)
        self.runtime.pause(container)
        return container

    def unpause(self, ref: str) -> Container:
        container = self.container(ref)
        self.runtime.unpause(container)
        return container

    def remove_link(self, name: str) -> None:
        """`docker rm --link /PARENT/ALIAS`."""
        from .container.links import unlink
        unlink(self.containers, name)

    def remove(self, ref: str, force: bool = False, volumes: bool = False) -> Container:
        """`docker rm` (-v: with the anonymous volumes it made)."""
        container = self.container(ref)
        self.runtime.remove(container, force, volumes)
        return container

    def prune_containers(self, filters: Iterable[str] = ()) -> Tuple[List[str], int]:
        """`docker container prune`: every container not running (paused ones run) that
        the filters select; the ids removed and the bytes their writable layers held."""
        from .prune_filters import CONTAINER_FILTERS, PruneFilters
        chosen = PruneFilters(filters, CONTAINER_FILTERS, self.clock.now())
        removed, reclaimed = [], 0
        for container in list(self.containers):
            if container.state.running or not chosen.selects(container.created,
                                                             container.config.labels):
                continue
            size = container.fs.upper_size()
            self.runtime.remove(container)
            removed.append(container.id)
            reclaimed += size
        return removed, reclaimed

    def rename(self, ref: str, new_name: str) -> Container:
        container = self.container(ref)
        new_name = new_name.lstrip("/")
        if not VALID_NAME.match(new_name):
            raise InvalidParameter(f"Invalid container name ({new_name}), only "
                                   f"[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
        if new_name == container.name:
            raise InvalidParameter("Renaming a container with the same name as its current "
                                   "name")
        old = container.name
        self.containers.rename(container, new_name)
        self.runtime.emit(container, "rename", oldName=f"/{old}")
        return container

    def attach_shell(self, ref: str, argv: Sequence[str] = ("sh",), *, env: Iterable[str] = (),
                     workdir: str = "", user: str = ""):
        """`docker exec -it CONTAINER sh`: a shell session for a terminal, or None when
        the program is not a shell (the caller then runs it as a plain exec)."""
        from .container.attach import ShellSession, is_shell
        container = self.container(ref)
        env_map = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
        process = self.runtime.exec_process(container, list(argv), env=env_map,
                                            cwd=workdir or None, user=user or None, tty=True,
                                            interactive=True)
        if not is_shell(process.program):
            container.processes.pop(process.pid, None)
            return None
        from .proc.api import Stream
        # A terminal shows both streams, in order.
        process.ctx.stdout = process.ctx.stderr = Stream()
        process.ctx.stdout.isatty = True
        process.ctx.tty.echo_to = process.ctx.stdout
        return ShellSession(self, container, process)

    def attach_main_shell(self, ref: str):
        """`docker run -it IMAGE sh`: the terminal takes over PID 1's shell."""
        from .container.attach import ShellSession, is_shell
        container = self.container(ref)
        process = container.main_process
        if process is None or not container.state.running or not is_shell(process.program):
            return None
        attached = process.ctx.extra.get("terminal")
        if isinstance(attached, ShellSession) and attached.process is process:
            return attached  # attach again to the shell a detach left (docker attach)
        from .container.attach import TerminalStream
        process.ctx.stdout = process.ctx.stderr = TerminalStream(process.ctx.stdout)
        process.ctx.tty.echo_to = process.ctx.stdout
        return ShellSession(self, container, process)

    def exec(self, ref: str, argv: Sequence[str], *, env: Iterable[str] = (),
             workdir: str = "", user: str = "", tty: bool = False, stdin: str = "",
             interactive: bool = False, detach: bool = False, pace=None) -> "ExecResult":
        """`docker exec`: run a program in a running container.

        In the foreground the call returns when the program ends (time passes
        as it sleeps; on a WallClock, really). In virtual time ``status`` is None
        if it never ends by itself (nothing is left to happen).
        """
        container = self.container(ref)
        if not argv:
            raise InvalidParameter("no command specified")
        env_map = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
        process = self.runtime.exec_process(container, list(argv), env=env_map,
                                            cwd=workdir or None, user=user or None, tty=tty,
                                            stdin=stdin, interactive=interactive)
        self.runtime.begin(container, process)
        if not detach:
            self.wait_until(lambda: not process.alive, pace=pace)
            if process.alive:
                return ExecResult(process, None)  # it waits for something that never comes
        return ExecResult(process, None if detach else process.exit_code)

    def terminal_signal(self, process, signum: int, spare=()) -> None:
        """A key typed at ``process``'s terminal (Ctrl-C: SIGINT, Ctrl-\\: SIGQUIT): the tty
        signals its foreground process group, here ``process`` and its descendants but
        those in ``spare`` (a shell's background jobs). Each is signalled as the
        kernel does it, so PID 1 without a handler ignores it."""
        from .container.attach import process_group
        container = process.ctx.system.container
        self.settle()
        for target in process_group(container, process, spare):
            if target.alive:
                try:
                    self.runtime.signal_process(container, target.nspid, signum)
                except EngineError:
                    pass  # it ended meanwhile (ESRCH)

    def stats(self, ref: str) -> Dict[str, float]:
        """What `docker stats` shows for one container, now."""
        container = self.container(ref)
        running = container.state.running and not container.state.restarting
        group = container.cgroup
        rate = self.runtime.cpu_rate(container) if running else 0.0
        usage = self.runtime.memory_current(container) if running else 0
        limit = group.memory_max or self.host_memory
        rx, tx = self.runtime.net_bytes(container)
        return {"cpu_percent": rate * 100.0, "mem_usage": usage,
                "mem_limit": limit if running else 0,
                "mem_percent": usage / limit * 100.0 if running and limit else 0.0,
                "net_rx": rx, "net_tx": tx, "block_read": 0, "block_write": 0,
                "pids": sum(1 for p in container.processes.values() if p.alive)}

    def update(self, ref: str, *, memory: Optional[int] = None,
               memory_swap: Optional[int] = None, nano_cpus: Optional[int] = None,
               cpu_shares: Optional[int] = None, pids_limit: Optional[int] = None,
               restart: Optional[str] = None, cpuset_cpus: Optional[str] = None,
               cpuset_mems: Optional[str] = None, cpu_period: Optional[int] = None,
               cpu_quota: Optional[int] = None,
               memory_reservation: Optional[int] = None) -> Container:
        """`docker update`: new limits on a live container, written to its cgroup files."""
        container = self.container(ref)
        resources = container.host_config.resources
        new_memory = resources.memory if memory is None else memory
        new_cpus = resources.nano_cpus if nano_cpus is None else nano_cpus
        self._check_resources(new_memory, new_cpus, cpuset_cpus or "", cpuset_mems or "",
                              cpu_period or 0, cpu_quota or 0)
        if memory_reservation is not None:
            if 0 < memory_reservation < 6 << 20:
                raise InvalidParameter("Minimum memory reservation allowed is 6MB")
            if 0 < new_memory < memory_reservation:
                raise InvalidParameter("Minimum memory limit can not be less than memory "
                                       "reservation limit, see usage")
        swap = container.host_config.memory_swap
        if memory_swap is not None:
            swap = memory_swap
        elif memory is not None and swap and swap > 0 and memory > swap:
            raise Conflict(f"Cannot update container {container.id}: Memory limit should be "
                           "smaller than already set memoryswap limit, update the memoryswap "
                           "at the same time")
        policy = RestartPolicy.parse(restart) if restart is not None else None
        # Everything is valid: apply.
        if memory is not None:
            resources.memory = memory
            container.host_config.memory_swap = swap if swap else (2 * memory if memory else 0)
        if nano_cpus is not None:
            resources.nano_cpus = nano_cpus
        if cpu_shares is not None:
            resources.cpu_shares = cpu_shares
        if pids_limit is not None:
            resources.pids_limit = pids_limit
        for name, value in (("cpu_period", cpu_period), ("cpu_quota", cpu_quota),
                            ("memory_reservation", memory_reservation)):
            if value is not None:
                setattr(resources, name, value)
        if cpuset_cpus is not None:
            resources.cpuset_cpus = cpuset_cpus
        if cpuset_mems is not None:
            resources.cpuset_mems = cpuset_mems
        if policy is not None:
            container.host_config.restart_policy = policy
        before = container.cgroup.writes()
        container.cgroup.set_limits(resources)
        changed = {k: v for k, v in container.cgroup.writes().items() if before[k] != v}
        self.runtime.limits_changed(container)
        self.runtime.emit(container, "update", tuple(
            f'echo "{value}" > {cgroup_path(container)}/{name}' for name, value in changed.items()))
        return container

    def top(self, ref: str) -> List[List[str]]:
        container = self.container(ref)
        if not container.state.running:
            raise Conflict(f"container {container.id} is not running")
        self.settle()  # CPU times integrated up to now
        return transfer.top(container, self.clock.now())

    def export(self, ref: str):
        """`docker export`: the bytes of a tar of the container's merged file system."""
        container = self.container(ref)
        self.runtime.emit(container, "export", (
            f"tar -cf - -C {OVERLAY_ROOT}/{container.layer_id}/merged .",))
        return transfer.export(container)

    def copy_out(self, ref: str, path: str):
        container = self.container(ref)
        entries = transfer.copy_out(container, path)
        self.runtime.emit(container, "archive-path", path=path)
        return entries

    def copy_in(self, ref: str, destination: str, entries) -> None:
        container = self.container(ref)
        transfer.copy_in(container, destination, entries)
        self.runtime.emit(container, "extract-to-dir", path=destination)

    def commit(self, ref: str, repository: str = "", message: str = "", author: str = "",
               changes: Sequence[str] = (), pause: bool = True):
        """`docker commit`: the container's writable layer as one new layer on its image."""
        from .image.commit import commit
        from .image.reference import parse_normalized
        container = self.container(ref)
        target = parse_normalized(repository).with_default_tag() if repository else None
        was_paused = container.state.paused
        if pause and container.state.running and not was_paused:
            container.state.paused = True  # frozen so the layer is consistent
        try:
            image = commit(container, self.clock.now(), message, author, changes)
        finally:
            container.state.paused = was_paused
        self.images.add(image, [target] if target else [], tagged_at=self.clock.now())
        layer = image.layers[-1]
        self.runtime.emit(container, "commit", (
            f"tar -cf - -C {OVERLAY_ROOT}/{container.layer_id}/diff . | sha256sum "
            f"# = {layer.digest}",), comment=message)
        return image

    def list(self, all: bool = False) -> List[Container]:
        """Containers newest first, as `docker ps` lists them."""
        self.settle()
        found = [c for c in self.containers if all or c.state.running]
        return found[::-1]  # the registry keeps creation order

    def logs(self, ref: str) -> List[LogLine]:
        container = self.container(ref)
        if container.host_config.log_driver not in READABLE_LOGS:
            raise InvalidParameter("configured logging driver does not support reading")
        return list(container.logs)

    def diff(self, ref: str):
        return vfs_changes.changes(self.container(ref).fs)
