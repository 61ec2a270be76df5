"""`events --filter` (the daemon's rules) and `--format` (templates on events.Message,
json with the API's field names), checked before any event as the client checks them."""

from engine import Engine
from shell.session import Session

ALL = "events --since 0 --until 99999999999"


def shell():
    session = Session(Engine.deterministic())
    for line in ("pull -q alpine", "run -d --name web alpine sleep 100", "network create n",
                 "volume create vol", "exec web true"):
        session.execute(line)
    return session


def lines(session, args):
    out, status = session.execute(f"{ALL} {args}")
    assert status == 0
    return out.splitlines()


def test_filters_by_type_event_container_image_and_label():
    session = shell()
    assert lines(session, "-f event=pull --format '{{.Type}} {{.Action}}'") == ["image pull"]
    assert lines(session, "-f container=web -f event=start --format '{{.Actor.Attributes.name}}'") \
        == ["web"]
    assert lines(session, "-f type=volume --format '{{.Action}} {{.Actor.ID}}'") == ["create vol"]
    assert lines(session, "-f event=exec_create --format '{{.Action}}'") == ["exec_create: true"]
    assert lines(session, "-f type=network -f event=create --format '{{.Actor.Attributes.name}}'") \
        == ["n"]
    assert lines(session, "-f image=alpine -f event=create --format '{{.From}}'") == ["alpine"]
    assert lines(session, "-f label=name=web -f event=create --format '{{.Type}}'") == ["container"]
    assert lines(session, "-f event=create -f event=start --format '{{.Action}}'")[:2] == [
        "create", "start"]


def test_json_uses_the_apis_names_and_leaves_empty_ones_out():
    session = shell()
    start = lines(session, "-f event=start --format json")[0]
    assert start.startswith('{"status":"start","id":"')
    assert '"from":"alpine","Type":"container","Action":"start","Actor":{"ID":' in start
    assert start.endswith(',"scope":"local","time":1796115600,"timeNano":1796115600000000000}')
    network = lines(session, "-f type=network -f event=create --format json")[0]
    assert network.startswith('{"Type":"network","Action":"create"')


def test_a_bad_template_or_filter_fails_first():
    session = shell()
    assert session.execute("events --format '{{.Nope}}'") == (
        'Error parsing format: template: :1:2: executing "" at <.Nope>: can\'t evaluate field '
        'Nope in type *events.Message\n', 64)
    assert session.execute("events --format '{{.Nope'") == (
        "Error parsing format: template: :1: unclosed action\n", 64)
    assert session.execute(f"{ALL} --filter foo=bar") == (
        "Error response from daemon: invalid filter 'foo'\n", 1)
