"""The Engine facade: the one object the shell (or a notebook) talks to.

It composes the image store, the built-in registry, the container registry
and runtime, the clock, ids and events. Every public call first brings the
simulation up to the clock (``settle``) so that answers are never stale.
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Sequence

from .clock import Clock, VirtualClock, WallClock
from .container.config import (ContainerConfig, HostConfig, Resources, RestartPolicy,
                               merge_env)
from .container.container import Container, LogLine
from .container.registry import ContainerRegistry
from .container.runtime import OVERLAY_ROOT, Runtime
from .errors import InvalidParameter
from .events import EventLog
from .ids import IdGenerator
from .vfs.changes import changes
from .vfs.index import MergedIndex
from .vfs.union import UnionFS

VALID_NAME = re.compile(r"^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$")


class Engine:
    def __init__(self, clock: Optional[Clock] = None, seed: Optional[int] = None):
        from .image.store import ImageStore

        self.clock = clock or WallClock()
        self.ids = IdGenerator(seed)
        self.events = EventLog(self.clock.now)
        self.images = ImageStore()
        self._registry = None
        self.containers = ContainerRegistry()
        self.runtime = Runtime(self.clock, self.events, self.containers)
        self._indexes: Dict[str, MergedIndex] = {}

    @classmethod
    def deterministic(cls, seed: int = 0) -> "Engine":
        """Virtual time and seeded ids: what scripts and tests use."""
        return cls(VirtualClock(), seed=seed)

    def settle(self) -> None:
        self.runtime.settle()

    def sleep(self, seconds: float) -> None:
        """Let simulated time pass (the clock moves; nothing really waits)."""
        if seconds < 0:
            raise InvalidParameter(f"invalid time interval '{seconds}'")
        self.clock.advance(seconds)
        self.settle()

    # -- images -------------------------------------------------------------
    @property
    def registry(self):
        """The built-in registry, loaded on first use (importing it builds no image)."""
        if self._registry is None:
            from .image.registry import Registry
            self._registry = Registry()
        return self._registry

    def pull(self, ref: str):
        result = self.registry.pull(ref, self.images)
        self.events.emit("image", "pull", result.image.id, {"name": result.name})
        return result

    def image(self, ref: str):
        return self.images.lookup(ref)

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
               stop_signal: str = "", stop_timeout: Optional[int] = None) -> Container:
        """`docker create`: validate everything, then register; nothing is kept on failure."""
        self.settle()
        img = self.images.lookup(image)
        defaults = img.config.to_dict()
        if name is not None:
            if not VALID_NAME.match(name):
                raise InvalidParameter(f"Invalid container name ({name}), only "
                                       f"[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
            name = name.lstrip("/")
            self.containers.check_name_free(name)
        policy = RestartPolicy.parse(restart)
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
        cid = self.ids.hex_id()
        if name is None:
            name = self.ids.name(self.containers.name_taken)
        config = ContainerConfig(
            image=image, hostname=hostname or cid[:12], domainname=domainname,
            user=user or defaults.get("User") or "",
            env=merge_env(defaults.get("Env") or [], list(env)),
            cmd=cmd, entrypoint=entry,
            working_dir=workdir or defaults.get("WorkingDir") or "",
            labels={**(defaults.get("Labels") or {}), **(labels or {})},
            exposed_ports=dict(defaults.get("ExposedPorts") or {}),
            stop_signal=stop_signal or defaults.get("StopSignal") or "",
            stop_timeout=stop_timeout, tty=tty, open_stdin=stdin_open,
            attach_stdin=stdin_open)
        host = HostConfig(restart_policy=policy, auto_remove=auto_remove,
                          resources=Resources(memory, nano_cpus, cpu_shares, pids_limit))
        container = Container(id=cid, name=name, created=self.clock.now(), image=img,
                              config=config, host_config=host,
                              fs=UnionFS(self._index(img), self.clock.now),
                              path=argv[0], args=tuple(argv[1:]),
                              layer_id=self.ids.hex_id())
        self.containers.add(container)
        self.runtime.emit(container, "create", (
            f"mkdir {OVERLAY_ROOT}/{container.layer_id}/diff {OVERLAY_ROOT}/{container.layer_id}/work",
        ))
        return container

    def start(self, ref: str) -> Container:
        container = self.container(ref)
        self.runtime.start(container)
        return container

    def run(self, image: str, command: Optional[Sequence[str]] = None, **options) -> Container:
        """`docker run`: create, then start (the shell attaches and waits as the CLI does)."""
        container = self.create(image, command, **options)
        self.runtime.start(container)
        return container

    def stop(self, ref: str, timeout: Optional[int] = None, signal: Optional[str] = None) -> Container:
        container = self.container(ref)
        self.runtime.stop(container, timeout, signal)
        return container

    def kill(self, ref: str, signal: str = "KILL") -> Container:
        container = self.container(ref)
        self.runtime.kill(container, signal)
        return container

    def restart(self, ref: str, timeout: Optional[int] = None) -> Container:
        container = self.container(ref)
        self.runtime.restart(container, timeout)
        return container

    def pause(self, ref: str) -> Container:
        container = self.container(ref)
        self.runtime.pause(container)
        return container

    def unpause(self, ref: str) -> Container:
        container = self.container(ref)
        self.runtime.unpause(container)
        return container

    def remove(self, ref: str, force: bool = False) -> Container:
        container = self.container(ref)
        self.runtime.remove(container, force)
        return container

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

    def list(self, all: bool = False) -> List[Container]:
        """Containers newest first, as `docker ps` lists them."""
        self.settle()
        found = [c for c in self.containers if all or c.state.running]
        return found[::-1]  # the registry keeps creation order

    def logs(self, ref: str) -> List[LogLine]:
        return list(self.container(ref).logs)

    def diff(self, ref: str):
        return changes(self.container(ref).fs)
