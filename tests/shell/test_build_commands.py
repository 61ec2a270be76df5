"""build, history, tag, rmi, image prune, system df through the shell."""

import pytest

from engine import Engine
from shell.session import Session


@pytest.fixture
def sh():
    session = Session(Engine.deterministic())
    session.execute("pull -q alpine")
    return session.execute


def test_build_from_a_directory_and_history(sh, tmp_path):
    (tmp_path / "app.py").write_text("print(1)\n")
    (tmp_path / "Dockerfile").write_text("FROM alpine\nCOPY app.py /app/\nRUN echo hi\n"
                                         "CMD [\"python3\", \"/app/app.py\"]\n")
    out, status = sh(f"build -t myapp {tmp_path}")
    assert status == 0, out
    assert "#6 [2/3] COPY app.py /app/" in out and "#7 0.100 hi" in out
    out, status = sh("history myapp")
    lines = out.splitlines()
    assert lines[0].split() == ["IMAGE", "CREATED", "CREATED", "BY", "SIZE", "COMMENT"]
    assert 'CMD ["python3" "/app/app.py"]' in lines[1] and lines[1].split()[-2:] == ["0B", "buildkit.dockerfile.v0"]
    assert lines[2].startswith("<missing>") and "RUN /bin/sh -c echo hi # buildkit" in lines[2]
    assert "COPY app.py /app/ # buildkit" in lines[3] and " 9B " in lines[3]
    out, _ = sh("history -q --no-trunc myapp")
    assert out.splitlines()[0].startswith("sha256:") and out.splitlines()[1] == "<missing>"


def test_heredoc_and_inline_dockerfiles(sh):
    out, status = sh("build -t a - <<EOF\nFROM alpine\nRUN echo from-heredoc\nEOF")
    assert status == 0 and "#5 0.100 from-heredoc" in out
    out, status = sh('build -q -t b "FROM alpine;RUN echo x > /x;CMD cat /x"')
    assert status == 0 and out.startswith("sha256:")
    out, _ = sh("run --rm b")
    assert out == "x\n"


def test_failing_build_exits_1(sh):
    out, status = sh('build "FROM alpine;RUN exit 3"')
    assert status == 1
    assert out.splitlines()[-1] == ('ERROR: failed to solve: process "/bin/sh -c exit 3" did not '
                                    'complete successfully: exit code: 3')


def test_tag_rmi_conflict_and_prune(sh):
    sh('build -q -t app "FROM alpine;RUN echo 1 > /one"')
    assert sh("tag app app:v2") == ("", 0)
    sh("create --name web app")
    out, status = sh("rmi app:v2")
    assert (out, status) == ("Untagged: app:v2\n", 0)
    out, status = sh("rmi app")
    assert status == 1 and "container" in out and "is using its referenced image" in out
    sh("rm web")
    out, status = sh("rmi app")
    assert status == 0 and out.splitlines()[0] == "Untagged: app:latest"
    assert out.splitlines()[1].startswith("Deleted: sha256:")
    sh('build -q -t tmp "FROM alpine;RUN echo 2 > /two"')
    sh('build -q -t tmp "FROM alpine;RUN echo 3 > /three"')
    out, status = sh("image prune -f")
    lines = out.splitlines()
    assert lines[0] == "Deleted Images:" and lines[1].startswith("deleted: sha256:")
    assert lines[-1] == "Total reclaimed space: 2B"


def test_system_df(sh):
    sh('build -q -t app "FROM alpine;RUN echo 1 > /one"')
    out, status = sh("system df")
    lines = out.splitlines()
    assert lines[0].split() == ["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"]
    assert lines[1].split()[:3] == ["Images", "2", "0"]
    assert lines[4].split()[:2] == ["Build", "Cache"]
    out, _ = sh("system df -v")
    assert "SHARED SIZE   UNIQUE SIZE   CONTAINERS" in out
    row = next(l for l in out.splitlines() if l.startswith("app "))
    assert row.split()[-3:] == ["8.44MB", "2B", "0"]
