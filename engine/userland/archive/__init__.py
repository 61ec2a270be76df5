"""Archives and compression: gzip/gunzip/zcat (the format through Python's zlib)."""

from . import gzip  # noqa: F401  (registers the programs)
