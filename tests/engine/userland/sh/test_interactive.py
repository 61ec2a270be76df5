"""InteractiveShell: the state a terminal session keeps between lines."""

from engine import Engine
from engine.proc.api import Stream
from engine.userland.sh import InteractiveShell


def drive(gen):
    """Run a generator that does not sleep to its end; its value."""
    try:
        while True:
            gen.send(None)
    except StopIteration as done:
        return done.value


def session(image, user=""):
    engine = Engine.deterministic()
    engine.pull(image)
    container = engine.run(image, ["sleep", "infinity"], name="box", hostname="web1")
    shell = "bash" if image in ("debian", "ubuntu") else "sh"
    process = container.system.new_process(
        [shell], env={"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                      "HOME": "/root" if not user else "/home/" + user, "HOSTNAME": "web1"},
        cwd="/", stdin=Stream(), stdout=Stream(), stderr=Stream(), user=user or "root")
    return InteractiveShell(process.ctx), process.ctx


def test_ash_prompt_follows_the_directory():
    sh, ctx = session("alpine")
    assert sh.prompt() == "/ # "
    drive(sh.run_line("cd /etc"))
    assert sh.prompt() == "/etc # "
    drive(sh.run_line("cd"))
    assert sh.prompt() == "~ # "


def test_bash_prompt_like_debian():
    sh, ctx = session("debian")
    assert sh.prompt() == "root@web1:/# "
    drive(sh.run_line("cd /root"))
    assert sh.prompt() == "root@web1:~# "


def test_state_is_kept_between_lines():
    sh, ctx = session("alpine")
    drive(sh.run_line("x=42; f() { echo f$1; }"))
    drive(sh.run_line("cd /tmp"))
    status = drive(sh.run_line('echo $x; f 1; pwd; false'))
    assert ctx.stdout.value == "42\nf1\n/tmp\n"
    assert status == 1 and sh.status == 1
    drive(sh.run_line("echo $?"))
    assert ctx.stdout.value.endswith("1\n")
    assert sh.history[-1] == "echo $?"


def test_interactive_messages_have_no_line_numbers():
    sh, ctx = session("alpine")
    drive(sh.run_line("cd /nope; nosuch"))
    assert ctx.stderr.value == ("sh: cd: can't cd to /nope: No such file or directory\n"
                                "sh: nosuch: not found\n")
    sh, ctx = session("debian")
    drive(sh.run_line("cd /nope; nosuch"))
    assert ctx.stderr.value == ("bash: cd: /nope: No such file or directory\n"
                                "bash: nosuch: command not found\n")


def test_syntax_error_does_not_end_the_session():
    sh, ctx = session("debian")
    assert drive(sh.run_line("fi")) == 2
    assert ctx.stderr.value == "bash: syntax error near unexpected token `fi'\n"
    assert not sh.exited


def test_wants_more_for_incomplete_input():
    sh, _ = session("alpine")
    assert sh.wants_more("echo 'abc")
    assert sh.wants_more("if true; then")
    assert sh.wants_more("echo a \\")
    assert sh.wants_more("echo a |")
    assert sh.wants_more("for i in 1 2; do\necho $i")
    assert not sh.wants_more("echo done")
    assert not sh.wants_more("fi")  # an error, not something to continue


def test_exit_ends_the_session_with_its_status():
    sh, ctx = session("debian")
    drive(sh.run_line("trap 'echo bye' EXIT"))
    assert drive(sh.run_line("exit 3")) == 3
    assert sh.exited
    assert ctx.stdout.value == "bye\n"
    assert ctx.stderr.value == "exit\n"  # interactive bash says it


def test_non_root_prompt():
    sh, _ = session("debian", user="nobody")
    assert sh.prompt().endswith("$ ")
