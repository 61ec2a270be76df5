"""`history --format`: the CLI's history context (ID, CreatedSince, CreatedAt, CreatedBy,
Size, Comment), with its headers in a table and Go's RFC3339 dates."""

from engine import Engine
from shell.session import Session


def shell():
    session = Session(Engine.deterministic())
    session.execute("pull -q alpine")
    return session


def test_history_fields_in_a_template_and_a_table():
    session = shell()
    assert session.execute("history --format '{{.CreatedBy}}|{{.Size}}' alpine")[0] == (
        'CMD ["/bin/sh"]|0B\nADD alpine-minirootfs-3.23.2-x86_64.tar.gz /…|8.44MB\n')
    out, _ = session.execute("history --format 'table {{.ID}}\\t{{.CreatedAt}}' alpine")
    assert out.splitlines()[0].split() == ["IMAGE", "CREATED", "AT"]
    assert out.splitlines()[2] == "<missing>      2025-12-18T00:12:29Z"


def test_not_human_dates_and_sizes_and_a_bad_field():
    session = shell()
    assert session.execute("history -H=false --format '{{.CreatedSince}} {{.Size}}' alpine")[0] \
        .splitlines()[1] == "2025-12-18T00:12:29Z 8440175"
    assert session.execute("history --format '{{.Nope}}' alpine") == (
        'template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate '
        'field Nope in type *image.historyContext\n', 1)
