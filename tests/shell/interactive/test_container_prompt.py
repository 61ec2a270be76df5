"""`exec -it CONTAINER sh` and `run -it IMAGE sh`: the nested prompt inside a container."""

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from engine import Engine
from shell.interactive.container_prompt import ContainerCompleter
from shell.interactive.repl import run_repl
from shell.session import Session


def repl(keys):
    session = Session(Engine.deterministic(), interactive=True)
    with create_pipe_input() as keyboard:
        keyboard.send_text(keys + "\x04\x04")  # (a Ctrl-D more: the REPL asks once when containers run)
        status = run_repl(session, input=keyboard, output=DummyOutput())
    return status, session


def test_exec_it_opens_a_shell_in_the_container_and_exit_returns(capsys):
    status, session = repl("pull alpine\nrun -d --name box alpine sleep 1000\n"
                           "exec -it box sh\ncd /etc\necho hello > /tmp/x\ncat /tmp/x\npwd\n"
                           "exit\nps --format '{{.Names}}'\nexit\n")
    out = capsys.readouterr().out
    assert "hello\n/etc\n" in out or ("hello\n" in out and "/etc\n" in out)
    assert out.rstrip().endswith("box")
    box = session.engine.container("box")
    assert box.fs.read("/tmp/x") == b"hello\n"
    assert box.state.running  # leaving the exec'd shell leaves PID 1 alone
    assert status == 0


def test_the_shell_exit_status_becomes_the_commands(capsys):
    status, session = repl("pull alpine\nrun -d --name box alpine sleep 1000\n"
                           "exec -it box sh\nexit 7\n\x04")
    assert session.last_status == 7


def test_run_it_takes_over_pid_1_and_exit_stops_the_container(capsys):
    status, session = repl("pull alpine\nrun -it --name shell alpine sh\necho inside\nexit\n"
                           "ps -a --format '{{.Names}} {{.Status}}'\nexit\n")
    out = capsys.readouterr().out
    assert "inside\n" in out
    assert "shell Exited (0)" in out


def test_in_a_script_a_tty_cannot_be_attached():
    session = Session(Engine.deterministic())
    session.execute("pull alpine")
    session.execute("run -d --name box alpine sleep 1000")
    assert session.execute("exec -it box sh") == ("the input device is not a TTY\n", 1)
    assert session.execute("run -it alpine sh") == ("the input device is not a TTY\n", 1)


def test_completion_of_paths_and_programs_inside():
    engine = Engine.deterministic()
    engine.pull("alpine")
    engine.run("alpine", ["sleep", "1000"], name="box")
    shell = engine.attach_shell("box", ["sh"])
    completer = ContainerCompleter(shell)
    def complete(text):
        return [c.text for c in completer.get_completions(Document(text, len(text)),
                                                          CompleteEvent(True))]
    assert "etc/" in complete("ls /e")
    assert "hostname" in complete("cat /etc/hostn")
    assert "busybox " in complete("busyb")
