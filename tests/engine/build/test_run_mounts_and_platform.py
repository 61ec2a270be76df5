"""RUN --mount (bind, cache, tmpfs, secret) and BuildKit's automatic platform ARGs."""

from engine import Engine
from engine.build.context import BuildContext


def _build(text, files=None, **options):
    engine = Engine.deterministic()
    engine.pull("alpine")
    result = engine.build(text, BuildContext.from_files(files or {}), tags=["t"], **options)
    return engine, result


def _run(engine, *argv):
    container = engine.run("t", list(argv))
    engine.wait_until(lambda: not container.state.running)
    return container.logs.text() if hasattr(container.logs, "text") else "".join(
        line.text for line in container.logs)


def test_bind_mount_is_read_only_and_not_in_the_layer():
    engine, result = _build("FROM alpine\n"
                            "RUN --mount=type=bind,source=req.txt,target=/app/req.txt cat /app/req.txt > /copy\n",
                            {"req.txt": "flask\n"})
    assert result.image is not None, result.output
    assert _run(engine, "sh", "-c", "cat /copy; ls /app 2>&1") == "flask\nls: /app: No such file or directory\n"
    engine2, failed = _build("FROM alpine\nRUN --mount=type=bind,target=/src sh -c 'echo x > /src/new'\n",
                             {"a": "1"})
    assert failed.image is None
    assert "can't create /src/new: Read-only file system" in failed.output


def test_rw_bind_writes_are_thrown_away():
    engine, result = _build("FROM alpine\nRUN --mount=type=bind,target=/src,rw sh -c 'echo x > /src/a && cat /src/a'\n",
                            {"a": "1"})
    assert result.image is not None
    assert "x" in result.output


def test_cache_mount_persists_across_steps_and_stays_out_of_the_image():
    engine, result = _build("FROM alpine\n"
                            "RUN --mount=type=cache,target=/root/.cache/pip echo one > /root/.cache/pip/f\n"
                            "RUN --mount=type=cache,target=/root/.cache/pip cat /root/.cache/pip/f > /seen\n")
    assert result.image is not None, result.output
    assert _run(engine, "sh", "-c", "cat /seen; ls /root/.cache 2>&1") == \
        "one\nls: /root/.cache: No such file or directory\n"


def test_tmpfs_and_secret():
    engine, result = _build("FROM alpine\n"
                            "RUN --mount=type=tmpfs,target=/scratch sh -c 'echo t > /scratch/a'\n"
                            "RUN --mount=type=secret,id=token sh -c 'wc -c < /run/secrets/token > /len'\n",
                            secrets={"token": b"s3cret"})
    assert result.image is not None, result.output
    assert _run(engine, "sh", "-c", "cat /len; ls /scratch /run/secrets 2>&1 | head -1") == \
        "6\nls: /scratch: No such file or directory\n"
    _, missing = _build("FROM alpine\nRUN --mount=type=secret,id=x,required cat /run/secrets/x\n")
    assert missing.image is None and "secret x not found" in missing.output


def test_bad_mount_key_is_a_parse_error():
    _, result = _build("FROM alpine\nRUN --mount=type=bind,target=/x,bogus=1 true\n")
    assert result.image is None and "unexpected key 'bogus' in 'bogus=1'" in result.output


def test_platform_args():
    engine, result = _build("FROM --platform=$BUILDPLATFORM alpine AS b\n"
                            "ARG TARGETOS\nARG TARGETARCH\n"
                            "RUN echo \"$TARGETOS/$TARGETARCH [$TARGETPLATFORM]\" > /p\n")
    assert result.image is not None, result.output
    assert _run(engine, "cat", "/p") == "linux/amd64 []\n"
