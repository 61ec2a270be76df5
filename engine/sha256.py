"""sha256 of short texts without loading OpenSSL.

``hashlib.sha256`` is OpenSSL's: importing hashlib loads libcrypto, 2.5 ms of every
start that hashes anything (issue 18). What crsim hashes on a run's path is short (a
layer's overlay2 link name, an inode number from a path, an image config or manifest
of a few KB), and for that the interpreter's own sha256 is as quick and gives the
same digest. It is built into CPython unless a build opted out (``_sha256`` up to
3.11, ``_sha2`` since 3.12); hashlib's stands in where it is missing. Bulk data (a
layer's tar stream) goes through hashlib, where OpenSSL's speed pays for its loading.
"""

import sys

if sys.version_info >= (3, 12):
    try:
        from _sha2 import sha256
    except ImportError:  # a build without it
        from hashlib import sha256
else:
    try:
        from _sha256 import sha256
    except ImportError:
        from hashlib import sha256


def sha256_digest(data: bytes) -> str:
    """The digest as OCI writes it: "sha256:" and 64 hex digits."""
    return "sha256:" + sha256(data).hexdigest()
