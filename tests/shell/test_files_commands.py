"""top, export, cp and commit from the host side."""

import io
import os
import tarfile


def start(sh):
    sh("pull alpine")
    sh("run -d --name web alpine sleep 1000")


def test_top_shows_host_pids_in_ps_ef_columns(session, sh):
    start(sh)
    out, status = sh("top web")
    header, row = out.splitlines()
    assert header.split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert header.startswith("UID                 PID                 PPID")
    c = session.engine.container("web")
    assert row.split()[:3] == ["root", str(c.state.pid), str(c.shim_pid)]
    assert row.endswith("sleep 1000")


def test_export_is_a_real_tar_with_the_merged_tree(session, sh, tmp_path):
    start(sh)
    fs = session.engine.container("web").fs
    fs.write("/root/new.txt", b"hello")
    fs.unlink("/etc/motd")
    out, status = sh(f"export -o {tmp_path}/web.tar web")
    assert status == 0
    with tarfile.open(tmp_path / "web.tar") as archive:
        names = archive.getnames()
        assert "root/new.txt" in names and "etc/motd" not in names
        assert archive.extractfile("root/new.txt").read() == b"hello"
        busybox = archive.getmember("bin/busybox")
        assert busybox.size > 500_000  # a declared size travels as a sparse member
        assert archive.getmember("bin/ls").issym()


def test_cp_out_and_in(session, sh, tmp_path):
    start(sh)
    out, status = sh(f"cp web:/etc/hostname {tmp_path}/h")
    assert status == 0 and out.startswith("Successfully copied ") and out.endswith(f" to {tmp_path}/h\n")
    assert (tmp_path / "h").read_text() == session.engine.container("web").config.hostname + "\n"
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<h1>hi</h1>")
    assert sh(f"cp {tmp_path}/site web:/srv")[1] == 0
    fs = session.engine.container("web").fs
    assert fs.read("/srv/site/index.html") == b"<h1>hi</h1>"
    assert sh(f"cp {tmp_path}/site/index.html web:/srv/page.html")[1] == 0
    assert fs.read("/srv/page.html") == b"<h1>hi</h1>"


def test_cp_never_follows_a_container_symlink_onto_the_host(session, sh, tmp_path):
    start(sh)
    fs = session.engine.container("web").fs
    outside = tmp_path / "outside"
    outside.mkdir()
    fs.mkdir("/trap")
    fs.symlink(str(outside), "/trap/link")
    fs.mkdir("/trap/link2")
    fs.write("/trap/link2/file", b"x")
    dest = tmp_path / "dest"
    dest.mkdir()
    assert sh(f"cp web:/trap {dest}")[1] == 0
    assert os.path.islink(dest / "trap" / "link")
    assert os.listdir(outside) == []
    assert (dest / "trap" / "link2" / "file").read_bytes() == b"x"


def test_cp_errors(sh, tmp_path):
    start(sh)
    out, status = sh(f"cp web:/nope {tmp_path}/x")
    assert (out, status) == ("Error response from daemon: Could not find the file /nope in "
                             "container web\n", 1)
    out, status = sh(f"cp {tmp_path}/missing web:/tmp")
    assert status == 1 and out == f"lstat {tmp_path}/missing: no such file or directory\n"


def test_commit_makes_an_image_with_one_more_layer(session, sh):
    start(sh)
    fs = session.engine.container("web").fs
    fs.write("/root/notes", b"kept")
    out, status = sh("commit -m 'add notes' -c 'CMD [\"sleep\", \"5\"]' web notes:v1")
    assert status == 0 and out.startswith("sha256:")
    image = session.engine.image("notes:v1")
    base = session.engine.image("alpine")
    assert len(image.layers) == len(base.layers) + 1
    assert image.config.cmd == ("sleep", "5")
    assert image.history[-1].comment == "add notes"
    c = session.engine.create("notes:v1")
    assert c.fs.read("/root/notes") == b"kept"
    assert "/etc/hostname" not in image.layers[-1].entries  # mounts are not in the layer


def test_cp_streams_a_tar_out_and_unpacks_one_in(tmp_path):
    import io
    import tarfile

    from engine import Engine
    from shell.session import Session
    session = Session(Engine.deterministic(host_root=str(tmp_path)))
    session.execute("run -d --name web alpine sleep 300")
    session.execute("exec web sh -c 'mkdir -p /srv/site /in && echo hi > /srv/site/index.html'")
    assert session.execute("cp web:/srv/site - | tar -t") == ("site/\nsite/index.html\n", 0)
    assert session.execute(f"cp web:/srv/site/index.html - > {tmp_path}/one.tar")[1] == 0
    with tarfile.open(tmp_path / "one.tar") as archive:
        assert archive.extractfile("index.html").read() == b"hi\n"
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as archive:
        info = tarfile.TarInfo("conf/app.ini")
        info.size = 6
        archive.addfile(info, io.BytesIO(b"a = 1\n"))
    (tmp_path / "in.tar").write_bytes(data.getvalue())
    assert session.execute(f"cp - web:/in < {tmp_path}/in.tar") == ("", 0)
    assert session.execute("exec web cat /in/conf/app.ini") == ("a = 1\n", 0)
    assert session.execute(f"cp - web:/srv/site/index.html < {tmp_path}/in.tar") == (
        "Error response from daemon: extraction point is not a directory\n", 1)
    assert session.execute(f"cp - web:/nowhere < {tmp_path}/in.tar") == (
        "Error response from daemon: Could not find the file /nowhere in container web\n", 1)
