"""pip install with requirements files, specifiers, markers and local projects."""

import pytest

from engine.userland.pkg.catalogue.pypi import lookup
from engine.userland.pkg.requirements import (canonical, marker_true, parse, read_file, satisfies,
                                              version_key)
from tests.engine.userland.conftest import Box


def test_specifiers_follow_pep_440():
    assert satisfies("2.0.1", [("==", "2.0.1")]) and not satisfies("3.1.3", [("<", "3")])
    assert satisfies("3.1.3", [("~=", "3.1")]) and not satisfies("4.0", [("~=", "3.1")])
    assert satisfies("1.4.2", [("==", "1.4.*")]) and not satisfies("1.5", [("==", "1.4.*")])
    assert version_key("1.0.dev1") < version_key("1.0a1") < version_key("1.0rc1") < version_key("1.0") \
        < version_key("1.0.post1")
    assert version_key("1.0") == version_key("1.0.0")


def test_requirement_lines_and_markers():
    req = parse('uvicorn[standard]>=0.20,<1; python_version >= "3.8"')
    assert (req.name, req.extras, req.specs) == ("uvicorn", ("standard",), ((">=", "0.20"), ("<", "1")))
    env = {"python_version": "3.7", "python_full_version": "3.7.17", "sys_platform": "linux"}
    assert not marker_true(req.marker, env)
    assert marker_true("python_version < '3.8' and sys_platform != 'win32'", env)
    assert marker_true("(sys_platform == 'win32' or python_version < '3.8')", env)
    lines = read_file("# web\nFlask==2.0.1  # pinned\n\n-r base.txt\n-e .\ngunicorn \\\n  >=20\n")
    assert [(l.number, l.kind, l.value) for l in lines] == [
        (2, "req", "Flask==2.0.1"), (4, "option", "-r"), (5, "editable", "."), (6, "req", "gunicorn   >=20")]
    assert canonical("Flask_SQLAlchemy") == canonical("flask.sqlalchemy") == "flask-sqlalchemy"


def test_the_index_knows_the_most_downloaded_projects():
    for name in ("gunicorn", "redis", "Django", "fastapi", "uvicorn", "PyYAML", "pymongo",
                 "mysql-connector-python", "psycopg2-binary", "SQLAlchemy", "celery"):
        assert lookup(name) is not None, name
    assert lookup("no-such-project-here") is None


@pytest.fixture(scope="module")
def python():
    return Box("python:3.7-alpine")


def test_install_from_a_requirements_file(python):
    python.sh("printf 'Flask==2.0.1\\nredis>=3.5  # cache\\n' > /tmp/r.txt")
    status, out, err = python.run("pip", "install", "--no-cache-dir", "-r", "/tmp/r.txt")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "Collecting Flask==2.0.1 (from -r /tmp/r.txt (line 1))"
    assert "Collecting click>=8.1.3 (from Flask==2.0.1->-r /tmp/r.txt (line 1))" in lines
    # redis needs async-timeout below Python 3.11.3: this image has 3.7.17
    assert any(l.startswith("Collecting async-timeout>=4.0.3 (from redis>=3.5->") for l in lines)
    assert "flask-2.0.1" in out.split("Successfully installed ")[1]
    status, out, _ = python.run("pip", "freeze")
    assert "flask==2.0.1\n" in out and "redis==" in out


def test_errors_are_pips(python):
    status, _, err = python.run("pip", "install", "-r", "missing.txt")
    assert status == 1
    assert err == ("ERROR: Could not open requirements file: [Errno 2] No such file or directory: "
                   "'missing.txt'\n")
    status, _, err = python.run("pip", "install", "no-such-project-here")
    assert status == 1 and err.endswith("ERROR: No matching distribution found for no-such-project-here\n")
    status, _, err = python.run("pip", "install", "--bogus", "x")
    assert status == 2 and err.endswith("\nno such option: --bogus\n")
    status, _, err = python.run("pip", "install", "flask>=99")
    assert status == 1 and "(from versions: 3.1.3)" in err


def test_upgrade_pip_and_quiet(python):
    status, out, _ = python.run("pip", "install", "--upgrade", "pip")
    assert status == 0
    assert "Successfully uninstalled pip-23.0.1" in out and "Successfully installed pip-25.3" in out
    status, out, _ = python.run("pip", "install", "-q", "--root-user-action=ignore", "gunicorn")
    assert status == 0 and out == ""


def test_editable_local_project(python):
    python.sh("mkdir -p /app && printf '[project]\\nname = \"demo\"\\nversion = \"1.2\"\\n"
              "dependencies = [\"idna\"]\\n' > /app/pyproject.toml")
    status, out, err = python.run("pip", "install", "-e", ".", workdir="/app")
    assert status == 0, err
    assert out.startswith("Obtaining file:///app\n")
    assert "demo-1.2" in out and "idna-" in out
