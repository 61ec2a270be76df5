"""build's buildx flags: labels, --iidfile, --secret, -o (local and tar exporters),
--no-cache-filter, --pull, and buildx's own checks and the docker driver's refusals."""

import io
import tarfile

import pytest

from engine import Engine
from shell.session import Session

DOCKERFILE = "FROM busybox\nRUN echo hi > /hi\n"


@pytest.fixture
def sh(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ctx").mkdir()
    (tmp_path / "ctx" / "Dockerfile").write_text(DOCKERFILE)
    return Session(Engine.deterministic()).execute


def test_labels_are_set_on_the_image(sh):
    out, status = sh("build -q --label org.example=1 --label empty -t lab ctx")
    assert status == 0, out
    assert sh("inspect -f '{{json .Config.Labels}}' lab") == ('{"empty":"","org.example":"1"}\n', 0)
    # a label is no step: the history has the RUN and the base image's own entries only
    assert "LABEL" not in sh("history --no-trunc lab")[0]


def test_iidfile_holds_the_image_id(sh, tmp_path):
    out, status = sh("build -q --iidfile id.txt -t one ctx")
    assert status == 0
    assert (tmp_path / "id.txt").read_text() == out.strip()
    assert out.startswith("sha256:") and len(out.strip()) == 71


def test_secret_from_a_file_and_from_the_environment(sh, tmp_path):
    (tmp_path / "ctx" / "Dockerfile").write_text(
        "FROM busybox\nRUN --mount=type=secret,id=tok --mount=type=secret,id=API_KEY "
        "cat /run/secrets/tok /run/secrets/API_KEY > /seen\n")
    (tmp_path / "tok.txt").write_text("from-file\n")
    sh("export API_KEY=from-env")
    out, status = sh("build -q -t sec --secret id=tok,src=tok.txt --secret id=API_KEY ctx")
    assert status == 0, out
    assert sh("run --rm sec cat /seen") == ("from-file\nfrom-env", 0)


@pytest.mark.parametrize("spec,message", [
    ("src=tok.txt", "ERROR: secret missing ID"),
    ("id=x,src=nope.txt", "ERROR: failed to stat nope.txt: stat nope.txt: no such file or directory"),
    ("id=x,type=ssh", 'ERROR: unsupported secret type "ssh"'),
    ("id=x,foo=1", "ERROR: unexpected key 'foo' in 'foo=1'"),
    ("idx", "ERROR: invalid field 'idx' must be a key=value pair"),
])
def test_bad_secrets(sh, spec, message):
    assert sh(f"build --secret {spec} ctx") == (message + "\n", 1)


def test_local_exporter_writes_the_final_stage(sh, tmp_path):
    (tmp_path / "ctx" / "Dockerfile").write_text(
        "FROM busybox AS build\nRUN echo built > /app.txt\n"
        "FROM scratch\nCOPY --from=build /app.txt /out/\n")
    out, status = sh("build -o dist -t never ctx")
    assert status == 0, out
    assert out.endswith("#7 exporting to client directory\n#7 copying files 6B done\n"
                        "#7 DONE 0.0s\n")
    assert (tmp_path / "dist" / "out" / "app.txt").read_text() == "built\n"
    assert sh("images -q never") == ("", 0)  # the local exporter stores no image


def test_tar_exporter_writes_an_archive(sh, tmp_path):
    (tmp_path / "ctx" / "Dockerfile").write_text("FROM scratch\nCOPY Dockerfile /d/\n")
    out, status = sh("build -o type=tar,dest=out.tar ctx")
    assert status == 0, out
    assert "#5 exporting to client tarball\n#5 sending tarball done\n" in out
    names = tarfile.open(fileobj=io.BytesIO((tmp_path / "out.tar").read_bytes())).getnames()
    assert names == ["d", "d/Dockerfile"]


def test_image_and_local_exporters_together(sh, tmp_path):
    out, status = sh("build -q -o type=image -o type=local,dest=both -t both ctx")
    assert status == 0 and out.startswith("sha256:")
    assert (tmp_path / "both" / "hi").read_text() == "hi\n"
    assert sh("images -q both")[0].strip() == out.strip()[7:19]


def test_no_cache_filter_rebuilds_the_named_stage_only(sh, tmp_path):
    (tmp_path / "ctx" / "Dockerfile").write_text(
        "FROM busybox AS deps\nRUN echo deps\nFROM deps AS app\nRUN echo app\n")
    sh("build ctx")
    out, _ = sh("build --no-cache-filter app ctx")
    assert "[deps 2/2] RUN echo deps\n#5 CACHED" in out
    assert "RUN echo app\n#6 0.100 app" in out


def test_pull_resolves_the_base_from_the_registry(sh, tmp_path):
    sh("build -q -t mybase ctx")
    (tmp_path / "ctx" / "Dockerfile").write_text("FROM mybase\nRUN true\n")
    assert sh("build -q ctx")[1] == 0  # found here
    out, status = sh("build --pull ctx")
    assert status == 1
    assert out.splitlines()[-1] == (
        "ERROR: failed to solve: mybase: failed to resolve source metadata for "
        "docker.io/library/mybase:latest: pull access denied, repository does not exist or "
        "may require authorization: server message: insufficient_scope: authorization failed")


@pytest.mark.parametrize("flags,message", [
    ("--label =x", 'ERROR: invalid key-value pair "=x": empty key'),
    ("--build-arg =x", 'ERROR: invalid key-value pair "=x": empty key'),
    ("-o x=y", "ERROR: type is required for output"),
    ("-o type=local", "ERROR: dest is required for local exporter"),
    ("-o type=local,dest=-", "ERROR: dest cannot be stdout for local exporter"),
    ("-o type=foo", 'ERROR: failed to solve: exporter "foo" could not be found'),
    ("-o out --iidfile i", "ERROR: local and tar exporters are incompatible with image ID file"),
    ("--no-cache --no-cache-filter a", "ERROR: --no-cache and --no-cache-filter cannot currently "
                                       "be used together"),
    ("-q --progress plain", "ERROR: progress=plain and quiet cannot be used together"),
    ("--network bridge", 'ERROR: network mode "bridge" not supported by buildkit - you can define '
                         "a custom network for your builder using the network driver-opt in "
                         "buildx create"),
    ("--cache-to type=local,dest=c", "ERROR: Cache export is not supported for the docker driver.\n"
     "Switch to a different driver, or turn on the containerd image store, and try again.\n"
     "Learn more at https://docs.docker.com/go/build-cache-backends/"),
    ("--sbom=true", "ERROR: Attestation is not supported for the docker driver.\n"
     "Switch to a different driver, or turn on the containerd image store, and try again.\n"
     "Learn more at https://docs.docker.com/go/attestations/"),
    ("--platform linux/amd64,linux/arm64", "ERROR: Multi-platform build is not supported for the "
     "docker driver.\nSwitch to a different driver, or turn on the containerd image store, and "
     "try again.\nLearn more at https://docs.docker.com/go/build-multi-platform/"),
])
def test_what_buildx_refuses(sh, flags, message):
    assert sh(f"build {flags} ctx") == (message + "\n", 1)


def test_disabled_attestations_and_load_are_fine(sh):
    out, status = sh("build -q --provenance=false --sbom=false --load ctx")
    assert status == 0 and out.startswith("sha256:")


def test_legacy_flags_are_accepted_with_buildx_warnings(sh):
    out, status = sh("build -q --squash --rm=false --force-rm -m 1g ctx")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith('time="') and lines[0].endswith(
        'level=warning msg="experimental flag squash is removed with BuildKit. You should squash '
        'inside build using a multi-stage Dockerfile for efficiency."')
    assert lines[1].startswith("sha256:")


def test_unsimulated_flags_are_listed_and_refused(sh):
    assert "--add-host strings" in sh("build --help")[0]
    out, status = sh("build --add-host a:1.2.3.4 ctx")
    assert status != 0 and "add-host" in out


def test_progress_goes_to_stderr_and_the_quiet_id_to_stdout(tmp_path):
    """As docker build (buildx) does: `docker build . 2>/dev/null` shows nothing,
    `docker build -q .` prints only the image ID on stdout."""
    import os
    import subprocess
    import sys
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    (tmp_path / "Dockerfile").write_text("FROM busybox\nRUN echo hi > /f\n")

    def crsim(*commands):
        return subprocess.run([sys.executable, "-m", "shell.main", "-c", "\n".join(commands)],
                              cwd=root, env=dict(os.environ, PYTHONPATH=root), capture_output=True,
                              text=True, timeout=120)
    done = crsim(f"build -t demo {tmp_path}")
    assert done.returncode == 0 and done.stdout == ""
    assert "#1 [internal] load build definition from Dockerfile" in done.stderr
    assert "naming to docker.io/library/demo:latest" in done.stderr
    quiet = crsim(f"build -q {tmp_path}")
    assert quiet.stderr == "" and quiet.stdout.startswith("sha256:") and len(quiet.stdout) == 72
    failed = crsim(f"build -q {tmp_path}/nowhere")
    assert failed.returncode == 1 and failed.stdout == "" and "ERROR:" in failed.stderr
