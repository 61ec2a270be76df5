"""`save` and `load` at the prompt: to a file or standard output (never the terminal), the
CLI's output-path check, reading -i FILE or standard input, and their errors."""

import tarfile

from engine import Engine
from shell.session import Session


def shell(tmp_path, interactive=False):
    session = Session(Engine.deterministic(host_root=str(tmp_path)), interactive=interactive)
    session.execute("pull -q alpine")
    return session


def test_save_to_a_file_a_redirection_or_a_pipe(tmp_path):
    session = shell(tmp_path)
    assert session.execute(f"save -o {tmp_path}/a.tar alpine") == ("", 0)
    assert session.execute(f"save alpine > {tmp_path}/b.tar") == ("", 0)
    assert (tmp_path / "a.tar").read_bytes() == (tmp_path / "b.tar").read_bytes()
    with tarfile.open(tmp_path / "a.tar") as archive:
        assert "manifest.json" in archive.getnames()
    listing, status = session.execute("save alpine | tar -t")
    assert status == 0 and listing.splitlines()[-4:] == [
        "index.json", "manifest.json", "oci-layout", "repositories"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".docker_temp")] == []


def test_save_refuses_the_terminal_and_a_missing_directory(tmp_path):
    session = shell(tmp_path, interactive=True)
    assert session.execute("save alpine") == (
        "cowardly refusing to save to a terminal. Use the -o flag or redirect\n", 1)
    assert session.execute(f"save -o {tmp_path}/no/a.tar alpine") == (
        f'failed to save image: invalid output path: directory "{tmp_path}/no" does not '
        'exist\n', 1)
    assert session.execute(f"save -o {tmp_path}/c.tar nosuch") == (
        "Error response from daemon: No such image: nosuch\n", 1)
    assert not (tmp_path / "c.tar").exists()
    assert session.execute("save") [1] == 1  # requires at least 1 argument


def test_load_from_a_file_or_standard_input(tmp_path):
    session = shell(tmp_path)
    session.execute(f"save -o {tmp_path}/a.tar alpine")
    session.execute("rmi alpine")
    assert session.execute(f"load -i {tmp_path}/a.tar") == ("Loaded image: alpine:latest\n", 0)
    assert session.execute(f"load -q < {tmp_path}/a.tar") == ("Loaded image: alpine:latest\n", 0)
    assert session.execute("run --rm alpine cat /etc/alpine-release")[0].startswith("3.")
    events = session.execute("events --since 0 --until 99999999999 --filter event=load "
                             "--format '{{.Action}}'")[0]
    assert events.split() == ["load", "load"]


def test_load_errors(tmp_path):
    session = shell(tmp_path, interactive=True)
    assert session.execute("load") == ("requested load from stdin, but stdin is empty\n", 1)
    assert session.execute(f"load -i {tmp_path}/none.tar") == (
        f"open {tmp_path}/none.tar: no such file or directory\n", 1)
    (tmp_path / "junk.tar").write_bytes(b"x" * 2048)
    assert session.execute(f"load -i {tmp_path}/junk.tar") == (
        "Error response from daemon: archive/tar: invalid tar header\n", 1)


def test_load_and_import_from_a_device_that_never_ends():
    session = Session(Engine.deterministic(), interactive=True)  # no sandbox: /dev is reached
    assert session.execute("load -i /dev/zero") == (
        "Error response from daemon: invalid archive: does not contain a manifest.json\n", 1)
    out, status = session.execute("import /dev/zero")
    assert status == 0 and out.startswith("sha256:")
