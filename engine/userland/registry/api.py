"""The registry's HTTP API (distribution's /v2/ routes), answering raw HTTP requests.

What `docker push` and `docker pull` use — the version check, blob HEAD/GET, the
upload session (POST, PATCH, PUT ?digest=), cross-repository mounts, manifests by tag
or digest — plus the catalogue and tag lists `curl` shows. Errors are the registry's
JSON error bodies with its codes (BLOB_UNKNOWN, MANIFEST_UNKNOWN, NAME_UNKNOWN ...).
"""

from __future__ import annotations

import json
import re
from typing import Callable, List, Tuple
from urllib.parse import parse_qs, urlsplit

from ...network.http import Request, Response
from .storage import Storage

API_HEADER = ("Docker-Distribution-Api-Version", "registry/2.0")
JSON = "application/json; charset=utf-8"
NAME = r"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*"
ROUTES = [
    ("base", re.compile(r"^/v2/$")),
    ("catalog", re.compile(r"^/v2/_catalog$")),
    ("tags", re.compile(rf"^/v2/(?P<name>{NAME})/tags/list$")),
    ("manifest", re.compile(rf"^/v2/(?P<name>{NAME})/manifests/"
                            rf"(?P<ref>[\w][\w.-]{{0,127}}|sha256:[a-f0-9]{{64}})$")),
    ("blob", re.compile(rf"^/v2/(?P<name>{NAME})/blobs/(?P<digest>sha256:[a-f0-9]{{64}})$")),
    ("upload", re.compile(rf"^/v2/(?P<name>{NAME})/blobs/uploads/(?P<uuid>[a-f0-9-]*)$")),
]
MANIFEST_TYPES = ("application/vnd.docker.distribution.manifest.v2+json",
                  "application/vnd.oci.image.manifest.v1+json",
                  "application/vnd.oci.image.index.v1+json",
                  "application/vnd.docker.distribution.manifest.list.v2+json")


def error(status: int, code: str, message: str, detail=None) -> Response:
    body = json.dumps({"errors": [{"code": code, "message": message, "detail": detail}]},
                      separators=(",", ":")).encode() + b"\n"
    return Response(status, _REASONS.get(status, ""), [("Content-Type", JSON), API_HEADER,
                                                       ("Content-Length", str(len(body)))], body)


_REASONS = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 400: "Bad Request",
            401: "Unauthorized", 404: "Not Found", 500: "Internal Server Error",
            405: "Method Not Allowed", 416: "Requested Range Not Satisfiable"}


def _reply(status: int, headers: List[Tuple[str, str]] = (), body: bytes = b"",
           content_type: str = "") -> Response:
    head = [("Content-Type", content_type)] if content_type else []
    head += [API_HEADER, *headers, ("Content-Length", str(len(body)))]
    return Response(status, _REASONS.get(status, ""), head, body)


