"""Running programs inside real simulated containers, as `docker exec` does."""

import pytest

from engine import Engine

_ENGINES = {}


def _engine_with(image: str) -> Engine:
    engine = Engine.deterministic()
    engine.pull(image)
    return engine


class Box:
    """A running container of ``image``; ``run(argv)`` is `docker exec` (stdin optional)."""

    def __init__(self, image: str):
        self.engine = _engine_with(image)
        self.container = self.engine.run(image, ["sleep", "infinity"], name="box")
        self.fs = self.container.fs

    def run(self, *argv, stdin: str = "", env=(), workdir: str = "", user: str = ""):
        result = self.engine.exec("box", list(argv), stdin=stdin, env=env, workdir=workdir,
                                  user=user)
        return result.status, result.stdout, result.stderr

    def sh(self, script: str, stdin: str = ""):
        """Run a shell command line (needs the shell: engine/userland/sh)."""
        return self.run("sh", "-c", script, stdin=stdin)


@pytest.fixture
def alpine():
    return Box("alpine")


@pytest.fixture
def busybox():
    return Box("busybox")


@pytest.fixture
def debian():
    return Box("debian")


@pytest.fixture
def ubuntu():
    return Box("ubuntu")
