"""The simulated host's own programs: what the crsim> prompt pipes text through
(`inspect web | grep IPAddress`, `logs web | tail -3`).

They are the simulated userland's programs (GNU grep, sed, coreutils ... of the Debian
image, a typical Linux host's), run one at a time on the text given, each in a
scratch root filesystem of their own that is thrown away after: like the sandbox
BuildKit runs a RUN step in, it is no container of Docker's (no events, no `ps`), and
it has no network. They read their standard input and write what the prompt shows or
redirects; the user's directory (the sandbox, or the working directory) is bind-mounted at
its own path and is where they start, so `| tee out.txt` and `grep x notes.txt` use the
real files.
"""

from __future__ import annotations

import os
from typing import Dict, List, Tuple

from .errors import EngineError
from .vfs.entry import regular
from .vfs.errno import FSError

HOST_IMAGE = "debian:bookworm"
# Installed on the host besides: jq, which Docker courses pipe `inspect` into (Debian's
# jq 1.6 binary, by its size).
HOST_EXTRAS = (("/usr/bin/jq", 31_040, "jq"),)
HOSTNAME = "crsim-host"


class HostTools:
    def __init__(self, engine):
        self.engine = engine
        self._image = None

    def _root(self):
        if self._image is None:
            from .image.registry import pull
            self._image = pull(HOST_IMAGE).image  # from the registry; the store is not told
        return self.engine.image_index(self._image)

    def run(self, argv: List[str], stdin: str, env: Dict[str, str]) -> Tuple[str, str, int]:
        """Run ``argv`` on ``stdin``: (what it wrote on stdout, on stderr, its status)."""
        from .cgroup import Cgroup
        from .container.config import ContainerConfig, DEFAULT_PATH, HostConfig, Resources
        from .container.container import Container
        from .container.runtime import container_mounts
        from .proc.api import Stream
        from .vfs.union import UnionFS
        engine = self.engine
        runtime = engine.runtime
        env = {**env, "PATH": DEFAULT_PATH}
        config = ContainerConfig(image=HOST_IMAGE, hostname=HOSTNAME,
                                 env=[f"{k}={v}" for k, v in env.items()], working_dir="/root")
        now = engine.clock.now()
        container = Container(id=engine.ids.hex_id(), name="host", created=now, image=None,
                              config=config, host_config=HostConfig(network_mode="none"),
                              fs=UnionFS(self._root(), engine.clock.now), layer_id="",
                              cgroup=Cgroup.for_limits(Resources()))
        container.layer_id = container.id[:25]
        # the user's directory (the sandbox, or the working directory) is there, at its
        # own path, and the program starts in it: `| tee out.txt` writes the real file
        from .container.mounts import parse_bind, resolve
        home = engine.host_root or os.getcwd()
        container.mounts = resolve(container, [parse_bind(f"{home}:{home}")], {}, engine.volumes,
                                   engine.host_root)
        system = runtime.new_system(container)
        container.system = system
        container.fs.mounts = container_mounts(container, system, int(now))
        for path, size, name in HOST_EXTRAS:  # what the host has beyond the Debian base
            container.fs.install(path, regular(None, 0o755, size=size, program=name))
        out, err, given = Stream(), Stream(), Stream()
        given.write(stdin)
        given.closed = True
        try:
            process = system.new_process(list(argv), env=env, cwd=home, stdin=given,
                                         stdout=out, stderr=err)
        except (FSError, EngineError):
            return "", f"{argv[0]}: command not found\n", 127
        container.state.pid = process.pid  # not running for Docker: no events, no ps
        runtime.begin(container, process)
        engine.wait_until(lambda: not process.alive, timeout=24 * 3600)
        status = process.exit_code if not process.alive else 137
        for other in list(container.processes.values()):
            if other.alive:
                system.kill_process(other, 137)
                runtime.scheduler.forget(other)
        container.fs.mounts = None
        return out.read(), err.read(), status
