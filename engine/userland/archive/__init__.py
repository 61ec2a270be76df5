"""Archives and compression: gzip/gunzip/zcat (the format through Python's zlib) and tar."""

from . import gzip, tar  # noqa: F401  (registers the programs)
