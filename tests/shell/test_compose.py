"""compose: the file model (interpolation as compose-go, merging, names), `config` as
`docker compose config` prints it, and up -d / ps / down on the simulated engine."""

import os
import re
import subprocess
import sys

import pytest

from engine import Engine
from shell.compose.interpolate import InvalidTemplate, MissingRequired, substitute
from shell.compose.project import normalize_name
from shell.session import Session

FILES = os.path.join(os.path.dirname(__file__), "compose_files")
ENV = {"FOO": "first", "BAR": ""}


def sub(text):
    unset = []
    return substitute(text, ENV.get, unset), unset


@pytest.mark.parametrize("template,expected", [
    ("$${foo}", "${foo}"), ("$FOO-bar", "first-bar"), ("This ${FOO} var", "This first var"),
    ("ok ${missing:-def}", "ok def"), ("ok ${missing-def}", "ok def"), ("ok ${BAR:-def}", "ok def"),
    ("ok ${BAR-def}", "ok "), ("ok ${BAR:-/non:-alphanumeric}", "ok /non:-alphanumeric"),
    ("ok ${UNSET_VAR-${FOO} ${FOO}}", "ok first first"), ("ok ${BAR:-$FOO}", "ok first"),
    ("${UNSET_VAR-myerror?msg}", "myerror?msg"), ("${FOO?bar-baz}", "first"), ("ok ${BAR?err}", "ok "),
    ("${FOO:+set}", "set"), ("${BAR:+set}", ""), ("${BAR+set}", "set"), ("${NOPE+set}", ""),
])
def test_interpolation_follows_compose_go(template, expected):
    assert sub(template)[0] == expected


def test_unset_variables_are_reported_for_the_warning():
    assert sub("This ${missing} var $other")[1] == ["missing", "other"]
    assert sub("${missing:-x}")[1] == []


@pytest.mark.parametrize("template", ["${", "$}", "${}", "${ }", "${ foo}", "${foo }", "${foo!}"])
def test_invalid_templates(template):
    with pytest.raises(InvalidTemplate):
        sub(template)


@pytest.mark.parametrize("template,message", [
    ("not ok ${UNSET_VAR:?Mandatory Variable Unset}", "required variable UNSET_VAR is missing a value: Mandatory Variable Unset"),
    ("not ok ${BAR:?Mandatory Variable Empty}", "required variable BAR is missing a value: Mandatory Variable Empty"),
    ("not ok ${UNSET_VAR:?}", "required variable UNSET_VAR is missing a value"),
    ("not ok ${UNSET_VAR?}", "required variable UNSET_VAR is missing a value"),
    ("${UNSET_VAR?bar-baz}", "required variable UNSET_VAR is missing a value: bar-baz"),
    ("not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}", "required variable UNSET_VAR is missing a value: Mandatory Variable first"),
])
def test_required_variables(template, message):
    with pytest.raises(MissingRequired) as err:
        sub(template)
    assert str(err.value) == message


def test_project_names_are_normalised_like_compose_go():
    assert normalize_name("My App.v2") == "myappv2"
    assert normalize_name("_-web") == "web"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def sh():
    return Session(Engine.deterministic()).execute


def write(directory, text, name="compose.yaml"):
    (directory / name).write_text(text)


WEB = """services:
  web:
    image: nginx:${TAG:-alpine}
    ports:
      - "8080:80"
    depends_on: [db]
    environment:
      - MODE=prod
  db:
    image: redis
    volumes:
      - data:/data
volumes:
  data:
"""
SLEEPERS_A_B = ("services:\n  a:\n    image: alpine\n    command: sleep 1000\n"
                "  b:\n    image: alpine\n    command: sleep 1000\n")


def test_config_prints_the_normalised_model(project, sh):
    app = project / "My_App"
    app.mkdir()
    write(app, WEB)
    os.chdir(app)
    out, status = sh("compose config")
    assert status == 0
    assert out == """name: my_app
services:
  db:
    image: redis
    networks:
      default: null
    volumes:
      - type: volume
        source: data
        target: /data
        volume: {}
  web:
    depends_on:
      db:
        condition: service_started
        required: true
    environment:
      MODE: prod
    image: nginx:alpine
    networks:
      default: null
    ports:
      - mode: ingress
        target: 80
        published: "8080"
        protocol: tcp
networks:
  default:
    name: my_app_default
volumes:
  data:
    name: my_app_data
"""


