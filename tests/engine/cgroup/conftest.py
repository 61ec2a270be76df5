import pytest

from engine import Engine
from engine.image.image import HistoryEntry, Image
from engine.vfs.entry import directory, regular
from engine.vfs.layer import Layer


def engine_with_stress(**host) -> Engine:
    """A deterministic engine with `stressbox`: alpine plus stress and stress-ng."""
    e = Engine.deterministic(**host)
    alpine = e.pull("alpine").image
    tools = Layer({"/usr": directory(), "/usr/bin": directory(),
                   "/usr/bin/stress": regular(None, 0o755, size=27_000, program="stress"),
                   "/usr/bin/stress-ng": regular(None, 0o755, size=1_900_000,
                                                 program="stress-ng")})
    image = Image(list(alpine.layers) + [tools], alpine.config,
                  list(alpine.history) + [HistoryEntry(alpine.created + 60,
                                                       "RUN apk add stress stress-ng")],
                  alpine.created + 60)
    e.images.add(image, ["stressbox:latest"])
    return e


@pytest.fixture
def engine():
    return engine_with_stress()


@pytest.fixture
def one_cpu_engine():
    return engine_with_stress(cpus=1)
