"""The crsim> prompt's line language (shell/line.py): a small shell on the host side."""

import pytest

from engine import Engine
from shell.line import incomplete
from shell.session import Session


@pytest.fixture
def sh(tmp_path):
    session = Session(Engine.deterministic(host_root=str(tmp_path)))
    session.line_shell.environ = {"HOME": "/home/me"}
    session.execute("pull -q alpine")
    return session.execute


def test_quotes_and_escapes_as_a_shell_reads_them(sh):
    assert sh("export NAME=world") == ("", 0)
    # the host shell expands $NAME in double quotes; \$ leaves it to the container's
    assert sh('run --rm alpine sh -c "echo A $NAME"') == ("A world\n", 0)
    assert sh('run --rm -e NAME=inner alpine sh -c "echo A \\$NAME \\"q\\""') == ("A inner q\n", 0)
    assert sh("run --rm alpine echo 'single $NAME' ~ ~/x # a comment") == (
        "single $NAME /home/me /home/me/x\n", 0)
    assert sh('run --rm alpine echo ${NOPE:-fallback} ${NAME:+set} "${NOPE}"x') == (
        "fallback set x\n", 0)


def test_the_environment_is_the_clients(sh):
    assert sh("run --rm -e NAME alpine sh -c 'echo [$NAME]'") == ("[]\n", 0)  # unset: dropped
    sh("export NAME=v1 OTHER=2")
    assert sh("run --rm -e NAME alpine sh -c 'echo [$NAME]'") == ("[v1]\n", 0)
    assert sh("NAME=once run --rm -e NAME alpine sh -c 'echo [$NAME]'") == ("[once]\n", 0)
    assert sh("echo $NAME") == ("v1\n", 0)  # a prefix assignment is for that command only
    sh("unset NAME")
    assert sh("echo [$NAME]") == ("[]\n", 0)


def test_lists_and_statuses(sh):
    assert sh("false; echo $?") == ("1\n", 0)
    assert sh("inspect nosuch >/dev/null 2>&1 || echo missing") == ("missing\n", 0)
    assert sh("true && echo yes && false || echo no") == ("yes\nno\n", 0)
    assert sh("! false") == ("", 0)
    out, status = sh("ps; nosuch; echo after $?")
    assert out.endswith("after 1\n") and status == 0


def test_redirections_to_and_from_host_files(sh, tmp_path):
    sh("run --name web alpine echo hello")
    assert sh(f"logs web > {tmp_path}/log.txt") == ("", 0)
    assert (tmp_path / "log.txt").read_text() == "hello\n"
    sh(f"logs web >> {tmp_path}/log.txt")
    assert (tmp_path / "log.txt").read_text() == "hello\nhello\n"
    # 2>&1 after > sends both to the file; before it, errors still show
    assert sh(f"inspect nosuch > {tmp_path}/both 2>&1") == ("", 1)
    assert (tmp_path / "both").read_text() == "[]\nError: No such object: nosuch\n"
    assert sh(f"inspect nosuch 2>&1 > {tmp_path}/out") == ("Error: No such object: nosuch\n", 1)
    (tmp_path / "Dockerfile").write_text("FROM alpine\nRUN echo built > /b\n")
    assert sh(f"build -q -t fromfile - < {tmp_path}/Dockerfile")[1] == 0
    assert sh("run --rm fromfile cat /b") == ("built\n", 0)
    # an unquoted here-document is expanded by the host shell, a quoted one is not
    assert sh("build -q -t here - <<EOF\nFROM alpine\nLABEL a=$HOME b=\\$HOME\nEOF")[1] == 0
    assert sh("image inspect -f '{{.Config.Labels.a}}|{{.Config.Labels.b}}' here") == (
        "/home/me|\n", 0)
    assert sh("build -q -t there - <<'EOF'\nFROM alpine\nENV X=1\nLABEL a=$X\nEOF")[1] == 0
    assert sh("image inspect -f '{{.Config.Labels.a}}' there") == ("1\n", 0)


def test_what_the_prompt_does_not_run_says_so(sh, tmp_path):
    assert sh("for i in 1 2; do ps; done")[1] == 2
    assert sh("echo $(ps)")[1] == 2
    assert sh('ps "') == ("crsim-shell: unexpected EOF while looking for matching `\"'\n", 2)
    assert sh("ps )") == ("crsim-shell: syntax error near unexpected token `)'\n", 2)
    assert sh(f"ps > {tmp_path}/no/such/dir; echo next") == (
        f"crsim-shell: {tmp_path}/no/such/dir: No such file or directory\nnext\n", 0)
    assert sh(f"ps > {tmp_path}/no/such/dir")[1] == 1  # bash's status for a failed redirection
    assert "outside the sandbox" in sh("ps > /etc/outside")[0]


