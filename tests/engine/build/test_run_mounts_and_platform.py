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


def test_mount_values_are_read_as_buildkit_reads_them():
    import pytest

    from engine.build.run_mounts import MountError, parse
    assert parse("type=cache,target=/c") == {"type": "cache", "target": "/c", "ro": "false"}
    assert parse("target=/src")["ro"] == "true"  # a bind is read-only by default
    assert parse("target=/src,readwrite")["ro"] == "false"
    assert parse("target=/src,rw=false")["ro"] == "true"
    assert parse('"target=/a,b",ro=0') == {"type": "bind", "target": "/a,b", "ro": "false"}
    assert parse("type=secret,id=tok,required=T")["required"] == "true"
    assert parse("type=cache,target=$D", lambda v: v.replace("$D", "/x,y"))["target"] == "/x,y"
    for spec, message in [
            ("type=cach,target=/c", 'unsupported mount type "cach" (did you mean cache?)'),
            ("target=/c,targt=/d", "unexpected key 'targt' in 'targt=/d' (did you mean target?)"),
            ("target=/c,bogus", "invalid field 'bogus' must be a key=value pair"),
            ("target=/c,required", "unexpected key 'required' for mount type 'bind'"),
            ("target=/c,ro=yes", "invalid value for ro: yes"),
            ("type=cache,target=/c,mode=9", "invalid value 9 for mode"),
            ("target=/c,uid=0", 'uid not allowed for "bind" type mounts'),
            ("type=cache,target=/c,sharing=lockd", 'unsupported sharing value "lockd" (did you mean locked?)'),
            ("type=tmpfs,target=/c,sharing=locked", "invalid cache sharing set for tmpfs mount"),
            ("type=secret", "invalid secret mount. one of source, target required"),
            ("type=secret,id=a,source=b", "both source and id can't be set"),
            ("type=bind,target=/c,size=1m", "unexpected key 'size' for mount type 'bind'")]:
        with pytest.raises(MountError) as err:
            parse(spec)
        assert str(err.value) == message, spec


def test_secret_as_a_variable_and_secret_named_by_its_target():
    engine, result = _build("FROM alpine\n"
                            "RUN --mount=type=secret,id=tok,env=TOKEN sh -c 'echo $TOKEN > /v; ls /run/secrets 2>&1 > /ls || true'\n"
                            "RUN --mount=type=secret,target=/etc/tok cat /etc/tok > /t\n",
                            secrets={"tok": b"s3cret"})
    assert result.image is not None, result.output
    assert _run(engine, "sh", "-c", "cat /v /t; env | grep -c TOKEN") == "s3cret\ns3cret0\n"


def test_mount_without_target_lands_on_the_workdir():
    engine, result = _build("FROM alpine\nWORKDIR /app\nRUN --mount=type=bind,source=a ls /app > /seen\n",
                            {"a": "1"})
    assert result.image is not None, result.output
    _, failed = _build("FROM alpine\nRUN --mount=type=bind,source=a true\n", {"a": "1"})
    assert failed.image is None and 'invalid mount target "/"' in failed.output
