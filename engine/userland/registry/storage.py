"""The distribution registry's storage, laid out as its filesystem driver lays it out.

Under the root directory (/var/lib/registry in the registry image):

    docker/registry/v2/blobs/sha256/<2 hex>/<hex>/data           every blob, by digest
    docker/registry/v2/repositories/<name>/_layers/sha256/<hex>/link      "sha256:<hex>"
    docker/registry/v2/repositories/<name>/_manifests/revisions/sha256/<hex>/link
    docker/registry/v2/repositories/<name>/_manifests/tags/<tag>/current/link
    docker/registry/v2/repositories/<name>/_manifests/tags/<tag>/index/sha256/<hex>/link
    docker/registry/v2/repositories/<name>/_uploads/<uuid>/{data,startedat}

A blob is stored once however many repositories link to it: that is content
addressing, and `find /var/lib/registry` in the container shows it.
"""

from __future__ import annotations

import hashlib
import posixpath
import time
from typing import List, Optional

from ...vfs.errno import FSError

V2 = "docker/registry/v2"


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


class Storage:
    def __init__(self, fs, root: str, now):
        self.fs = fs
        self.base = posixpath.join(root, V2)
        self.now = now  # the clock, for startedat

    # -- paths ----------------------------------------------------------------------------
    def _blob(self, digest: str) -> str:
        hex_part = digest.split(":", 1)[1]
        return f"{self.base}/blobs/sha256/{hex_part[:2]}/{hex_part}/data"

    def _repo(self, name: str) -> str:
        return f"{self.base}/repositories/{name}"

    # -- files ----------------------------------------------------------------------------
    def _write(self, path: str, data: bytes) -> None:
        self._mkdirs(posixpath.dirname(path))
        self.fs.write(path, data)

    def _mkdirs(self, path: str) -> None:
        missing = []
        while path not in ("", "/") and not self.fs.exists(path):
            missing.append(path)
            path = posixpath.dirname(path)
        for directory in reversed(missing):
            self.fs.mkdir(directory)

    def _read(self, path: str) -> Optional[bytes]:
        try:
            return self.fs.read(path)
        except FSError:
            return None

    def _remove_tree(self, path: str) -> None:
        try:
            entry = self.fs.lstat(path)
        except FSError:
            return
        if entry.kind == "dir":
            for name in self.fs.readdir(path):
                self._remove_tree(f"{path}/{name}")
            self.fs.rmdir(path)
        else:
            self.fs.unlink(path)

    # -- blobs ----------------------------------------------------------------------------
    def blob(self, digest: str) -> Optional[bytes]:
        return self._read(self._blob(digest)) if digest.startswith("sha256:") else None

    def put_blob(self, digest: str, data: bytes) -> None:
        if self.blob(digest) is None:
            self._write(self._blob(digest), data)

    def linked(self, name: str, digest: str) -> bool:
        """A blob is served in a repository only when the repository links it."""
        hex_part = digest.split(":", 1)[-1]
        return self._read(f"{self._repo(name)}/_layers/sha256/{hex_part}/link") is not None \
            and self.blob(digest) is not None

    def link(self, name: str, digest: str) -> None:
        self._write(f"{self._repo(name)}/_layers/sha256/{digest.split(':', 1)[1]}/link", digest.encode())

    # -- uploads --------------------------------------------------------------------------
    def start_upload(self, name: str, uuid: str) -> None:
        upload = f"{self._repo(name)}/_uploads/{uuid}"
        self._write(f"{upload}/data", b"")
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.now()))
        self._write(f"{upload}/startedat", stamp.encode())

    def upload_size(self, name: str, uuid: str) -> Optional[int]:
        data = self._read(f"{self._repo(name)}/_uploads/{uuid}/data")
        return None if data is None else len(data)

    def append_upload(self, name: str, uuid: str, data: bytes) -> int:
        path = f"{self._repo(name)}/_uploads/{uuid}/data"
        self.fs.write(path, data, append=True)
        return len(self.fs.read(path))

    def finish_upload(self, name: str, uuid: str, digest: str) -> bool:
        """Move the upload into the blob store if its bytes have ``digest``; the upload
        directory goes either way (the registry cancels a bad upload)."""
        upload = f"{self._repo(name)}/_uploads/{uuid}"
        data = self._read(f"{upload}/data") or b""
        self._remove_tree(upload)
        if sha256(data) != digest:
            return False
        self.put_blob(digest, data)
        self.link(name, digest)
        return True

    # -- manifests and tags ---------------------------------------------------------------
    def put_manifest(self, name: str, reference: str, data: bytes) -> str:
        digest = sha256(data)
        hex_part = digest.split(":", 1)[1]
        self.put_blob(digest, data)
        manifests = f"{self._repo(name)}/_manifests"
        self._write(f"{manifests}/revisions/sha256/{hex_part}/link", digest.encode())
        if not reference.startswith("sha256:"):
            self._write(f"{manifests}/tags/{reference}/current/link", digest.encode())
            self._write(f"{manifests}/tags/{reference}/index/sha256/{hex_part}/link", digest.encode())
        return digest

    def manifest_digest(self, name: str, reference: str) -> Optional[str]:
        manifests = f"{self._repo(name)}/_manifests"
        if reference.startswith("sha256:"):
            link = self._read(f"{manifests}/revisions/sha256/{reference.split(':', 1)[1]}/link")
        else:
            link = self._read(f"{manifests}/tags/{reference}/current/link")
        return link.decode() if link else None

    def tags(self, name: str) -> Optional[List[str]]:
        try:
            return sorted(self.fs.readdir(f"{self._repo(name)}/_manifests/tags"))
        except FSError:
            return None

    def repositories(self) -> List[str]:
        found: List[str] = []
        top = f"{self.base}/repositories"

        def visit(path: str, name: str) -> None:
            try:
                names = self.fs.readdir(path)
            except FSError:
                return
            if "_manifests" in names:
                found.append(name)
            for child in names:
                if not child.startswith("_"):
                    visit(f"{path}/{child}", f"{name}/{child}" if name else child)
        visit(top, "")
        return sorted(found)
