"""An engine with the images the networking tests use, and a way to run programs."""

import pytest

from engine import Engine


class World:
    def __init__(self):
        self.engine = Engine.deterministic(seed=7)
        for image in ("alpine", "nginx", "busybox", "debian"):
            self.engine.pull(image)

    def run(self, name, image="alpine", command=("sleep", "infinity"), **options):
        return self.engine.run(image, list(command), name=name, **options)

    def web(self, name="web", **options):
        """nginx in the foreground (without the entrypoint script)."""
        return self.engine.run("nginx", ["-g", "daemon off;"], name=name, entrypoint=["nginx"],
                               **options)

    def sh(self, name, *argv, stdin=""):
        result = self.engine.exec(name, list(argv), stdin=stdin)
        return result.status, result.stdout, result.stderr

    @property
    def networks(self):
        return self.engine.networks


@pytest.fixture
def world():
    return World()
