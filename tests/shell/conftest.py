import pytest

from engine import Engine
from shell.session import Session


@pytest.fixture
def session():
    return Session(Engine.deterministic())


@pytest.fixture
def sh(session):
    """Run one line; return (output, status)."""
    return session.execute
