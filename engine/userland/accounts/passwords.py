"""Password hashes written by passwd/chpasswd.

crsim computes no real crypt(3) hash: a password set in a container is stored as
"$6$SALT$DIGEST" (SHA-512 crypt's shape, what Alpine's and Debian's tools write)
with a digest derived from the password by plain SHA-512, so equal passwords
compare equal and nothing readable is kept. No simulated program checks them.
"""

from __future__ import annotations

import base64
import hashlib

SALT = "crsimsim"


def crypt_placeholder(password: str) -> str:
    digest = hashlib.sha512((SALT + password).encode("utf-8", "surrogateescape")).digest()
    text = base64.b64encode(digest, b"./").decode().rstrip("=")
    return f"$6${SALT}${text}"
