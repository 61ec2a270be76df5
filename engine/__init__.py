"""crsim's engine: a container runtime simulated in one Python process.

``from engine import Engine`` gives a ready engine. Nothing here prints, reads
the terminal or imports prompt_toolkit or pygments.

The errors are light and imported at once; ``Engine`` (and with it every subsystem)
loads on first use, so ``from engine import EngineError`` or a submodule such as
``engine.version`` costs only what it needs (PEP 562 module ``__getattr__``).
"""

from .errors import Conflict, EngineError, ExecError, InvalidParameter, NoSuchContainer, NoSuchImage, NotFound

__all__ = ["Engine", "EngineError", "NotFound", "NoSuchContainer", "NoSuchImage", "Conflict",
           "InvalidParameter", "ExecError"]


def __getattr__(name: str):
    if name == "Engine":
        from .engine import Engine
        return Engine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