def test_config_of_awesome_compose_wordpress_mysql(sh, monkeypatch):
    monkeypatch.chdir(os.path.join(FILES, "wordpress-mysql"))
    out, status = sh("compose config")
    assert status == 0
    assert out == """name: wordpress-mysql
services:
  db:
    command:
      - --default-authentication-plugin=mysql_native_password
    environment:
      MYSQL_DATABASE: wordpress
      MYSQL_PASSWORD: wordpress
      MYSQL_ROOT_PASSWORD: somewordpress
      MYSQL_USER: wordpress
    expose:
      - "3306"
      - "33060"
    image: mariadb:10.6.4-focal
    networks:
      default: null
    restart: always
    volumes:
      - type: volume
        source: db_data
        target: /var/lib/mysql
        volume: {}
  wordpress:
    environment:
      WORDPRESS_DB_HOST: db
      WORDPRESS_DB_NAME: wordpress
      WORDPRESS_DB_PASSWORD: wordpress
      WORDPRESS_DB_USER: wordpress
    image: wordpress:latest
    networks:
      default: null
    ports:
      - mode: ingress
        target: 80
        published: "80"
        protocol: tcp
    restart: always
networks:
  default:
    name: wordpress-mysql_default
volumes:
  db_data:
    name: wordpress-mysql_db_data
"""


def test_env_file_merge_and_project_flag(project, sh):
    write(project, WEB)
    write(project, "services:\n  web:\n    environment:\n      DEBUG: 1\n    ports: ['9090:90']\n",
          "extra.yml")
    (project / ".env").write_text("TAG=1.27\nCOMPOSE_PROJECT_NAME=fromenv\n")
    out, status = sh("compose -f compose.yaml -f extra.yml config")
    assert status == 0
    assert out.startswith("name: fromenv\n")
    assert "image: nginx:1.27" in out and 'DEBUG: "1"' in out and "MODE: prod" in out
    assert 'published: "8080"' in out and 'published: "9090"' in out
    assert sh("compose -p other config")[0].startswith("name: other\n")
    out, status = sh("compose -p 'Bad Name' config")
    assert status == 1 and out.startswith('invalid project name "Bad Name": must consist only')


def test_errors_as_compose_words_them(project, sh):
    assert sh("compose config") == ("no configuration file provided: not found\n", 1)
    write(project, "services:\n  web:\n    image: ${IMG:?set IMG}\n")
    assert sh("compose config") == ("error while interpolating services.web.image: required variable "
                                    "IMG is missing a value: set IMG\n", 1)
    write(project, "services:\n  web:\n    image: a$\n")
    assert sh("compose config") == ("invalid interpolation format for services.web.image.\nYou may "
                                    "need to escape any $ with another $.\na$\n", 1)
    write(project, "services:\n  web:\n    image: x:${TAG}\n")
    out, status = sh("compose config")
    assert status == 0
    assert re.match(r'time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" level=warning msg="The \\"TAG\\" variable '
                    r'is not set. Defaulting to a blank string."\n', out)


