"""Redirections, here-documents, pathname expansion and pipelines."""


def read(box, path):
    return box.fs.read(path).decode()


def test_output_to_files_and_append(alpine):
    status, out, err = alpine.sh("echo hi > /tmp/f; echo there >> /tmp/f; echo gone >/dev/null")
    assert (status, out, err) == (0, "", "")
    assert read(alpine, "/tmp/f") == "hi\nthere\n"
    assert alpine.sh("cat /tmp/f")[1] == "hi\nthere\n"


def test_input_and_fd_duplication(alpine):
    alpine.fs.write("/tmp/in", b"line one\nline two\n")
    assert alpine.sh("while read l; do echo \"<$l>\"; done < /tmp/in") == \
        (0, "<line one>\n<line two>\n", "")
    assert alpine.sh("echo err >&2; echo out 2>&1") == (0, "out\n", "err\n")
    assert alpine.sh("{ echo o; echo e >&2; } > /tmp/both 2>&1") == (0, "", "")
    assert read(alpine, "/tmp/both") == "o\ne\n"
    assert alpine.sh("exec 3>&1; echo via3 >&3") == (0, "via3\n", "")
    assert alpine.sh("echo x >&5") == (1, "", "sh: dup2(5,1): Bad file descriptor\n")  # as 1.37 says


def test_redirection_of_a_loop_and_exec(alpine):
    alpine.sh("for i in 1 2 3; do echo $i; done > /tmp/loop")
    assert read(alpine, "/tmp/loop") == "1\n2\n3\n"
    alpine.sh("exec > /tmp/all; echo one; echo two")
    assert read(alpine, "/tmp/all") == "one\ntwo\n"


def test_here_documents(alpine):
    script = "cat <<EOF\nHome is $HOME\nSum $((1+1)) and \\$escaped and `echo bq`\nEOF"
    assert alpine.sh(script)[1] == "Home is /root\nSum 2 and $escaped and bq\n"
    assert alpine.sh("cat <<'EOF'\nLiteral $HOME `x`\nEOF")[1] == "Literal $HOME `x`\n"
    assert alpine.sh("\tcat <<-EOF\n\ttabbed\n\t\tmore\n\tEOF")[1] == "tabbed\nmore\n"
    assert alpine.sh('cat <<"EOF"\n$x\nEOF\necho after')[1] == "$x\nafter\n"


def test_here_string_in_bash(debian):
    assert debian.run("bash", "-c", "read a b <<< 'x y'; echo $b$a")[1] == "yx\n"


def test_globs_sorted_like_the_shell(alpine):
    alpine.sh("mkdir -p /g/sub; cd /g; for f in b.txt a.txt C.txt .hidden c.log; do : > $f; done")
    for name in ("b.txt", "a.txt", "C.txt", ".hidden", "c.log"):
        alpine.fs.write(f"/g/{name}", b"")
    assert alpine.sh("cd /g; echo *")[1] == "C.txt a.txt b.txt c.log sub\n"
    assert alpine.sh("cd /g; echo *.txt ?.log [ab].* .h*")[1] == "C.txt a.txt b.txt c.log a.txt b.txt .hidden\n"
    assert alpine.sh("cd /g; echo *.none '*.txt' \"*\"")[1] == "*.none *.txt *\n"
    assert alpine.sh("echo /g/*/")[1] == "/g/sub/\n"


def test_pipelines_pass_data_and_status(alpine):
    assert alpine.sh("{ echo a; echo b; } | while read line; do echo \"got $line\"; done") == \
        (0, "got a\ngot b\n", "")
    assert alpine.sh("false | true; echo $?; true | false; echo $?")[1] == "0\n1\n"
    # a pipeline's stages are subshells: the last one's variables do not leak
    assert alpine.sh("echo a | read v; echo \"[$v]\"")[1] == "[]\n"


def test_endless_writer_into_a_pipe_gets_sigpipe(alpine):
    # The reader takes two lines and ends; the writer fills the pipe and dies of SIGPIPE.
    script = "while true; do echo y; done | { read a; read b; echo $a$b; }; echo $?"
    assert alpine.sh(script) == (0, "yy\n0\n", "")
    script = "set -o pipefail; while true; do echo y; done | { read a; }; echo $?"
    assert alpine.sh(script)[1] == "141\n"


def test_bash_stderr_pipe(debian):
    assert debian.run("bash", "-c", "{ echo out; echo err >&2; } |& while read l; do echo \"[$l]\"; done") \
        == (0, "[out]\n[err]\n", "")


def test_yes_into_head_ends(alpine, debian):
    if alpine.sh("command -v yes && command -v head")[0] != 0:
        import pytest
        pytest.skip("yes/head are not simulated yet")
    assert alpine.sh("yes | head -n 3; echo $?") == (0, "y\ny\ny\n0\n", "")
    assert debian.run("bash", "-c", "set -o pipefail; yes | head -n 2; echo $?") == \
        (0, "y\ny\n141\n", "")
