"""The generated Docker Hub catalogue: every tag of the official images, built from facts."""

import pytest

from engine.image.registry import ManifestUnknown, PullAccessDenied, catalogue, pull
from engine.image.registry.errors import NoMatchingManifest
from tests.engine.userland.conftest import Box

# The repositories issue 11 names, with the tags real Dockerfiles of courses ask for.
ASKED_FOR = ["python:3.10-alpine", "python:3.7-alpine", "python:alpine", "node:18-alpine",
             "node:14.17.3-alpine3.14", "node:lts-buster-slim", "nginx:alpine", "nginx:1.21.6",
             "nginx:1.13-alpine", "alpine:3.11", "alpine:3.24", "python:3.11-slim", "python:3.9-slim",
             "golang:1.22", "ruby:3.2", "php:8.2-apache", "maven:3.9-eclipse-temurin-17",
             "eclipse-temurin:17-jdk", "openjdk:17", "rust:1.75", "redis:7-alpine", "postgres:16",
             "mysql:8", "mariadb:11", "mongo:7", "httpd:2.4", "memcached:1.6", "traefik:v2.10",
             "registry:2", "hello-world:latest", "debian:bullseye-slim", "ubuntu:20.04",
             "buildpack-deps:bookworm"]


@pytest.mark.parametrize("ref", ASKED_FOR)
def test_tags_courses_ask_for_pull(ref):
    result = pull(ref)
    assert result.image.layers or ref.startswith("hello-world")
    assert result.digest.startswith("sha256:")


def test_each_official_repository_has_its_real_tag_list():
    for repo, least in (("alpine", 150), ("python", 3000), ("node", 5000), ("nginx", 1000),
                        ("golang", 3000), ("php", 10000), ("debian", 1000)):
        assert len(catalogue.tags(f"library/{repo}")) >= least, repo


def test_unknown_tag_and_repository_fail_as_docker_does():
    with pytest.raises(ManifestUnknown) as tag:
        pull("python:2.9-nosuch")
    assert str(tag.value) == "manifest for python:2.9-nosuch not found: manifest unknown: manifest unknown"
    with pytest.raises(PullAccessDenied):
        pull("nosuchrepo:1")


def test_windows_only_tag_has_no_linux_manifest():
    with pytest.raises(NoMatchingManifest) as e:
        pull("python:3.12-windowsservercore")
    assert str(e.value) == ("no matching manifest for linux/amd64 in the manifest list entries: "
                            "no match for platform in manifest: not found")


def test_config_comes_from_the_dockerfile_and_its_base():
    image = pull("python:3.7-alpine").image
    env = dict(e.split("=", 1) for e in image.config.env)
    assert env["PYTHON_VERSION"] == "3.7.17"
    # ENV PATH /usr/local/bin:$PATH expanded against alpine's PATH, as the builder did
    assert env["PATH"] == "/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    assert image.config.cmd == ("python3",)
    redis = pull("redis:7-alpine").image
    assert "6379/tcp" in redis.config.exposed_ports
    assert "/data" in redis.config.volumes
    assert redis.config.working_dir == "/data"
    assert redis.config.entrypoint == ("docker-entrypoint.sh",)
    assert redis.config.cmd == ("redis-server",)


def test_variant_userland_follows_its_base():
    box = Box("python:3.7-alpine")
    status, out, _ = box.sh("cat /etc/alpine-release; python3 --version; which pip")
    assert status == 0 and out.startswith("3.18.") and "Python 3.7.17\n" in out
    assert out.endswith("/usr/local/bin/pip\n")
    slim = Box("python:3.9-slim")
    status, out, _ = slim.sh("cat /etc/os-release | grep VERSION_CODENAME; ls /usr/bin/apt-get")
    assert status == 0 and "VERSION_CODENAME=" in out and "/usr/bin/apt-get" in out


def test_programs_not_simulated_say_so():
    box = Box("golang:1.22-alpine")
    status, _, err = box.run("gofmt", "-l", ".")
    assert status == 127 and err == "gofmt: this program is not simulated by crsim yet\n"


