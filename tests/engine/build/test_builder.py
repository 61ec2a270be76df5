"""The builder: steps, layers, cache rules, multi-stage, context rules, failures."""

import pytest

from engine import Engine
from engine.build.context import BuildContext, excluded, read_dockerignore
from engine.vfs.entry import regular, symlink


@pytest.fixture(scope="module")
def base():
    engine = Engine.deterministic()
    engine.pull("alpine")
    return engine


@pytest.fixture
def engine(base):
    engine = Engine.deterministic()
    image = base.images.lookup("alpine")
    engine.images.add(image, ["alpine:latest"])
    return engine


def ctx(**files):
    return BuildContext.from_files({k.replace("__", "/"): v for k, v in files.items()})


def build(engine, text, context=None, **options):
    result = engine.build(text, context or ctx(), **options)
    return result


def test_run_copy_and_metadata_make_layers_and_history(engine):
    r = build(engine, "FROM alpine\nWORKDIR /app\nCOPY app.py .\nRUN echo hi > /app/out\n"
                      "ENV A=1\nCMD [\"cat\", \"/app/out\"]\n", ctx(**{"app.py": "x\n"}), tags=["app"])
    assert r.status == 0, r.output
    image = engine.images.lookup("app")
    base = engine.images.lookup("alpine")
    assert len(image.layers) == len(base.layers) + 3
    new = [(h.created_by, h.empty_layer) for h in image.history[len(base.history):]]
    assert new == [("WORKDIR /app", False), ("COPY app.py . # buildkit", False),
                   ("RUN /bin/sh -c echo hi > /app/out # buildkit", False),
                   ("ENV A=1", True), ('CMD ["cat" "/app/out"]', True)]
    assert image.config.cmd == ("cat", "/app/out") and image.config.working_dir == "/app"
    assert "#5 [internal] load build context" in r.lines
    assert "#7 [3/4] COPY app.py ." in r.lines
    out = r.output
    assert out.startswith('#0 building with "default" instance using docker driver\n\n'
                          "#1 [internal] load build definition from Dockerfile\n")
    assert "#9 naming to docker.io/library/app:latest done" in r.lines
    c = engine.run("app")
    assert "".join(line.text for line in c.logs) == "hi\n"


def test_run_output_is_prefixed_with_step_and_time(engine):
    r = build(engine, "FROM alpine\nRUN echo one && sleep 2 && echo two\n")
    # besides the 2 s it sleeps: 1 ms from fork() to `sleep`'s first instruction, 1 ms what
    # it costs itself (the cost model)
    assert "#5 0.100 one" in r.lines and "#5 2.102 two" in r.lines
    assert "#5 DONE 2.1s" in r.lines


def test_unchanged_rebuild_hits_the_cache_and_gives_the_same_image(engine):
    text = "FROM alpine\nRUN echo a > /a\nCOPY f /f\nRUN cat /f\n"
    first = build(engine, text, ctx(f="1"))
    second = build(engine, text, ctx(f="1"))
    assert second.image.id == first.image.id
    assert second.executed_steps == 0 and second.cached_steps == 3
    assert "#4 CACHED" in second.lines and "#7 exporting layers done" not in second.lines


def test_mtime_only_change_hits_and_content_change_misses_everything_below(engine):
    text = "FROM alpine\nRUN echo a > /a\nCOPY f /f\nRUN cat /f\n"
    build(engine, text, ctx(f=regular("1", mtime=10)))
    same = build(engine, text, ctx(f=regular("1", mtime=99)))
    assert same.executed_steps == 0
    changed = build(engine, text, ctx(f=regular("2", mtime=99)))
    assert changed.cached_steps == 1 and changed.executed_steps == 2


def test_changed_arg_misses_at_first_use_not_at_the_arg(engine):
    text = "FROM alpine\nRUN echo first\nARG V=1\nRUN echo second\n"
    build(engine, text)
    r = build(engine, text, build_args={"V": "2"})
    assert r.cached_steps == 1 and r.executed_steps == 1
    history = r.image.history[-1].created_by
    assert history == "RUN |1 V=2 /bin/sh -c echo second # buildkit"


