"""`run -i` with a here-document: the client sends it to PID 1's standard input and then
closes it, so a program that reads to the end (sh, cat, wc) ends as with docker."""

from engine import Engine
from shell.session import Session


def test_run_i_feeds_a_here_document_and_closes_the_input():
    sh = Session(Engine.deterministic()).execute
    sh("pull -q busybox")
    assert sh("run --rm -i busybox sh <<EOF\necho one\necho two\nEOF") == ("one\ntwo\n", 0)
    assert sh("run --rm -i busybox wc -l <<EOF\na\nb\nc\nEOF") == ("3\n", 0)


def test_without_i_the_here_document_is_not_sent():
    sh = Session(Engine.deterministic()).execute
    sh("pull -q busybox")
    # no -i: the container's standard input is closed from the start
    assert sh("run --rm busybox wc -l <<EOF\na\nEOF") == ("0\n", 0)
