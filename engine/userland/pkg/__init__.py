"""Package managers: ``apk``, ``apt`` (apt-get, apt, dpkg) and ``pip``, installing
from the built-in ``catalogue``; ``common`` is what they share.
"""

from . import apk, apt, pip  # noqa: F401  (registers the programs)
