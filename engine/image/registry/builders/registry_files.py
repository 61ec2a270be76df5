"""The files the registry image (distribution-library-image) adds beside /bin/registry:
its entrypoint, which turns `registry:2 /path/config.yml` into `registry serve ...`,
and the default configuration (filesystem storage under /var/lib/registry, port 5000)."""

ENTRYPOINT = """#!/bin/sh

set -e

case "$1" in
    *.yaml|*.yml) set -- registry serve "$@" ;;
    serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac

exec "$@"
"""

CONFIG = """version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
"""


def add(b, config) -> None:
    """Write the entrypoint and the configuration file the image's CMD names."""
    b.script("/entrypoint.sh", ENTRYPOINT)
    for word in (config.cmd or ())[:1]:
        if word.endswith((".yml", ".yaml")):
            b.text(word, CONFIG)
