"""open(2)'s permission checks for a user other than root, through the shell's
redirections and touch: what `-u guest` meets in an image's root-owned files."""


def as_guest(box, script):
    return box.run("sh", "-c", script, user="guest")


def test_redirections_need_the_files_permission_or_the_directorys(alpine):
    assert as_guest(alpine, "echo x >> /etc/motd") == (1, "", "sh: can't create /etc/motd: Permission denied\n")
    assert as_guest(alpine, "echo x > /etc/new") == (1, "", "sh: can't create /etc/new: Permission denied\n")
    assert as_guest(alpine, "cat < /etc/shadow") == (1, "", "sh: can't open /etc/shadow: Permission denied\n")
    assert "x" not in alpine.run("tail", "-c", "2", "/etc/motd")[1]
    # root is not checked; a file a user creates is theirs
    assert alpine.sh("echo x > /root-made; ls -l /root-made")[1].split()[2:4] == ["root", "root"]
    status, out, _ = as_guest(alpine, "echo mine > /tmp/mine; ls -l /tmp/mine; cat < /tmp/mine")
    assert status == 0 and out.split()[2:4] == ["guest", "users"] and out.endswith("mine\n")


def test_touch_of_an_existing_file_needs_ownership_or_write_permission(alpine):
    assert as_guest(alpine, "touch /etc/motd") == (1, "", "touch: /etc/motd: Permission denied\n")
    assert as_guest(alpine, "touch -d 2020-01-01 /tmp") == (1, "", "touch: /tmp: Operation not permitted\n")
    assert as_guest(alpine, "touch /tmp/t && touch -d 2020-01-01 /tmp/t && echo ok") == (0, "ok\n", "")
    assert alpine.run("touch", "/etc/motd") == (0, "", "")