class RegistryAPI:
    def __init__(self, storage: Storage, new_uuid: Callable[[], str]):
        self.storage = storage
        self.new_uuid = new_uuid

    def handle(self, request: Request) -> Response:
        parts = urlsplit(request.target)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        for route, pattern in ROUTES:
            match = pattern.match(parts.path)
            if match:
                return getattr(self, "_" + route)(request.method, query, request, **match.groupdict())
        return _reply(404, content_type="text/plain; charset=utf-8", body=b"404 page not found\n")

    def _base(self, method, query, request) -> Response:
        return _reply(200, body=b"{}", content_type="application/json")

    def _catalog(self, method, query, request) -> Response:
        body = json.dumps({"repositories": self.storage.repositories()}, separators=(",", ":"))
        return _reply(200, body=body.encode() + b"\n", content_type="application/json")

    def _tags(self, method, query, request, name) -> Response:
        tags = self.storage.tags(name)
        if tags is None:
            return error(404, "NAME_UNKNOWN", "repository name not known to registry", {"name": name})
        body = json.dumps({"name": name, "tags": tags}, separators=(",", ":"))
        return _reply(200, body=body.encode() + b"\n", content_type="application/json")

    def _manifest(self, method, query, request, name, ref) -> Response:
        if method == "PUT":
            return self._put_manifest(request, name, ref)
        if method == "DELETE":
            return error(405, "UNSUPPORTED", "The operation is unsupported.")
        digest = self.storage.manifest_digest(name, ref)
        data = self.storage.blob(digest) if digest else None
        if data is None:
            return error(404, "MANIFEST_UNKNOWN", "manifest unknown",
                         {"Tag": ref} if not ref.startswith("sha256:") else None)
        media_type = json.loads(data).get("mediaType", MANIFEST_TYPES[0])
        headers = [("Docker-Content-Digest", digest), ("Etag", f'"{digest}"')]
        response = _reply(200, headers, data, media_type)
        if method == "HEAD":
            response.body = b""
        return response

    def _put_manifest(self, request, name, ref) -> Response:
        try:
            document = json.loads(request.body)
        except ValueError:
            return error(400, "MANIFEST_INVALID", "manifest invalid", "invalid manifest")
        for item in [document.get("config") or {}] + list(document.get("layers") or []):
            if item and not self.storage.linked(name, item.get("digest", "")) \
                    and self.storage.blob(item.get("digest", "")) is None:
                return error(400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry", item.get("digest"))
        for item in [document.get("config") or {}] + list(document.get("layers") or []):
            if item:
                self.storage.link(name, item["digest"])
        digest = self.storage.put_manifest(name, ref, request.body)
        return _reply(201, [("Docker-Content-Digest", digest),
                            ("Location", f"/v2/{name}/manifests/{digest}")])

    def _blob(self, method, query, request, name, digest) -> Response:
        if not self.storage.linked(name, digest):
            response = error(404, "BLOB_UNKNOWN", "blob unknown to registry", digest)
            if method == "HEAD":
                response.body = b""
            return response
        data = self.storage.blob(digest) or b""
        headers = [("Accept-Ranges", "bytes"), ("Cache-Control", "max-age=31536000"),
                   ("Docker-Content-Digest", digest), ("Etag", f'"{digest}"')]
        response = _reply(200, headers, data, "application/octet-stream")
        if method == "HEAD":
            response.body = b""
        return response

    def _upload(self, method, query, request, name, uuid) -> Response:
        if method == "POST" and not uuid:
            return self._start(query, request, name)
        size = self.storage.upload_size(name, uuid) if uuid else None
        if size is None:
            return error(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry")
        if method == "PATCH":
            size = self.storage.append_upload(name, uuid, request.body)
            return self._accepted(name, uuid, size)
        if method == "PUT":
            if request.body:
                self.storage.append_upload(name, uuid, request.body)
            digest = query.get("digest", "")
            if not self.storage.finish_upload(name, uuid, digest):
                return error(400, "DIGEST_INVALID", "provided digest did not match uploaded content")
            return _reply(201, [("Docker-Content-Digest", digest), ("Location", f"/v2/{name}/blobs/{digest}")])
        if method == "GET":
            return _reply(204, [("Docker-Upload-Uuid", uuid), ("Range", f"0-{max(size - 1, 0)}")])
        return error(405, "UNSUPPORTED", "The operation is unsupported.")

    def _start(self, query, request, name) -> Response:
        mount, source = query.get("mount"), query.get("from")
        if mount and source and self.storage.linked(source, mount):
            self.storage.link(name, mount)  # a cross-repository mount: no byte travels
            return _reply(201, [("Docker-Content-Digest", mount), ("Location", f"/v2/{name}/blobs/{mount}")])
        uuid = self.new_uuid()
        self.storage.start_upload(name, uuid)
        if query.get("digest"):  # a monolithic upload: the blob is the request's body
            self.storage.append_upload(name, uuid, request.body)
            if not self.storage.finish_upload(name, uuid, query["digest"]):
                return error(400, "DIGEST_INVALID", "provided digest did not match uploaded content")
            return _reply(201, [("Docker-Content-Digest", query["digest"]),
                                ("Location", f"/v2/{name}/blobs/{query['digest']}")])
        return self._accepted(name, uuid, 0)

    @staticmethod
    def _accepted(name: str, uuid: str, size: int) -> Response:
        return _reply(202, [("Docker-Upload-Uuid", uuid), ("Location", f"/v2/{name}/blobs/uploads/{uuid}"),
                            ("Range", f"0-{max(size - 1, 0)}")])


__all__ = ["RegistryAPI", "MANIFEST_TYPES", "error"]