def test_no_cache_rebuilds_everything(engine):
    text = "FROM alpine\nRUN echo a\n"
    build(engine, text)
    assert build(engine, text, no_cache=True).executed_steps == 1


def test_multi_stage_and_target(engine):
    text = ("FROM alpine AS builder\nRUN mkdir /out && echo bin > /out/app\n"
            "FROM alpine\nCOPY --from=builder /out/app /usr/local/bin/app\n")
    r = build(engine, text, tags=["ms"])
    assert r.status == 0, r.output
    assert "#5 [builder 2/2] RUN mkdir /out && echo bin > /out/app" in r.lines
    assert any(line.startswith("#") and "[stage-1 2/2] COPY --from=builder" in line
               for line in r.lines)
    index = engine.image_index(engine.images.lookup("ms"))
    assert index.get("/usr/local/bin/app").content == b"bin\n"
    assert index.get("/out") is None
    t = build(engine, text, target="builder", tags=["b"])
    assert engine.image_index(engine.images.lookup("b")).get("/out/app") is not None
    assert not any("stage-1" in line for line in t.lines)


def test_dockerignore_patterns():
    patterns = read_dockerignore("# c\n*.log\n**/tmp\n!keep.log\nbuild/\n")
    assert excluded("a.log", patterns) and not excluded("keep.log", patterns)
    assert excluded("x/y/tmp/z", patterns) and excluded("tmp", patterns)
    assert excluded("build/out.o", patterns) and not excluded("src/a.log", patterns)


def test_dockerignore_leaves_files_out_of_copy(engine):
    context = ctx(**{"a.txt": "a", "secret.key": "k", ".dockerignore": "*.key\n"})
    r = build(engine, "FROM alpine\nCOPY . /src/\n", context,
              dockerignore=context.read_text("/.dockerignore"), tags=["ig"])
    index = engine.image_index(engine.images.lookup("ig"))
    assert index.get("/src/a.txt") is not None and index.get("/src/secret.key") is None


def test_copy_outside_the_context_is_refused(engine):
    r = build(engine, "FROM alpine\nCOPY ../x /x\n", ctx(a="1"))
    assert r.status == 1
    assert r.lines[-1].startswith("ERROR: failed to solve: failed to compute cache key: "
                                  "failed to calculate checksum of ref ")
    assert r.lines[-1].endswith(': "/x": not found')


def test_symlinks_in_the_context_stay_inside(engine):
    context = BuildContext.from_files({"link": symlink("../../../etc/passwd"), "a": "1"})
    r = build(engine, "FROM alpine\nCOPY link /l\n", context)
    # The link resolves inside the context's root, where /etc/passwd does not exist.
    assert r.status == 1 and r.lines[-1].endswith('"/link": not found')


def test_failing_run_prints_buildkits_error(engine):
    r = build(engine, "FROM alpine\nRUN echo oops; exit 3\n")
    assert r.status == 1
    tail = r.lines[r.lines.index("------"):]
    assert tail == ["------", " > [2/2] RUN echo oops; exit 3:", "0.100 oops", "------",
                    "Dockerfile:2", "--------------------", "   1 |     FROM alpine",
                    "   2 | >>> RUN echo oops; exit 3", "   3 |     ", "--------------------",
                    'ERROR: failed to solve: process "/bin/sh -c echo oops; exit 3" did not '
                    "complete successfully: exit code: 3"]


def test_add_unpacks_a_local_tar_and_refuses_urls(engine):
    import io
    import tarfile
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        info = tarfile.TarInfo("dir/hello.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    r = build(engine, "FROM alpine\nADD a.tar.gz /opt/\n", ctx(**{"a.tar.gz": buf.getvalue()}),
              tags=["t"])
    assert r.status == 0, r.output
    assert engine.image_index(engine.images.lookup("t")).get("/opt/dir/hello.txt").content == b"hi"
    r = build(engine, "FROM alpine\nADD https://example.com/x /x\n")
    assert r.status == 1 and 'Get "https://example.com/x"' in r.lines[-1]


def test_layer_commits_are_events(engine):
    build(engine, "FROM alpine\nRUN echo a > /a\n")
    events = [e for e in engine.events if e.type == "builder"]
    assert events and "sha256sum" in events[-1].linux[0]
