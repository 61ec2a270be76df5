"""`docker import`: a one-layer image from a tarball of a root file system.

As the daemon does it (moby's ImportImage): the config holds only what the `--change`
instructions set, the tar (gzip, bzip2 or xz compressed, or plain) becomes the one layer,
its diff_id the sha256 of the uncompressed stream, and the history one entry with no
"created by" and the message as comment ("Imported from -" for a file or standard input,
which the CLI streams alike, or "Imported from URL").
"""

from __future__ import annotations

import hashlib

from ..errors import EngineError
from .commit import apply_changes
from .config import ImageConfig
from .image import HistoryEntry, Image
from .layer_tar import inflate, layer_from_tar

STDIN = "-"


def imported_image(data: bytes, now: float, message: str = "", changes=(),
                   source: str = STDIN) -> Image:
    """The image ``data`` makes; every check (changes, tar) is done before it exists."""
    config = apply_changes(ImageConfig(), changes)
    comment = message or f"Imported from {source}"
    tar = inflate(data)
    layer = layer_from_tar(tar, "sha256:" + hashlib.sha256(tar).hexdigest())
    return Image([layer], config, [HistoryEntry(now, "", comment=comment)], created=now,
                 comment=comment)


def unreachable(url: str) -> EngineError:
    """What the daemon's download of an import URL ends with: crsim has no Internet (the
    daemon adds "http://" to a source without a scheme; the CLI sends only http(s) ones)."""
    host = url.split("://", 1)[-1].split("/", 1)[0]
    return EngineError(f'Get "{url}": dial tcp: lookup {host}: no such host '
                            f'(crsim simulates no Internet)')