def test_pipes_run_the_hosts_programs_on_a_commands_output(sh, tmp_path):
    sh("run --name web alpine sh -c 'echo one; echo two; echo three >&2'")
    assert sh("logs web | sort -r | head -1") == ("three\ntwo\n", 0)  # stderr shows as it comes
    assert sh("logs web 2>/dev/null | wc -l") == ("2\n", 0)  # only stdout goes down the pipe
    assert sh("logs web |& wc -l") == ("3\n", 0)
    assert sh("inspect web | grep -c '\"IPAddress\"'") == ("2\n", 0)  # NetworkSettings and its bridge network
    assert sh("inspect nosuch | grep -c x") == ("Error: No such object: nosuch\n0\n", 1)
    assert sh(f"ps -a --format '{{{{.Names}}}}' | tr a-z A-Z > {tmp_path}/names; echo $?") == (
        "0\n", 0)
    assert (tmp_path / "names").read_text() == "WEB\n"
    assert sh("echo abc | rev") == ("cba\n", 0)  # util-linux's, as Debian has it
    assert sh("inspect web | jq -r '.[0].Name'") == ("/web\n", 0)  # the host has jq
    # the host's programs work in the user's directory (here the sandbox), on real files
    assert sh(f"logs web 2>/dev/null | tee {tmp_path}/copy | wc -l") == ("2\n", 0)
    assert (tmp_path / "copy").read_text() == "one\ntwo\n"
    assert sh("ps | grep -c two copy") == ("1\n", 0)
    assert sh("ps | cat /etc/hostname")[0] == "crsim-host\n"  # but its own root
    assert sh("ps | nosuch") == ("crsim-shell: nosuch: command not found\n", 127)
    assert sh("nosuch")[1] == 1  # alone, a word is a crsim command: Docker's error
    assert sh("! logs web | grep -q four")[1] == 0
    assert list(sh.__self__.engine.containers) != [] and "host" not in sh("ps -a")[0]


def test_export_is_dockers_unless_it_sets_variables(sh, tmp_path):
    sh("run --name box alpine true")
    assert sh(f"export -o {tmp_path}/box.tar box") == ("", 0)
    assert (tmp_path / "box.tar").stat().st_size > 0
    # the tar on standard output: into a file, or down a pipe
    assert sh(f"export box > {tmp_path}/piped.tar") == ("", 0)
    assert (tmp_path / "piped.tar").read_bytes() == (tmp_path / "box.tar").read_bytes()
    assert sh("export box | tar -t | grep -c '^etc/hostname$'") == ("1\n", 0)
    assert sh("export A=1 B=2; echo $A$B") == ("12\n", 0)


def test_incomplete_lines_ask_for_more():
    for text in ('run alpine echo "open', "build -t x - <<EOF\nFROM alpine", "ps &&",
                 "ps \\", "run alpine echo 'a"):
        assert incomplete(text), text
    for text in ("ps", 'run alpine echo "closed"', "build - <<EOF\nFROM x\nEOF", "ps )"):
        assert not incomplete(text), text


# -- a line of plain words: split without the parser (issue 18) ---------------------------

def test_every_crsim_command_and_builtin_is_read_as_the_parser_reads_it():
    """A line of plain words that starts with a command is split at blanks without the sh
    parser; no command may then be named like a word bash reads as syntax in its place,
    and the words must be the parser's."""
    from engine.userland.sh.ast import CommandList, Lit, Simple
    from engine.userland.sh.parser import RESERVED, Parser
    from shell.line import BUILTINS, plain_command
    from shell.spec import REGISTRY
    firsts = {name.split()[0] for name in REGISTRY.all_names()} | set(BUILTINS)
    assert not firsts & (RESERVED | {"function", "time", "[[", "]]", "coproc", "select"})
    for first in sorted(firsts):
        for line in (first, f"{first} -a --name=web_1 x/y:z,1.5@h %+ a=b", f"  {first}\tps  "):
            words = plain_command(line)
            (listed,) = Parser(line, "bash").parse_all()
            assert isinstance(listed, CommandList) and len(listed.items) == 1
            node, background = listed.items[0]
            assert isinstance(node, Simple) and not background
            assert not node.assigns and not node.redirects
            assert all(len(word.parts) == 1 and isinstance(word.parts[0], Lit) for word in node.words)
            assert words == [word.parts[0].text for word in node.words]


@pytest.mark.parametrize("line", ["ps > out", "ps | wc", "ps 'a b'", 'ps "$X"', "ps $X", "ps ~",
                                  "ps # c", "ps; ps", "ps &", "ps \\x", "ps *", "ps a{b,c}",
                                  "X=1 ps", "if ps", "ps\nps", "ps é", "bogus -a", "", "   "])
def test_a_line_with_any_shell_syntax_or_no_command_goes_to_the_parser(line):
    from shell.line import plain_command
    assert plain_command(line) is None


def test_joined_words_read_back_as_the_same_words():
    import shlex

    from shell.line import joined
    for words in (["run", "--help"], ["ps", "-a", "--format", "{{.Names}}"], ["run", "a b", ""],
                  ["exec", "c", "sh", "-c", "echo $HOME; ls"], ["x=1", "-e", "A=b c"]):
        assert shlex.split(joined(words)) == words
    assert joined(["run", "--rm", "busybox:1.37", "echo", "hi@x/y,z+1%"]) == \
        "run --rm busybox:1.37 echo hi@x/y,z+1%"


def test_a_plain_line_runs_as_the_parsed_one_did(sh):
    assert sh("ps -a --format {{.Names}}") == sh("ps -a --format '{{.Names}}'")
    assert sh("run --name web -d alpine sleep 60")[1] == 0
    assert sh("ps --format {{.Names}}") == ("web\n", 0)
    assert sh("echo plain words") == ("plain words\n", 0)
    assert sh("export PLAIN=1") == ("", 0) and sh("echo $PLAIN") == ("1\n", 0)
    out, status = sh("ps --bogus")
    assert status == 125 and out.startswith("unknown flag: --bogus\n")
