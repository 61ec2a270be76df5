"""compose as a CLI plugin: a flag error is the message alone, status 1 (Compose's flag
error function, its cobra command silent about usage), unlike the docker CLI's own 125."""

from engine import Engine
from shell.session import Session


def test_flag_errors_are_compose_plugins():
    sh = Session(Engine.deterministic()).execute
    assert sh("compose up --bogus") == ("unknown flag: --bogus\n", 1)
    assert sh("compose ps -z") == ("unknown shorthand flag: 'z' in -z\n", 1)
    assert sh("run --bogus alpine")[1] == 125  # the docker CLI's own commands keep theirs
