"""compose watch: develop.watch rules as Compose v2.39 reads them, the host's changes
batched, and each batch synced into the containers, restarting or rebuilding them."""

import os
import re
import threading
import time

import pytest

from engine import Engine
from engine.clock import WallClock
from shell.commands.compose_watch import handle
from shell.compose import watch
from shell.compose.project import ComposeError
from shell.interrupts import SIGINT
from shell.session import Context, Output, Session

COMPOSE = """services:
  web:
    build: .
    develop:
      watch:
        - action: sync
          path: ./app
          target: /srv/app
          ignore: [cache/]
        - action: sync+restart
          path: ./conf
          target: /etc/web
        - action: rebuild
          path: Dockerfile
  db:
    image: busybox
    command: ["sleep", "1000"]
"""
DOCKERFILE = 'FROM busybox\nCOPY app /srv/app\nCMD ["sleep", "1000"]\n'


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "a.txt").write_text("one\n")
    (tmp_path / "conf").mkdir()
    return tmp_path


def load(directory):
    from shell.compose.project import Options, load as load_model
    return load_model(Options(cwd=str(directory)), {})


def test_rules_map_host_paths_to_container_paths(app):
    rules = watch.rules(load(app), [])
    sync = rules[0]
    assert (sync.service, sync.action, sync.path) == ("web", "sync", str(app / "app"))
    assert sync.maps(str(app / "app" / "src" / "x.py")) == (str(app / "app" / "src" / "x.py"),
                                                            "/srv/app/src/x.py")
    assert sync.maps(str(app / "app")) == (str(app / "app"), "/srv/app")
    assert sync.maps(str(app / "application.txt")) is None  # a sibling, not below the path
    assert sync.maps(str(app / "app" / "cache" / "x")) is None  # its ignore pattern
    assert sync.maps(str(app / "app" / ".a.txt.swp")) is None  # an editor's swap file
    assert sync.maps(str(app / "app" / "notes~")) is None
    assert rules[2].maps(str(app / "Dockerfile")) == (str(app / "Dockerfile"), "")


def test_dockerignore_of_the_build_context_applies(app):
    (app / ".dockerignore").write_text("# comment\n*.log\napp/*.tmp\n")
    sync = watch.rules(load(app), [])[0]
    assert sync.maps(str(app / "app" / "x.tmp")) is None
    assert sync.maps(str(app / "app" / "x.txt")) is not None
    # anchored at the context, as in a build: *.log is only the context's own
    assert sync.maps(str(app / "app" / "x.log")) is not None


def test_include_narrows_what_matches(app):
    (app / "compose.yaml").write_text(COMPOSE.replace("ignore: [cache/]", "include: ['*.py']"))
    sync = watch.rules(load(app), [])[0]
    assert sync.maps(str(app / "app" / "main.py")) is not None
    assert sync.maps(str(app / "app" / "main.txt")) is None


def test_rebuild_needs_a_build_section(app):
    (app / "compose.yaml").write_text(
        "services:\n  db:\n    image: busybox\n    develop:\n      watch:\n"
        "        - action: rebuild\n          path: .\n")
    with pytest.raises(ComposeError) as err:
        watch.rules(load(app), [])
    assert str(err.value) == "can't watch service \"db\" with action rebuild without a build context"


def test_a_batch_waits_for_half_a_second_of_quiet(app):
    watcher = watch.Watcher(watch.rules(load(app), ["web"]))
    assert watcher.poll(0.0) == []
    (app / "app" / "a.txt").write_text("two, and longer\n")
    (app / "app" / "b.txt").write_text("new\n")
    assert watcher.poll(1.0) == []  # seen, not quiet yet
    assert watcher.poll(1.2) == []
    assert watcher.poll(1.5) == [str(app / "app" / "a.txt"), str(app / "app" / "b.txt")]
    assert watcher.poll(3.0) == []  # nothing new
    os.remove(app / "app" / "b.txt")
    watcher.poll(4.0)
    assert watcher.poll(4.6) == [str(app / "app" / "b.txt")]  # a removal is a change too


