"""crsim's engine: a container runtime simulated in one Python process.

``from engine import Engine`` gives a ready engine. Nothing here prints, reads
the terminal or imports prompt_toolkit or pygments.
"""

from .engine import Engine
from .errors import Conflict, EngineError, ExecError, InvalidParameter, NoSuchContainer, NoSuchImage, NotFound

__all__ = ["Engine", "EngineError", "NotFound", "NoSuchContainer", "NoSuchImage", "Conflict",
           "InvalidParameter", "ExecError"]
