"""crsim's engine: a container runtime simulated in one Python process.

``from engine import Engine`` gives a ready engine. Nothing here prints, reads
the terminal or imports prompt_toolkit or pygments.

``Engine`` (and with it every subsystem) and the errors load on first use (PEP 562
module ``__getattr__``), so ``from engine import EngineError`` or a submodule such as
``engine.version`` or ``engine.record`` costs only what it needs (a `crsim-shell -c
version` needs records, not the errors: issue 18).
"""

ERRORS = ("Conflict", "EngineError", "ExecError", "InvalidParameter", "NoSuchContainer",
          "NoSuchImage", "NotFound")
__all__ = ["Engine", *ERRORS]


def __getattr__(name: str):
    if name == "Engine":
        from .engine import Engine
        return Engine
    if name in ERRORS:
        from . import errors
        return getattr(errors, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