def test_plan_groups_the_actions_by_service(app):
    rules = watch.rules(load(app), [])
    batch = [str(app / "app" / "a.txt"), str(app / "conf" / "web.conf"), str(app / "Dockerfile"),
             str(app / "elsewhere")]
    result = watch.plan(batch, rules)
    assert result.rebuild == ["web"]
    assert result.restart == ["web"]
    assert result.sync == {"web": [(str(app / "app" / "a.txt"), "/srv/app/a.txt"),
                                   (str(app / "conf" / "web.conf"), "/etc/web/web.conf")]}


def test_go_quoted_list():
    assert watch.go_quoted_list(["web", "db"]) == '["web" "db"]'


@pytest.fixture
def up(app):
    session = Session(Engine.deterministic())
    text, status = session.execute("compose up -d")
    assert status == 0, text
    return session


def handled(session, app, batch):
    """What ``handle`` prints for a batch of changed host paths (stdout, stderr)."""
    project = load(app)
    out = Output()
    handle(Context(session, out), {"quiet": True, "prune": True}, project,
           watch.plan(batch, watch.rules(project, [])))
    return out.text


def test_a_sync_copies_changed_files_and_removes_what_is_gone(app, up):
    (app / "app" / "a.txt").write_text("two\n")
    (app / "app" / "deep").mkdir()
    (app / "app" / "deep" / "b.txt").write_text("b\n")
    batch = [str(app / "app" / p) for p in ("a.txt", "deep", "deep/b.txt")]
    assert handled(up, app, batch) == 'Syncing service "web" after 3 changes were detected\n'
    assert up.execute("compose exec -T web cat /srv/app/a.txt /srv/app/deep/b.txt") == ("two\nb\n", 0)
    os.remove(app / "app" / "deep" / "b.txt")
    assert handled(up, app, [str(app / "app" / "deep" / "b.txt")]) == \
        'Syncing service "web" after 1 changes were detected\n'
    assert up.execute("compose exec -T web ls /srv/app/deep") == ("", 0)


def test_a_new_target_directory_is_made(app, up):
    (app / "conf" / "web.conf").write_text("port=80\n")
    text = handled(up, app, [str(app / "conf" / "web.conf")])
    name = f"{app.name.lower()}-web-1"
    assert text == (f'Syncing service "web" after 1 changes were detected\n'
                    f' Container {name}  Restarting\n Container {name}  Started\n'
                    f'service(s) ["web"] restarted\n')
    assert up.execute("compose exec -T web cat /etc/web/web.conf") == ("port=80\n", 0)


def test_a_rebuild_recreates_the_container_and_prunes_the_old_image(app, up):
    old = up.execute("images -q " + f"{app.name.lower()}-web")[0].strip()
    (app / "app" / "a.txt").write_text("rebuilt\n")
    (app / "Dockerfile").write_text(DOCKERFILE + "ENV MODE=dev\n")
    text = handled(up, app, [str(app / "Dockerfile")])
    name = f"{app.name.lower()}-web-1"
    assert text == ('Rebuilding service(s) ["web"] after changes were detected...\n'
                    'service(s) ["web"] successfully built\n'
                    f' Container {name}  Recreate\n Container {name}  Recreated\n'
                    f' Container {name}  Starting\n Container {name}  Started\n')
    assert up.execute("compose exec -T web sh -c 'echo $MODE; cat /srv/app/a.txt'") == \
        ("dev\nrebuilt\n", 0)
    assert old and old not in up.execute("images -q")[0]


def test_a_failed_build_is_a_warning_and_the_watch_goes_on(app, up):
    (app / "Dockerfile").write_text("FROM busybox\nRUN exit 3\n")
    text = handled(up, app, [str(app / "Dockerfile")])
    lines = text.splitlines()
    assert lines[0] == 'Rebuilding service(s) ["web"] after changes were detected...'
    assert lines[1].startswith("Build failed. Error: ")
    assert lines[2].startswith('time="') and "level=warning msg=\"Error handling changed files: " \
        in lines[2]


