"""Write engine/userland/system/hello_message.txt: what the hello-world image's /hello prints.

Source: the real amd64 binary in docker-library/hello-world (a git mirror brought with the
search tool's `fetch`); its output is the one string it writes, found between the
message's known first and last lines. Usage: python scripts/extract_hello_message.py [MIRROR]
"""

from __future__ import annotations

import os
import subprocess
import sys

OUT = os.path.join(os.path.dirname(__file__), "..", "engine", "userland", "system", "hello_message.txt")


def extract(mirror: str) -> str:
    binary = subprocess.run(["git", "--git-dir", mirror, "show", "HEAD:amd64/hello"], capture_output=True,
                            check=True).stdout
    start = binary.index(b"\nHello from Docker!")
    end = binary.index(b"\x00", start)
    return binary[start:end].decode()


if __name__ == "__main__":
    text = extract(sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/docker-library+hello-world/repo")
    with open(OUT, "w") as f:
        f.write(text)
    print(len(text), "characters")
