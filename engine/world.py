"""The whole simulated world as data: snapshots, restores and state files.

A ``World`` holds everything an engine knows: images (with the layers that builds and
commits made), containers (config, state, writable layer, logs, network endpoints
with their addresses), volumes and their files, networks, the build cache, the
clock's time, the id and name generators and the event log. It is the Engine's
object graph pickled, cut where the graph reaches what cannot be kept:

- processes are Python generators in the middle of a program: their running state
  (a shell's variables, a loop's counter, an open connection) cannot be saved. So
  restoring brings every container that was running (or paused) back with its
  command started again as PID 1, as `docker restart` would, but without a stop
  and without events: its id, name, config, files, logs, addresses, published
  ports, State (StartedAt, RestartCount) and health status are the snapshot's, so
  `ps` and `inspect` show what they showed, and a paused one is paused again. What
  lived only in its processes starts over: `exec`s and probes under way, tmpfs
  contents, a counter a loop kept, a server's start-up time, a `stop` that was
  waiting for its SIGKILL. One waiting to restart (a restart policy's back-off)
  waits its back-off again. This is more useful to a class than what a daemon
  restart gives without CRIU (containers stopped, or started again with a new
  StartedAt): the world looks as it did, and behaves as the same containers
  freshly started would.
- callbacks (timers, stream writers, the shell's event subscribers) belong to the
  processes or to whoever subscribed: they are not part of the world.

Layers are immutable and content-addressed, so nothing copies them: a snapshot kept in
memory shares them (and images and merged indexes) with the live engine, and a state
file names the images that come from the built-in registry by their catalogue entry
(rebuilt identically on load) and stores only the layers builds and commits made.

A state file is a header line (format, crsim version, a checksum of the rest) and a
compressed pickle of plain values: the world's time, pickled engine and summary, and
the same for each named world kept with it (a session's snapshots). Writing is
atomic: a temporary file in the same directory, fsync, then os.replace, so a crash
during a save leaves the previous file whole. Loading refuses a file that is not one (or is cut short) and one written by
another crsim, in one line (``StateFileError``). It makes only the engine's classes
and plain Python types, and reaches no module's functions; still, a pickle can set
up any engine object, so load only the state files you (or your crsim) wrote.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import types
import zlib

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, Optional, Tuple

from .clock import Clock, VirtualClock
from .engine import Engine
from .record import record, replace
from .version import VERSION

# Bump when the engine's objects change shape: a file of another format is refused.
FORMAT = 1
MAGIC = b"crsim-state "


class StateFileError(Exception):
    """A state file that cannot be loaded; the message is one line for the user."""


@record(frozen=True)
class World:
    """One moment of an engine, independent of it: later changes to the engine do
    not reach it, and each ``restore`` makes a new engine from it."""

    now: float  # the clock's time when it was taken
    payload: bytes  # the pickled engine
    shared: Tuple = ()  # immutable objects the payload names instead of copying
    summary: Tuple[int, int, int] = (0, 0, 0)  # containers, images, volumes (for listings)


# -- what is cut from the graph ----------------------------------------------------

_CLOCK = "clock"
_GONE = "gone"


def _live_types() -> tuple:
    """The types that only exist while programs run (see the module's docstring)."""
    from .container.runtime import Stopping
    from .network.model import Listener
    from .network.stack import Connection, NetStack
    from .proc.api import Stream
    from .proc.kernel import System
    from .proc.process import Process
    from .proc.scheduler import Scheduler, _Timer
    return (Process, System, Scheduler, _Timer, Listener, Connection, NetStack, Stream, Stopping)


def _is_callback(obj) -> bool:
    """A closure or lambda: a timer, a writer, a handler, never a fact of the world."""
    return "<" in obj.__qualname__  # "<lambda>", "f.<locals>.g"


def _catalogue_names() -> Dict[int, tuple]:
    """Images and layers of the built-in registry built in this process, by object id:
    their catalogue entry rebuilds them identically."""
    from .image.registry import catalogue
    names: Dict[int, tuple] = {}
    for spec, image in catalogue.built_images():
        names[id(image)] = ("image", spec)
        for number, layer in enumerate(image.layers):
            names.setdefault(id(layer), ("layer", spec, number))
    return names


# Types no persistent id is ever given to (the cut-off lists and dicts are named in _cut).
_PLAIN = frozenset({str, int, float, bool, bytes, tuple, type(None), type})


class _Pickler(pickle.Pickler):
    def __init__(self, file, engine: Engine, shared: Optional[list]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        from .image.image import Image
        from .vfs.index import MergedIndex
        from .vfs.layer import Layer
        self._clock = engine.clock
        self._live = _live_types()
        self._immutable = (Layer, Image, MergedIndex)
        self._index = MergedIndex
        self._catalogue = _catalogue_names()
        self._shared = shared  # None: everything but the catalogue's is written out
        self._shared_at: Dict[int, int] = {}
        # Parts of the engine that belong to its users or its running programs (remade by _revive).
        self._cut = {id(engine.events._listeners): _GONE, id(engine.runtime._frozen): _GONE}

    def persistent_id(self, obj):
        kind = type(obj)
        if kind in _PLAIN:  # most of a world: answered first, as it is called for every object
            return None
        if kind in self._immutable:
            name = self._catalogue.get(id(obj))
            if name is not None:
                return name
            if self._shared is not None:
                at = self._shared_at.get(id(obj))
                if at is None:
                    at = self._shared_at[id(obj)] = len(self._shared)
                    self._shared.append(obj)
                return ("shared", at)
            if kind is self._index:  # derived data: rebuilt from its layers
                return ("index", obj.layers)
            return None
        if obj is self._clock:
            return _CLOCK
        if kind in self._live:
            return _GONE
        if kind is types.FunctionType and _is_callback(obj):
            return _GONE
        if kind is types.MethodType and type(obj.__self__) in self._live:
            return _GONE
        return self._cut.get(id(obj))

    def reducer_override(self, obj):
        kind = type(obj)
        if kind is types.MappingProxyType:  # a Layer's entries
            return _mapping_proxy, (dict(obj),)
        return NotImplemented


def _mapping_proxy(entries: dict):
    return types.MappingProxyType(entries)


# What a state file may name: the engine's classes and plain Python types, nothing else.
_SAFE_BUILTINS = {"set", "frozenset", "dict", "list", "tuple", "bytearray", "complex", "slice",
                  "range", "object", "int", "float", "str", "bytes", "bool"}
# (random: generators of a file written before engine/entropy.py; ours are engine classes)
_SAFE_MODULES = {"collections", "random", "datetime", "functools", "enum"}


def _method(obj, name: str):
    """How pickle names a bound method (``engine.clock.now``): getattr, here limited to
    methods, so that a state file cannot reach into a module's globals."""
    found = getattr(obj, name) if not name.startswith("__") else None
    if not isinstance(found, types.MethodType) or found.__self__ is not obj:
        raise pickle.UnpicklingError(f"{name} is not a method")
    return found


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, clock: Clock, shared: Tuple):
        super().__init__(file)
        self._clock = clock
        self._shared = shared
        self._indexes: Dict[tuple, object] = {}

    def find_class(self, module: str, name: str):
        if (module, name) == ("engine.world", "_mapping_proxy"):
            return _mapping_proxy
        if (module, name) == ("builtins", "getattr"):
            return _method
        if "." not in name and (module.startswith("engine.") or module in _SAFE_MODULES
                                or (module == "builtins" and name in _SAFE_BUILTINS)):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a world")

    def persistent_load(self, pid):
        if pid == _CLOCK:
            return self._clock
        if pid == _GONE:
            return None
        what = pid[0]
        if what == "shared":
            return self._shared[pid[1]]
        if what in ("image", "layer"):
            from .image.registry import catalogue
            image = catalogue.build(pid[1])
            return image if what == "image" else image.layers[pid[2]]
        if what == "index":
            key = tuple(id(layer) for layer in pid[1])
            index = self._indexes.get(key)
            if index is None:
                from .vfs.index import MergedIndex
                index = self._indexes[key] = MergedIndex(pid[1])
            return index
        raise pickle.UnpicklingError(f"unknown reference {what!r}")


# -- snapshot and restore ----------------------------------------------------------

def snapshot(engine: Engine, share: bool = True, settled: bool = False) -> World:
    """The world as it is now. ``share``: name the immutable layers, images and indexes
    instead of copying them (a snapshot kept in this process); else the World stands
    alone (what a file holds). ``settled``: the caller settled the engine (a background
    save's child must not run the simulation on: it writes the parent's world)."""
    if not settled:
        engine.settle()
    shared: Optional[list] = [] if share else None
    buffer = io.BytesIO()
    _Pickler(buffer, engine, shared).dump(engine)
    summary = (len(engine.containers), len(engine.images), len(list(engine.volumes)))
    return World(engine.clock.now(), buffer.getvalue(), tuple(shared or ()), summary)


def restore(world: World, clock: Optional[Clock] = None) -> Engine:
    """A new engine in the state of ``world``. ``clock``: the one it runs on (a
    session's wall clock); by default a virtual clock at the world's time, so a
    script that restores goes on from the very moment of the snapshot."""
    clock = clock or VirtualClock(world.now)
    engine = _Unpickler(io.BytesIO(world.payload), clock, world.shared).load()
    _revive(engine)
    return engine


def _revive(engine: Engine) -> None:
    """Put back what was cut: a scheduler, empty process tables, running containers'
    PID 1 started again (see the module's docstring)."""
    from .proc.scheduler import Scheduler
    runtime = engine.runtime
    engine.events._listeners = []
    runtime._frozen = {}
    runtime.scheduler = Scheduler(runtime)
    for network in [engine.networks.host] + [c.network.ns for c in engine.containers
                                             if c.network is not None and c.network.ns is not None]:
        network.listeners = [listener for listener in network.listeners if listener is not None]
    for container in engine.containers:
        container.processes = {}
        container.system = None
        container.stopping = container.pending_restart = None
        container.fs.mounts = None
        if container.health is not None:
            container.health.cancel = None
    for container in list(engine.containers):  # creation order: a namespace's owner first
        if container.state.running:
            _run_again(engine, container)


def _run_again(engine: Engine, container) -> None:
    """PID 1 of a container that was running, started again from its command with its
    State (and health status) as it was; no events (the world's log is the snapshot's).
    One waiting out a restart policy's back-off waits it again, from now."""
    state, runtime = container.state, engine.runtime
    if state.restarting:
        container.pending_restart = runtime.scheduler.call_at(
            engine.clock.now() + container.restart_delay, lambda: runtime._restart_now(container))
        return
    kept, health = replace(state), container.health
    events = engine.events
    logged = list(events._events)
    state.running = state.paused = False
    try:
        runtime.start(container)
    except Exception as err:  # it cannot start now (what it joined could not start)
        state.running, state.pid, state.error = False, 0, str(err)
        state.exit_code, state.finished_at = 128, engine.clock.now()
        return
    finally:
        events._events = logged
    for name in ("started_at", "finished_at", "exit_code", "error", "oom_killed"):
        setattr(state, name, getattr(kept, name))
    if health is not None and container.health is not None:  # the daemon's record, kept
        for name in ("status", "failing_streak", "log", "probes"):
            setattr(container.health, name, getattr(health, name))
    if kept.paused:
        state.paused = True  # frozen again: its processes wait for `unpause`
        runtime.scheduler.refresh()


# -- state files -------------------------------------------------------------------

def save(engine: Engine, path: str, kept: Optional[Dict[str, World]] = None,
         settled: bool = False) -> None:
    """Write the world to ``path`` atomically, with ``kept``, named worlds that stand
    alone (a session's snapshots); OSError if it cannot be written. ``settled``: as
    for ``snapshot``."""
    write_world(snapshot(engine, share=False, settled=settled), path, kept)


def encode(world: World, kept: Optional[Dict[str, World]] = None) -> bytes:
    """A state file's bytes: the header line, then the compressed pickle of plain
    values: each world's time, pickled engine and summary."""
    worlds = {"world": world, **{f"kept:{name}": other for name, other in (kept or {}).items()}}
    if any(one.shared for one in worlds.values()):
        raise ValueError("a world that shares objects with an engine cannot be written")
    plain = {key: (one.now, one.payload, tuple(one.summary)) for key, one in worlds.items()}
    body = zlib.compress(pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL), 1)
    header = {"format": FORMAT, "crsim": VERSION, "now": world.now,
              "sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
    return MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + body


def write_world(world: World, path: str, kept: Optional[Dict[str, World]] = None) -> None:
    data = encode(world, kept)
    directory = os.path.dirname(os.path.abspath(path))
    import tempfile  # costs a start 2 ms; only saving needs it
    handle, temporary = tempfile.mkstemp(prefix=".crsim-state-", dir=directory)
    try:
        os.chmod(temporary, _mode_for(path))
        with os.fdopen(handle, "wb") as out:
            _write_all(out, data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _sync_directory(directory)


def _mode_for(path: str) -> int:
    """The file keeps its permissions; a new one gets what open(2) would give it
    (mkstemp's temporary file is private)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _write_all(out, data: bytes) -> None:
    """(A seam: the tests interrupt a save here to see the old file survive.)"""
    out.write(data)


def _sync_directory(directory: str) -> None:
    """The rename itself reaches the disk (where a directory can be opened: POSIX)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _PlainUnpickler(pickle.Unpickler):
    """A state file's outer layer holds plain values only: it names no class at all."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name} in a state file's outer layer")


def decode(data: bytes, name: str) -> Tuple[World, Dict[str, World]]:
    """The world in a state file's bytes and the named worlds kept with it;
    StateFileError naming ``name`` if it is no state file of this crsim."""
    not_one = StateFileError(f"{name}: not a crsim state file")
    if not data.startswith(MAGIC) or b"\n" not in data:
        raise not_one
    line, _, body = data[len(MAGIC):].partition(b"\n")
    try:
        header = json.loads(line)
        written_by, form = str(header["crsim"]), int(header["format"])
        digest, size = str(header["sha256"]), int(header["size"])
    except (ValueError, KeyError, TypeError):
        raise not_one from None
    if written_by != VERSION or form != FORMAT:
        theirs = written_by if form == FORMAT else f"{written_by} (state format {form})"
        ours = VERSION if form == FORMAT else f"{VERSION} (state format {FORMAT})"
        raise StateFileError(f"{name}: was written by crsim {theirs}, this is crsim {ours}")
    if len(body) != size or hashlib.sha256(body).hexdigest() != digest:
        raise StateFileError(f"{name}: not a crsim state file (damaged or cut short)")
    try:
        plain = _PlainUnpickler(io.BytesIO(zlib.decompress(body))).load()
        worlds = {key: World(float(now), bytes(payload), (), tuple(int(n) for n in summary))
                  for key, (now, payload, summary) in plain.items()}
        world = worlds.pop("world")
    except Exception:  # zlib.error, UnpicklingError, a shape that is not ours
        raise not_one from None
    return world, {key[len("kept:"):]: other for key, other in worlds.items()}


def read(path: str) -> Tuple[World, Dict[str, World]]:
    """A state file's world and the named worlds kept with it (StateFileError, or
    OSError if it cannot be read)."""
    with open(path, "rb") as handle:
        return decode(handle.read(), path)


def load(path: str, clock: Optional[Clock] = None) -> Engine:
    """The engine a state file holds (StateFileError, or OSError if it cannot be read)."""
    return restore_file(read(path)[0], path, clock)


def restore_file(world: World, path: str, clock: Optional[Clock] = None) -> Engine:
    """``restore`` of a world read from ``path``: what cannot be made is the file's fault."""
    try:
        return restore(world, clock)
    except Exception as err:  # a consistent checksum but objects this crsim cannot make
        raise StateFileError(f"{path}: not a crsim state file ({type(err).__name__})") from None


def fresh(engine: Engine) -> Engine:
    """A new, empty engine on the same host and clock (`reset`)."""
    return Engine(engine.clock, seed=engine.seed, cpus=engine.host_cpus,
                  memory=engine.host_memory, host_root=engine.host_root)


__all__ = ["World", "StateFileError", "snapshot", "restore", "save", "load", "read",
           "restore_file", "fresh", "encode", "decode", "write_world", "FORMAT"]
