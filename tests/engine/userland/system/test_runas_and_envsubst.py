"""su-exec, gosu and tini run commands as official images' entrypoints use them; envsubst
against GNU gettext's where it is installed."""

import shutil
import subprocess

import pytest

from tests.engine.userland.conftest import Box

ENVSUBST_CASES = [([], "host=$HOST ${PORT} $1 $$ $NOPE ${HOST}x $\n"), (["$HOST"], "$HOST $PORT\n"),
                  (["-v", "$A ${B} c $D"], ""), (["a", "b"], "")]


@pytest.fixture(scope="module")
def nginx():
    return Box("nginx:1.25")


@pytest.mark.skipif(shutil.which("envsubst") is None, reason="gettext's envsubst is not installed")
@pytest.mark.parametrize("args, stdin", ENVSUBST_CASES)
def test_envsubst_as_gettext(nginx, args, stdin):
    env = {"HOST": "web", "PORT": "80", "PATH": "/usr/bin:/bin"}
    real = subprocess.run(["envsubst", *args], input=stdin.encode(), capture_output=True, env=env)
    status, out, err = nginx.run("envsubst", *args, stdin=stdin, env=["HOST=web", "PORT=80"])
    assert (out, err, status) == (real.stdout.decode(), real.stderr.decode(), real.returncode)


def test_su_exec_gosu_and_tini_switch_and_pass_status():
    box = Box("alpine")
    box.sh("adduser -D app")
    for runner in ("su-exec", "gosu", "tini"):
        box.fs.install(f"/usr/local/bin/{runner}", box.fs.stat("/bin/busybox").with_changes(program=runner))
    status, out, _ = box.sh("su-exec app id -un; gosu app:app sh -c 'echo $HOME; exit 3'; echo $?")
    assert (status, out) == (0, "app\n/home/app\n3\n")
    status, out, err = box.sh("tini -- sh -c 'exit 5'; echo $?; tini --version; su-exec nosuch true")
    assert out == "5\ntini version 0.19.0\n" and status == 1
    assert err == "su-exec: getpwnam(nosuch): No such file or directory\n"