def test_watch_needs_a_develop_section(app):
    (app / "compose.yaml").write_text("services:\n  db:\n    image: busybox\n")
    text, status = Session(Engine.deterministic()).execute("compose watch")
    assert (text, status) == ("none of the selected services is configured for watch, see "
                              "https://docs.docker.com/compose/how-tos/file-watch/\n", 1)


def test_watch_syncs_while_it_runs_until_ctrl_c(app, monkeypatch):
    """The whole command on a wall clock: up, "Watch enabled", a change synced, Ctrl-C."""
    import engine.engine as engine_module
    monkeypatch.setattr(engine_module, "WALL_POLL", 0.05)
    session = Session(Engine(clock=WallClock()), interactive=True)

    def edit():
        time.sleep(0.5)
        (app / "app" / "a.txt").write_text("edited\n")
        time.sleep(1.5)
        session.interrupts.post(SIGINT)
    threading.Thread(target=edit, daemon=True).start()
    text, status = session.execute("compose watch")
    assert status == 130
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)  # at the prompt, up's TTY frame came first
    assert plain.splitlines()[-2:] == ["Watch enabled",
                                       'Syncing service "web" after 1 changes were detected']
    assert session.execute("compose exec -T web cat /srv/app/a.txt") == ("edited\n", 0)


def test_config_prints_watch_rules_as_compose_go_does(app):
    text, status = Session(Engine.deterministic()).execute("compose config")
    assert status == 0
    assert f"""    develop:
      watch:
        - path: {app}/app
          action: sync
          target: /srv/app
          ignore:
            - cache/
        - path: {app}/conf
          action: sync+restart
          target: /etc/web
        - path: {app}/Dockerfile
          action: rebuild
""" in text


def test_images_compose_builds_carry_its_labels(app, up):
    labels = up.execute(f"image inspect -f '{{{{json .Config.Labels}}}}' {app.name.lower()}-web")[0]
    assert labels == ('{"com.docker.compose.project":"%s","com.docker.compose.service":"web",'
                      '"com.docker.compose.version":"2.39.1"}\n' % app.name.lower())


def test_up_watch_follows_logs_and_files_until_ctrl_c(app, monkeypatch):
    """`up --watch`: the logs as `up` shows them, the watcher's lines marked " ⦿ " in the
    same column (its name, "#watch", widens the prefixes), then Ctrl-C stops everything."""
    import engine.engine as engine_module
    monkeypatch.setattr(engine_module, "WALL_POLL", 0.05)
    (app / "Dockerfile").write_text('FROM busybox\nCOPY app /srv/app\n'
                                    'CMD ["sh", "-c", "echo started; exec sleep 1000"]\n')
    (app / "compose.yaml").write_text(COMPOSE.split("  db:")[0])
    session = Session(Engine(clock=WallClock()))

    def edit():
        time.sleep(0.5)
        (app / "app" / "a.txt").write_text("edited\n")
        time.sleep(1.5)
        session.interrupts.post(SIGINT)
    threading.Thread(target=edit, daemon=True).start()
    text, status = session.execute("compose up --watch")
    assert status == 130
    lines = text.splitlines()
    start = lines.index("Attaching to web-1")
    assert lines[start + 1:start + 5] == [
        "web-1  | started", "        ⦿ Watch enabled",
        '        ⦿ Syncing service "web" after 1 changes were detected',
        "Gracefully Stopping... press Ctrl+C again to force"]
    session.execute("compose start")
    assert session.execute("compose exec -T web cat /srv/app/a.txt") == ("edited\n", 0)


@pytest.mark.parametrize("flags,message", [
    ("-d --watch", "--detach cannot be combined with --abort-on-container-exit, "
                   "--abort-on-container-failure, --attach, --attach-dependencies or --watch"),
    ("--no-build --watch", "--no-build and --watch are incompatible"),
])
def test_up_watch_conflicts(app, flags, message):
    assert Session(Engine.deterministic()).execute(f"compose up {flags}") == (message + "\n", 1)