def test_entrypoint_runs_the_main_program_for_options():
    box = Box("redis:7-alpine")
    status, out, _ = box.sh("cat /usr/local/bin/docker-entrypoint.sh")
    assert status == 0 and 'set -- redis-server "$@"' in out


def test_hello_world_prints_the_real_message():
    from engine import Engine
    engine = Engine.deterministic()
    engine.pull("hello-world")
    container = engine.run("hello-world")
    engine.wait_until(lambda: not container.state.running)
    text = "".join(line.text for line in container.logs)
    assert text.startswith("\nHello from Docker!\nThis message shows that your installation appears to be "
                           "working correctly.\n")
    assert container.state.exit_code == 0
    assert pull("hello-world").image.size < 20_000  # one static binary, as on Docker Hub


def test_official_images_carry_the_accounts_their_dockerfiles_create():
    box = Box("nginx:1.25-alpine")
    status, out, _ = box.sh("id nginx; ls /etc/nginx/conf.d")
    assert status == 0 and out.startswith("uid=101(nginx) gid=101(nginx)") and "default.conf" in out
    redis = Box("redis:7")
    status, out, _ = redis.sh("id redis")
    assert status == 0 and out.startswith("uid=999(redis) gid=999(redis)")


def test_images_of_other_publishers_that_real_dockerfiles_build_on():
    fastapi = pull("tiangolo/uvicorn-gunicorn-fastapi:python3.9-slim").image
    assert fastapi.config.cmd == ("/start.sh",) and fastapi.config.working_dir == "/app/"
    env = dict(e.split("=", 1) for e in fastapi.config.env)
    assert env["PYTHONPATH"] == "/app" and env["PYTHON_VERSION"].startswith("3.9.")  # FROM python:3.9-slim
    box = Box("tiangolo/uvicorn-gunicorn-fastapi:python3.9-slim")
    status, out, _ = box.sh("ls -l /start.sh | cut -c1-10; pip list | grep -c -e gunicorn -e uvicorn -e fastapi")
    assert (status, out) == (0, "-rwxr-xr-x\n3\n")  # COPY + RUN chmod +x; pip install -r requirements.txt
    prom = pull("prom/prometheus:v1.4.1").image
    assert prom.config.entrypoint == ("/bin/prometheus",) and "9090/tcp" in prom.config.exposed_ports
    from engine import Engine
    engine = Engine.deterministic()
    engine.pull("prom/prometheus:v1.4.1")
    container = engine.run("prom/prometheus:v1.4.1")
    engine.wait_until(lambda: not container.state.running)
    assert container.state.exit_code == 127
    assert "".join(line.text for line in container.logs) == "prometheus: this program is not simulated by crsim yet\n"
    assert container.fs.stat("/etc/prometheus/prometheus.yml").size == 995  # prometheus' repo at v1.4.1
    assert "latest" in catalogue.tags("prom/prometheus") and len(catalogue.tags("prom/prometheus")) > 400
    docker_tools = pull("gloursdocker/docker").image
    assert not docker_tools.history[0].created_by.startswith("BusyBox")  # FROM scratch
    with pytest.raises(PullAccessDenied):
        pull("tiangolo/nosuch")


def test_microsofts_registry_holds_the_dotnet_images():
    sdk = pull("mcr.microsoft.com/dotnet/sdk:6.0").image
    env = dict(e.split("=", 1) for e in sdk.config.env)
    assert env["DOTNET_SDK_VERSION"].startswith("6.0.") and env["ASPNET_VERSION"].startswith("6.0.")
    box = Box("mcr.microsoft.com/dotnet/sdk:6.0")
    status, out, _ = box.sh("grep VERSION_CODENAME /etc/os-release; ls -l /usr/bin/dotnet | cut -c1-10")
    assert (status, out) == (0, "VERSION_CODENAME=bookworm\n-rwxr-xr-x\n")  # FROM amd64/debian:bookworm-slim
    layers = pull("mcr.microsoft.com/dotnet/aspnet:5.0").image.layers
    assert len({layer.digest for layer in layers}) == len(layers)  # each image adds its own part
    with pytest.raises(Exception) as e:
        pull("mcr.microsoft.com/nosuch/thing:1")
    assert not isinstance(e.value, PullAccessDenied)  # an unknown registry repository is not Hub's message