def test_up_ps_down(project, sh):
    app = project / "shop"
    app.mkdir()
    write(app, WEB)
    os.chdir(app)
    out, status = sh("compose up -d")
    assert status == 0
    lines = [line for line in out.splitlines() if "Pull" not in line]
    assert lines == [" Network shop_default  Creating", " Network shop_default  Created",
                     ' Volume "shop_data"  Creating', ' Volume "shop_data"  Created',
                     " Container shop-db-1  Creating", " Container shop-db-1  Created",
                     " Container shop-web-1  Creating", " Container shop-web-1  Created",
                     " Container shop-db-1  Starting", " Container shop-db-1  Started",
                     " Container shop-web-1  Starting", " Container shop-web-1  Started"]
    assert sh("ps --filter label=com.docker.compose.project=shop --format '{{.Names}}'")[0] == \
        "shop-web-1\nshop-db-1\n"
    labels = sh("inspect -f '{{json .Config.Labels}}' shop-web-1")[0]
    for part in ('"com.docker.compose.service":"web"', '"com.docker.compose.container-number":"1"',
                 '"com.docker.compose.oneoff":"False"', '"com.docker.compose.depends_on":"db:service_started:false"',
                 f'"com.docker.compose.project.working_dir":"{app}"'):
        assert part in labels
    assert "1 packets received" in sh("exec shop-web-1 ping -c 1 db")[0]  # the service name resolves
    out, _ = sh("compose ps")
    assert out.splitlines()[0].split() == ["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS",
                                           "PORTS"]
    assert "shop-web-1" in out and "0.0.0.0:8080->80/tcp" in out
    assert sh("compose up -d")[0] == " Container shop-db-1  Running\n Container shop-web-1  Running\n"
    write(app, WEB.replace("MODE=prod", "MODE=dev"))
    out, _ = sh("compose up -d")
    assert " Container shop-web-1  Recreate\n Container shop-web-1  Recreated\n" in out
    out, status = sh("compose down")
    assert status == 0 and out.endswith(" Network shop_default  Removing\n Network shop_default  Removed\n")
    assert sh("volume ls -q") == ("shop_data\n", 0)  # named volumes stay without -v
    sh("compose up -d")
    out, _ = sh("compose down -v")
    assert " Volume shop_data  Removed" in out
    assert sh("volume ls -q") == ("", 0) and sh("ps -aq") == ("", 0)
    assert "shop_default" not in sh("network ls")[0]


def test_up_without_an_existing_image_fails_cleanly(project, sh):
    write(project, "services:\n  web:\n    image: no-such-image-anywhere\n")
    out, status = sh("compose up -d")
    assert status != 0 and "Traceback" not in out
    assert sh("ps -aq") == ("", 0)


