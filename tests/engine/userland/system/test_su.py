"""su: root becomes anyone (environment, login shell, home), others are refused; nologin."""

from tests.engine.userland.conftest import Box


def test_root_becomes_another_user():
    alpine = Box("alpine")
    assert alpine.sh("su nobody -s /bin/sh -c 'id; echo $HOME $USER $SHELL'") == (
        0, "uid=65534(nobody) gid=65534(nobody)\n/ nobody /bin/sh\n", "")
    assert alpine.sh("cd /tmp; su - nobody -s /bin/sh -c 'pwd; echo $PATH'") == (0, "/\n/bin:/usr/bin\n", "")
    assert alpine.sh("su nosuch; echo rc=$?") == (0, "rc=1\n", "su: unknown user nosuch\n")


def test_an_account_without_a_shell_and_a_user_without_the_password():
    alpine = Box("alpine")
    assert alpine.sh("su nobody -c id; echo rc=$?") == (0, "This account is not available\nrc=1\n", "")
    assert alpine.run("su", "-c", "id", user="nobody") == (1, "Password: ", "su: incorrect password\n")
    debian = Box("debian")
    assert debian.run("su", "-c", "id", user="nobody") == (1, "Password: ", "su: Authentication failure\n")
    assert debian.sh("cd /tmp; su - nobody -s /bin/sh -c 'echo $PATH; pwd'") == (
        0, "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games\n/tmp\n",
        "su: warning: cannot change directory to /nonexistent: No such file or directory\n")
    assert debian.run("su", "nosuch") == (1, "", "su: user nosuch does not exist or the user entry "
                                                 "does not contain all the required fields\n")
