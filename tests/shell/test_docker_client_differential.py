"""The docker 28 client and crsim-shell side by side: the errors the client finds itself.

Each line is given to the real `docker` (with no daemon to reach: these all fail
before it would need one) and to `crsim-shell -c`; what both print, and their exit
statuses, must be the same byte for byte, with crsim-shell in the place of docker.
Skipped where the docker client is not installed.
"""

import re
import shlex
import shutil
import subprocess

import pytest

from shell.main import main
from shell.spec import REGISTRY

DOCKER = shutil.which("docker")
pytestmark = pytest.mark.skipif(DOCKER is None, reason="the docker client is not installed")

LINES = [
    # argument counts (cobra), each wording
    "run", "rm", "stop", "exec c", "exec -it", "inspect", "rmi", "logs", "history", "pull",
    "tag a", "cp a", "network create", "commit", "commit a b c", "port", "port a b c",
    "ps -q x", "images a b",
    # unknown commands and flags
    "nosuchcmd", "network foo", "container foo", "volume foo", "run --nmae x busybox", "run -Z busybox",
    "stats --nope", "run --name",
    # flag values the client parses
    "run --memory abc busybox", "run --cpus abc busybox", "run -e '' busybox", "run -e =x busybox",
    "run -t=maybe busybox", "run --pids-limit abc busybox", "run --stop-timeout x busybox",
    "run --pids-limit 99999999999999999999999 busybox", "run -c 99999999999999999999 busybox",
    "run --cpus 0.0000000001 busybox", "run --cpus nan busybox",
    # empty names, and kinds of object
    "diff ''", "logs ''", "port ''", "top ''", "export ''", "rm ''", "start ''", "kill ''",
    "exec '' ls", "inspect --type foo x",
    # checks the client makes before asking the daemon
    "run --restart always --rm busybox", "run --restart=on-failure:x busybox",
    "run busybox@foo", "run BUSYBOX",
    "run -p 99999:80 busybox", "run -p 80:80:80:80 busybox", "run -p abc busybox",
    "run -p 80/xyz busybox",
    # volumes and mounts
    "network", "volume create a b", "volume rm", "volume inspect", "volume ls x", "volume prune x",
    "volume create --nope", "volume inspect -f '{{' x", "run --mount foo=bar busybox",
    "run --mount type=volume busybox", "run --mount target busybox",
    "run --mount type=tmpfs,target=/x,tmpfs-size=abc busybox", "run --tmpfs", "run -v",
    # templates
    "inspect -f '{{' x", "image inspect -f '{{' x", "network inspect -f '{{' x",
    "ps --format '{{'", "ps --format '{{.Nope}}'", "ps --format '{{json}}'",
    # --ulimit values
    "run --ulimit bogus=1 busybox", "run --ulimit nofile=10:5 busybox", "run --ulimit nofile=x:y busybox",
    "run --ulimit nofile busybox", "run --sysctl vm.swappiness=1 busybox", "run --sysctl foo busybox", "run --mac-address xx busybox",
    "run --mac-address 02:42:ac:11:00:99:11 busybox", "run -a foo busybox", "run -a stdout -d busybox",
    "run --pid foo busybox", "run --pid container: busybox",
    # namespace modes the client checks, in its order (pid, uts, userns, cgroupns)
    "run --uts foo busybox", "run --uts container:x busybox", "run --userns foo busybox",
    "create --uts x busybox", "run --cgroupns foo busybox", "run --pid foo --uts foo busybox",
    "run --userns foo --cgroupns bar busybox", "run --uts foo --userns bar busybox",
    "run --ulimit nofile=1:2:3 busybox", "run --ulimit =1 busybox",
    # help: flags sorted and their texts wrapped as pflag does
    "ps --help", "stats --help", "network ls --help", "logs --help", "stop --help", "rm --help", "tag --help",
    "inspect --help", "top --help", "run --help", "create --help",
    # the pull policy and flags the CLI reads itself
    "run --pull bogus busybox", "create --pull x busybox", "run --shm-size x busybox",
    "run --blkio-weight x busybox", "run --memory-swappiness x busybox",
    "run --blkio-weight 70000 busybox", "run --blkio-weight -1 busybox", "run --io-maxiops -5 busybox",
    # filters are name=value; --platform values; the CLI's checks before a prune
    "network prune --filter foo", "ps --filter foo", "image prune --filter foo",
    "container prune --filter nope", "system prune --volumes --filter until=1h",
    "container inspect", "system info x",
    # a command called by another of its names is named so in its usage texts
    "container start", "container ls x", "container ls --help", "image ls --help", "container rm",
    "image rm", "container run --nope", "network list x",
    # registries: what the client checks before any request
    "push", "push a b", "logout a b", "manifest inspect", "login --password x --password-stdin",
    "login --password-stdin", "login localhost:5000 -u x",
]

# Every command's --help is Docker's, but for these (why, each)
HELP_DIFFERS = {
    **dict.fromkeys((name for name, spec in REGISTRY.commands.items() if spec.group == "Shell"),
                    "crsim's own command (the help's Shell group)"),
    **dict.fromkeys(("build", "builder", "builder prune"),
                    "crsim builds as BuildKit does; this client has only the legacy builder"),
    "events": "--linux shows the Linux operation behind each event (crsim's)",
    "manifest": "only inspect: manifest lists (annotate, create, push, rm) are not simulated",
    "system": "its df says 'Show docker disk usage': docker, the product",
    "system df": "its summary says docker, the product",
    "version": "crsim's own version information",
    # crsim's own commands (help's "Shell" and "Pictures"): the client has nothing to compare
    **{name: "crsim's own command" for name, spec in REGISTRY.commands.items()
       if spec.group in ("Shell", "Pictures")},
    **dict.fromkeys((name for name in REGISTRY.commands if name.split()[0] == "compose"),
                    "the Compose plugin is not installed beside this client"),
}
LINES += [f"{name} --help" for name in sorted(REGISTRY.commands) if name not in HELP_DIFFERS]


def as_crsim(text: str) -> str:
    return re.sub(r"(?<!\.)\bdocker\b(?!\.)", "crsim-shell", text)  # not in docker.io, docs.docker.com


@pytest.mark.parametrize("line", LINES)
def test_same_output_and_status_as_the_docker_client(line, capsys, tmp_path):
    real = subprocess.run([DOCKER, *shlex.split(line)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                               "DOCKER_HOST": f"unix://{tmp_path}/none.sock"})
    assert "Cannot connect" not in real.stderr, "the client needed a daemon: not a client check"
    status = main(["-c", line])
    out, err = capsys.readouterr()
    assert (err, out, status) == (as_crsim(real.stderr), as_crsim(real.stdout), real.returncode)