def test_other_commands_do_not_import_yaml():
    code = ("import sys; from shell.main import main; sys.argv=['crsim-shell','-c','version'];\n"
            "try:\n main()\nexcept SystemExit: pass\nprint('yaml' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    assert result.stdout.strip().endswith("False")


def test_global_flags_before_the_subcommand(project, sh):
    write(project, WEB, "app.yml")
    assert sh("compose -f app.yml -p demo config --services") == ("db\nweb\n", 0)
    assert sh("compose --file=app.yml config --services -p demo") == ("db\nweb\n", 0)
    out, status = sh("compose -p demo nosuch")
    assert status == 1 and "unknown command" in out and "nosuch" in out


def test_lookup_order_parents_override_and_env_file(project, sh):
    write(project, "services:\n  a:\n    image: alpine\n", "docker-compose.yml")
    write(project, "services:\n  b:\n    image: ${IMG}\n", "compose.yaml")
    write(project, "services:\n  b:\n    environment:\n      - X\n", "compose.override.yaml")
    (project / "vars.env").write_text("# comment\nexport IMG='busybox:1.36'\nX=\"from file\"\n")
    sub_dir = project / "deep" / "er"
    sub_dir.mkdir(parents=True)
    os.chdir(sub_dir)  # found in a parent, compose.yaml before docker-compose.yml
    out, status = sh(f"compose --env-file {project / 'vars.env'} config")
    assert status == 0
    assert "  b:\n    environment:\n      X: from file\n    image: busybox:1.36\n" in out
    assert "  a:" not in out
    assert sh("compose --env-file nope.env config") == (
        f"couldn't find env file: {sub_dir / 'nope.env'}\n", 1)


def test_ports_volumes_and_networks_long_forms(project, sh):
    write(project, """services:
  web:
    image: nginx
    ports: ["127.0.0.1:8000-8001:80-81/udp", "9000"]
    volumes: ["./site:/usr/share/nginx/html:ro", "/cache"]
    networks:
      front:
        aliases: [www]
      back: {}
networks:
  front:
  back:
    external: true
""")
    out, status = sh("compose -p p config")
    assert status == 0
    assert """    networks:
      back: {}
      front:
        aliases:
          - www
    ports:
      - mode: ingress
        host_ip: 127.0.0.1
        target: 80
        published: "8000"
        protocol: udp
      - mode: ingress
        host_ip: 127.0.0.1
        target: 81
        published: "8001"
        protocol: udp
      - mode: ingress
        target: 9000
        protocol: tcp
    volumes:
      - type: bind
        source: %s/site
        target: /usr/share/nginx/html
        read_only: true
        bind:
          create_host_path: true
      - type: volume
        target: /cache
        volume: {}
networks:
  back:
    name: back
    external: true
  front:
    name: p_front
""" % project in out


def test_aliases_resolve_on_the_project_network(project, sh):
    write(project, """services:
  web:
    image: alpine
    command: sleep 1000
    networks:
      default:
        aliases: [www.local]
  client:
    image: alpine
    command: sleep 1000
""")
    assert sh("compose -p al up -d")[1] == 0
    for name in ("www.local", "web", "al-web-1"):
        assert "1 packets received" in sh(f"exec al-client-1 ping -c 1 {name}")[0]
    assert sh("compose -p al down")[1] == 0


def test_schema_errors_name_the_file_and_key(project, sh):
    write(project, "services:\n  web:\n    image: nginx\n    foo: 1\n")
    assert sh("compose config") == (f"validating {project / 'compose.yaml'}: services.web additional "
                                    f"properties 'foo' not allowed\n", 1)
    write(project, "services:\n  web: nginx\n")
    assert sh("compose config") == (f"validating {project / 'compose.yaml'}: services.web must be a "
                                    f"mapping\n", 1)
    write(project, "services:\n  web:\n    image: nginx\n    x-note: kept\n")
    assert "    x-note: kept\n" in sh("compose config")[0]


def test_depends_on_conditions_wait_for_health_and_completion(project, sh):
    write(project, """services:
  db:
    image: alpine
    command: sleep 1000
    healthcheck:
      test: ["CMD", "true"]
      interval: 2s
  init:
    image: alpine
    command: sh -c "sleep 3; exit 0"
  web:
    image: alpine
    command: sleep 1000
    depends_on:
      db:
        condition: service_healthy
      init:
        condition: service_completed_successfully
""")
    out, status = sh("compose -p w up -d")
    assert status == 0, out
    lines = out.splitlines()
    start = lines.index(" Container w-web-1  Starting")
    assert {" Container w-db-1  Healthy", " Container w-init-1  Exited"} <= set(lines[:start])
    assert lines.index(" Container w-db-1  Waiting") < lines.index(" Container w-db-1  Healthy")
    assert sh("inspect -f '{{.State.Health.Status}}' w-db-1") == ("healthy\n", 0)
    sh("compose -p w down")
    write(project, """services:
  init:
    image: alpine
    command: sh -c "exit 3"
  web:
    image: alpine
    command: sleep 1000
    depends_on:
      init:
        condition: service_completed_successfully
""")
    out, status = sh("compose -p w up -d")
    assert status == 1
    assert out.endswith(" Container w-init-1  service \"init\" didn't complete successfully: exit 3\n"
                        "service \"init\" didn't complete successfully: exit 3\n")


HEALTHY_DEPENDENCY = """services:
  db:
    image: alpine
    command: {command}
    healthcheck:
      test: ["CMD", "{test}"]
      interval: 1s
      retries: 2
  web:
    image: alpine
    command: sleep 1000
    depends_on:
      db:
        condition: service_healthy
"""


def test_a_dependency_that_never_becomes_healthy_fails_up_as_compose_does(project, sh):
    write(project, HEALTHY_DEPENDENCY.format(command="sleep 1000", test="false"))
    out, status = sh("compose -p u up -d")
    assert status == 1
    assert out.endswith(" Container u-db-1  Error\n"
                        "dependency failed to start: container u-db-1 is unhealthy\n"), out
    assert sh("inspect -f '{{.State.Status}}' u-web-1") == ("created\n", 0)
    sh("compose -p u down")
    write(project, HEALTHY_DEPENDENCY.format(command='sh -c "exit 4"', test="true"))
    out, status = sh("compose -p u up -d")
    assert status == 1
    assert out.endswith("dependency failed to start: container u-db-1 exited (4)\n"), out


def test_a_restart_looping_dependency_is_waited_for_until_a_script_gives_up(project, sh):
    write(project, HEALTHY_DEPENDENCY.format(command='sh -c "exit 1"', test="true")
          .replace("    command: sh", "    restart: always\n    command: sh", 1))
    out, status = sh("compose -p r up -d")
    assert status == 130
    assert out.endswith(" Container r-db-1  Waiting\ncrsim-shell: container r-db-1 restarts for "
                        "ever and never becomes healthy: Compose would wait until Ctrl-C; "
                        "interrupted\n"), out
    assert int(sh("inspect -f '{{.RestartCount}}' r-db-1")[0]) > 5


def test_logs_stop_start_restart(project, sh):
    write(project, """services:
  api:
    image: alpine
    command: sh -c "echo api up; echo two; sleep 1000"
  frontend:
    image: alpine
    command: sh -c "echo front up; sleep 1000"
    depends_on: [api]
""")
    sh("compose -p lg up -d")
    out, status = sh("compose -p lg logs")
    assert status == 0
    assert sorted(out.splitlines()) == ["api-1       | api up", "api-1       | two",
                                        "frontend-1  | front up"]
    assert sh("compose -p lg logs --tail 1 --no-log-prefix api") == ("two\n", 0)
    # after the subcommand -f is logs' --follow (a script shows what is there and goes on)
    assert sh("compose -f compose.yaml -p lg logs -f --tail 1 --no-log-prefix api") == ("two\n", 0)
    assert sh("compose -p lg logs nope") == ("no such service: nope\n", 1)
    assert sh("compose -p lg stop")[0] == (" Container lg-frontend-1  Stopping\n Container lg-frontend-1  Stopped\n"
                                           " Container lg-api-1  Stopping\n Container lg-api-1  Stopped\n")
    assert sh("compose -p lg start")[0] == (" Container lg-api-1  Starting\n Container lg-api-1  Started\n"
                                            " Container lg-frontend-1  Starting\n Container lg-frontend-1  Started\n")
    assert sh("compose -p lg restart api")[0] == " Container lg-api-1  Restarting\n Container lg-api-1  Started\n"
    assert sh("compose -p lg down")[1] == 0


def test_ls_lists_projects_by_their_labels(project, sh):
    write(project, SLEEPERS_A_B)
    sh("compose -p one up -d")
    sh("compose -p two up -d a")
    sh("stop two-a-1")
    assert sh("compose ls")[0].splitlines() == [
        "NAME                STATUS              CONFIG FILES",
        f"one                 running(2)          {project / 'compose.yaml'}"]
    assert sh("compose ls -a -q") == ("one\ntwo\n", 0)
    assert '"Status":"exited(1)"' in sh("compose ls -a --format json")[0]


def test_profiles_leave_services_out_unless_active(project, sh, monkeypatch):
    write(project, "services:\n  app:\n    image: alpine\n  debug:\n    image: busybox\n"
                   "    profiles: [dev]\n")
    assert sh("compose config --services") == ("app\n", 0)
    assert sh("compose --profile dev config --services") == ("app\ndebug\n", 0)
    assert "  debug:\n    profiles:\n      - dev\n    image: busybox\n" in sh("compose --profile '*' config")[0]
    sh("export COMPOSE_PROFILES=dev")
    assert sh("compose config --services") == ("app\ndebug\n", 0)


def test_scale_and_replicas(project, sh):
    write(project, """services:
  web:
    image: alpine
    command: sleep 1000
    deploy:
      replicas: 2
  probe:
    image: alpine
    command: sleep 1000
""")
    out, status = sh("compose -p sc up -d")
    assert status == 0
    assert sh("compose -p sc ps --services") == ("probe\nweb\n", 0)
    names = sh("ps --format '{{.Names}}' --filter label=com.docker.compose.service=web")[0].split()
    assert sorted(names) == ["sc-web-1", "sc-web-2"]
    assert sh("inspect -f '{{index .Config.Labels \"com.docker.compose.container-number\"}}' sc-web-2") == ("2\n", 0)
    assert "1 packets received" in sh("exec sc-probe-1 ping -c 1 web")[0]
    out, _ = sh("compose -p sc up -d --scale web=3")
    assert " Container sc-web-3  Created" in out and " Container sc-web-1  Running" in out
    out, _ = sh("compose -p sc up -d --scale web=1")
    assert " Container sc-web-3  Removed" in out and " Container sc-web-2  Removed" in out
    assert sh("compose -p sc up -d --scale nope=2") == ("no such service: nope\n", 1)
    sh("compose -p sc down")
    assert sh("ps -aq") == ("", 0)


def test_exec_runs_in_the_service_container(project, sh):
    write(project, "services:\n  web:\n    image: alpine\n    command: sleep 1000\n"
                   "    deploy:\n      replicas: 2\n")
    sh("compose -p ex up -d")
    assert sh("compose -p ex exec web hostname")[0] == sh("inspect -f '{{.Config.Hostname}}' ex-web-1")[0]
    assert sh("compose -p ex exec --index 2 -e A=b web sh -c 'echo $A'") == ("b\n", 0)
    assert sh("compose -p ex exec -T web sh -c 'exit 3'")[1] == 3
    sh("compose -p ex stop")
    assert sh("compose -p ex exec web true") == ('service "web" is not running\n', 1)


def test_up_attached_prints_prefixed_logs_until_all_exit(project, sh):
    write(project, """services:
  job:
    image: alpine
    command: sh -c "echo working; sleep 2; echo done"
  quick:
    image: alpine
    command: sh -c "echo hi; exit 4"
""")
    out, status = sh("compose -p at up")
    assert status == 0
    lines = [line for line in out.splitlines() if "Pull" not in line]
    assert lines[:4] == [" Network at_default  Creating", " Network at_default  Created",
                         " Container at-job-1  Creating", " Container at-job-1  Created"]
    rest = lines[lines.index("Attaching to job-1, quick-1"):]
    assert set(rest) == {"Attaching to job-1, quick-1", "job-1    | working", "quick-1  | hi",
                         "quick-1 exited with code 4", "job-1    | done", "job-1 exited with code 0"}
    assert rest.index("quick-1 exited with code 4") < rest.index("job-1    | done")
    write(project, "services:\n  srv:\n    image: alpine\n    command: tail -f /dev/null\n")
    out, status = sh("compose -p at2 up")  # nothing ends it: a script's wait is interrupted
    assert status == 130
    assert out.endswith("Gracefully Stopping... press Ctrl+C again to force\n"
                        " Container at2-srv-1  Stopping\n Container at2-srv-1  Stopped\n"
                        "srv-1 exited with code 137\n")


def test_kill_pause_rm_port_pull(project, sh):
    write(project, "services:\n  web:\n    image: nginx\n    ports: ['8080:80']\n"
                   "  side:\n    image: alpine\n    command: sleep 1000\n")
    out, status = sh("compose -p k pull")
    assert status == 0 and " web Pulling \n web Pulled \n" in out
    sh("compose -p k up -d")
    assert sh("compose -p k port web 80") == ("0.0.0.0:8080\n", 0)
    assert sh("compose -p k port web 81") == ("no port 81/tcp for container k-web-1: 80/tcp\n", 1)
    assert sh("compose -p k pause side") == (" Container k-side-1  Paused\n", 0)
    assert sh("ps --format '{{.Status}}' --filter name=k-side-1")[0].endswith("(Paused)\n")
    assert sh("compose -p k unpause") == (" Container k-side-1  Unpaused\n", 0)
    assert sh("compose -p k rm -f") == ("No stopped containers\n", 0)
    assert sh("compose -p k kill side") == (" Container k-side-1  Killing\n Container k-side-1  Killed\n", 0)
    out, status = sh("compose -p k rm")
    assert status == 1 and out.startswith("Going to remove k-side-1\n")
    assert sh("compose -p k rm -f") == ("Going to remove k-side-1\n Container k-side-1  Removing\n"
                                        " Container k-side-1  Removed\n", 0)
    assert sh("ps -a --format '{{.Names}}'") == ("k-web-1\n", 0)


def test_file_flag_before_rm_is_not_its_force(project, sh):
    write(project, "services:\n  side:\n    image: alpine\n    command: 'true'\n", "other.yml")
    sh("compose -f other.yml -p r up -d")
    sh("compose -f other.yml -p r stop")
    assert sh("compose -f other.yml -p r rm -f")[0].endswith(" Container r-side-1  Removed\n")
    assert sh("compose -fother.yml -p r config --services") == ("side\n", 0)


def test_durations_and_sizes_as_compose_go_writes_them(project, sh):
    from engine.durations import go_duration
    assert [go_duration(n) for n in (0, 500, 1500, 2_500_000, 10 ** 9, 90 * 10 ** 9, 3600 * 10 ** 9,
                                     1_500_000_000)] == ["0s", "500ns", "1.5µs", "2.5ms", "1s", "1m30s",
                                                         "1h0m0s", "1.5s"]
    write(project, """services:
  db:
    image: postgres
    stop_grace_period: 1m
    healthcheck:
      test: pg_isready
      interval: 90s
      retries: 5
    deploy:
      resources:
        limits:
          cpus: '0.5'
          memory: 512M
""")
    out, status = sh("compose -p d config")
    assert status == 0
    assert """    deploy:
      resources:
        limits:
          cpus: 0.5
          memory: "536870912"
    healthcheck:
      test:
        - CMD-SHELL
        - pg_isready
      interval: 1m30s
      retries: 5
""" in out and "    stop_grace_period: 1m0s\n" in out


def test_resource_limits_reach_the_cgroup(project, sh):
    write(project, "services:\n  app:\n    image: alpine\n    command: sleep 1000\n    deploy:\n"
                   "      resources:\n        limits:\n          cpus: '0.5'\n          memory: 64M\n")
    sh("compose -p lim up -d")
    assert sh("inspect -f '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}' lim-app-1") == \
        ("67108864 500000000\n", 0)
    assert sh("exec lim-app-1 cat /sys/fs/cgroup/memory.max") == ("67108864\n", 0)


def test_extends_from_this_file_and_another(project, sh):
    (project / "common").mkdir()
    write(project / "common", "services:\n  base:\n    image: alpine\n    volumes: ['./data:/data']\n"
                              "    environment: {A: '1', B: '2'}\n", "base.yml")
    write(project, """services:
  web:
    extends:
      file: common/base.yml
      service: base
    environment:
      B: three
  worker:
    extends: web
    command: work
""")
    out, status = sh("compose -p e config")
    assert status == 0, out
    assert """  web:
    environment:
      A: "1"
      B: three
    image: alpine
    networks:
      default: null
    volumes:
      - type: bind
        source: %s/common/data
""" % project in out
    assert "  worker:\n    command:\n      - work\n    environment:\n      A: \"1\"\n" in out
    write(project, "services:\n  a:\n    extends: b\n    image: x\n  b:\n    extends: a\n")
    out, status = sh("compose -p e config")
    assert status == 1 and out.startswith("Circular reference:\n  a in ")
    write(project, "services:\n  a:\n    extends: nope\n")
    assert sh("compose -p e config") == (f'cannot extend service "a" in {project / "compose.yaml"}: '
                                         f'service "nope" not found\n', 1)


def test_orphans_are_reported_then_removed(project, sh):
    write(project, SLEEPERS_A_B)
    sh("compose -p o up -d")
    write(project, "services:\n  a:\n    image: alpine\n    command: sleep 1000\n")
    out, status = sh("compose -p o up -d")
    assert status == 0
    assert "level=warning msg=\"Found orphan containers ([o-b-1]) for this project. If you removed" in out
    out, _ = sh("compose -p o up -d --remove-orphans")
    assert " Container o-b-1  Removed" in out
    assert sh("ps -a --format '{{.Names}}'") == ("o-a-1\n", 0)


def test_build_sections_are_built_and_tagged(project, sh):
    app = project / "app"
    app.mkdir()
    (app / "Dockerfile").write_text("FROM alpine\nARG GREETING=hi\nRUN echo $GREETING > /greeting\n"
                                    "CMD [\"cat\", \"/greeting\"]\n")
    write(project, "services:\n  web:\n    build:\n      context: ./app\n      args:\n"
                   "        GREETING: hello\n")
    out, status = sh("compose -p bld up -d")
    assert status == 0, out
    assert " web  Built\n" in out and " Container bld-web-1  Started" in out
    assert sh("images --format '{{.Repository}}' bld-web") == ("bld-web\n", 0)
    assert sh("logs bld-web-1") == ("hello\n", 0)
    out, status = sh("compose -p bld up -d")
    assert "Built" not in out  # the image exists: no build without --build
    out, status = sh("compose -p bld build --build-arg GREETING=again")
    assert status == 0 and out.endswith(" web  Built\n")
    (app / "Dockerfile").write_text("FROM alpine\nRUN exit 3\n")
    out, status = sh("compose -p bld up -d --build")
    assert status == 1 and "Traceback" not in out


def test_top_lists_each_container_processes(project, sh):
    write(project, "services:\n  a:\n    image: alpine\n    command: sleep 1000\n"
                   "    deploy:\n      replicas: 2\n")
    sh("compose -p tp up -d")
    lines = sh("compose -p tp top")[0].splitlines()
    assert lines[0].split() == ["SERVICE", "#", "UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert [line.split()[:2] for line in lines[1:]] == [["a", "1"], ["a", "2"]]
    assert lines[1].endswith("sleep 1000") and lines[0].startswith("SERVICE  #   UID   PID   PPID  C   STIME")


def test_run_one_off_containers(project, sh):
    write(project, """services:
  db:
    image: alpine
    command: sleep 1000
  app:
    image: alpine
    command: echo default
    ports: ['8000:8000']
    depends_on: [db]
""")
    out, status = sh("compose -p rn run --rm app sh -c 'echo one-off; exit 5'")
    assert status == 5
    out = out.replace(" db Pulling \n db Pulled \n", "")
    assert out.startswith(" Network rn_default  Creating\n Network rn_default  Created\n"
                          " Container rn-db-1  Creating\n Container rn-db-1  Created\n"
                          " Container rn-db-1  Starting\n Container rn-db-1  Started\n")
    assert out.endswith("one-off\n")
    assert sh("ps -a --format '{{.Names}}'") == ("rn-db-1\n", 0)  # --rm: the one-off is gone
    out, status = sh("compose -p rn run -d app")
    assert status == 0
    name = sh(f"inspect -f '{{{{.Name}}}} {{{{index .Config.Labels \"com.docker.compose.oneoff\"}}}}' {out.split()[-1]}")[0]
    assert re.fullmatch(r"/rn-app-run-[0-9a-f]{12} True\n", name)
    assert sh("compose -p rn run nope") == ("no such service: nope\n", 1)


def test_version_needs_no_file(project, sh):
    assert sh("compose version") == ("Docker Compose version v2.39.1\n", 0)
    assert sh("compose version --short") == ("2.39.1\n", 0)
    assert sh("compose version -f json") == ('{"version":"v2.39.1"}\n', 0)


def test_at_the_prompt_up_draws_compose_tty_frame(project, monkeypatch):
    """Interactive: Compose's TTY writer, redrawn in place; the last frame stays."""
    monkeypatch.setenv("COLUMNS", "60")
    write(project, HEALTHY_DEPENDENCY.format(command="sleep 1000", test="true"))
    session = Session(Engine.deterministic())
    session.interactive = True
    session.execute("pull -q alpine")
    out, status = session.execute("compose -p t up -d")
    assert status == 0
    frames = out.split("\x1b[?25l")[1:]
    assert len(frames) == out.count("\x1b[?25h") > 5  # one frame per event
    assert frames[0].endswith("\x1b[?25h\x1b[2A\x1b[0G")  # then back up over the first frame
    last = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", frames[-1]).splitlines()
    def line(left, timer):  # the timer ends at the terminal's edge (60 columns)
        return left + " " * (60 - len(left) - len(timer)) + timer
    assert last == [
        "[+] Running 3/3",
        line(" ✔ Network t_default  Created", "0.0s "),
        line(" ✔ Container t-db-1   Healthy", "1.0s "),  # the first check, after 1 s
        line(" ✔ Container t-web-1  Started", "1.0s "),
    ]
    assert "\x1b[32m✔\x1b[0m Container t-db-1   \x1b[32mHealthy\x1b[0m" in frames[-1]


def test_compose_exec_feeds_a_here_document_to_the_command(project, sh):
    write(project, "services:\n  box:\n    image: alpine\n    command: sleep 1000\n")
    sh("compose -p hd up -d")
    assert sh("compose -p hd exec -T box sh -c 'tr a-z A-Z' <<EOF\nhello\nEOF") == ("HELLO\n", 0)
