"""Error messages and exit statuses, worded as busybox ash (alpine), dash (debian's
/bin/sh) and bash print them. Each text was checked against the real shells."""


def bash(box, script):
    return box.run("bash", "-c", script)


def test_command_not_found(alpine, debian):
    assert alpine.sh("foo") == (127, "", "sh: foo: not found\n")
    assert debian.sh("foo") == (127, "", "sh: 1: foo: not found\n")
    assert bash(debian, "foo") == (127, "", "bash: line 1: foo: command not found\n")
    assert bash(debian, "/no/such") == (127, "", "bash: line 1: /no/such: No such file or directory\n")


def test_deleted_program_is_not_found(alpine):
    alpine.fs.unlink("/bin/ls")
    assert alpine.sh("ls /") == (127, "", "sh: ls: not found\n")


def test_permission_denied(alpine, debian):
    alpine.fs.write("/tmp/x", b"echo hi\n", mode=0o644)
    assert alpine.sh("cd /tmp; ./x") == (126, "", "sh: ./x: Permission denied\n")
    assert bash(debian, "/etc/passwd") == (126, "", "bash: line 1: /etc/passwd: Permission denied\n")
    assert bash(debian, "/etc") == (126, "", "bash: line 1: /etc: Is a directory\n")
    assert alpine.sh("/etc") == (126, "", "sh: /etc: Permission denied\n")


def test_cd_failures(alpine, debian):
    assert alpine.sh("cd /x") == \
        (2, "", "sh: cd: line 0: can't cd to /x: No such file or directory\n")
    assert debian.sh("cd /x") == (2, "", "sh: 1: cd: can't cd to /x\n")
    assert bash(debian, "cd /x") == (1, "", "bash: line 1: cd: /x: No such file or directory\n")
    assert bash(debian, "cd /etc/passwd") == (1, "", "bash: line 1: cd: /etc/passwd: Not a directory\n")


def test_cd_sets_pwd_and_oldpwd(alpine):
    _, out, _ = alpine.sh('cd /etc; echo "$PWD $OLDPWD"; cd -; pwd; cd /root/..; pwd; cd; pwd')
    assert out == "/etc /\n/\n/\n/\n/root\n"


def test_redirection_errors(alpine, debian):
    assert alpine.sh("echo hi > /x/y; echo $?") == \
        (0, "1\n", "sh: can't create /x/y: nonexistent directory\n")
    assert alpine.sh("cat < /x") == (1, "", "sh: can't open /x: no such file\n")
    assert debian.sh("echo hi > /x/y") == (2, "", "sh: 1: cannot create /x/y: Directory nonexistent\n")
    assert bash(debian, "echo hi > /x/y") == (1, "", "bash: line 1: /x/y: No such file or directory\n")
    assert bash(debian, "echo hi > /etc") == (1, "", "bash: line 1: /etc: Is a directory\n")


def test_syntax_errors(alpine, debian):
    assert alpine.sh("fi") == (2, "", 'sh: syntax error: unexpected "fi"\n')
    assert debian.sh("fi") == (2, "", 'sh: 1: Syntax error: "fi" unexpected\n')
    assert bash(debian, "fi") == (2, "", "bash: -c: line 1: syntax error near unexpected token "
                                         "`fi'\nbash: -c: line 1: `fi'\n")
    assert alpine.sh("if true; then") == \
        (2, "", 'sh: syntax error: unexpected end of file (expecting "fi")\n')
    assert bash(debian, "if true; then") == (2, "", "bash: -c: line 2: syntax error: unexpected end of file\n")
    assert alpine.sh("echo 'abc") == (2, "", "sh: syntax error: unterminated quoted string\n")
    assert bash(debian, "echo 'abc") == \
        (2, "", "bash: -c: line 1: unexpected EOF while looking for matching `''\n")


def test_syntax_error_in_a_script_runs_the_lines_before(alpine, debian):
    alpine.fs.write("/tmp/s.sh", b"echo a\nfi\necho b\n")
    assert alpine.run("sh", "/tmp/s.sh") == (2, "a\n", '/tmp/s.sh: line 2: syntax error: unexpected "fi"\n')
    debian.fs.write("/tmp/s.sh", b"echo a\nfi\necho b\n")
    assert debian.run("bash", "/tmp/s.sh") == \
        (2, "a\n", "/tmp/s.sh: line 2: syntax error near unexpected token `fi'\n/tmp/s.sh: line 2: `fi'\n")
    assert debian.run("sh", "/tmp/s.sh") == (2, "a\n", '/tmp/s.sh: 2: Syntax error: "fi" unexpected\n')


def test_messages_in_scripts_name_the_script_and_line(alpine):
    alpine.fs.write("/tmp/s.sh", b"echo a\nfoo\ncd /x\n")
    assert alpine.run("sh", "/tmp/s.sh") == (2, "a\n", "/tmp/s.sh: line 2: foo: not found\n"
                                             "/tmp/s.sh: cd: line 3: can't cd to /x: No such file or directory\n")


def test_parameter_errors(alpine, debian):
    assert alpine.sh("echo ${x?is unset}; echo after") == (2, "", "sh: x: is unset\n")
    assert alpine.sh("echo ${x:?}") == (2, "", "sh: x: parameter not set or null\n")
    assert bash(debian, "echo ${x:?}") == (127, "", "bash: line 1: x: parameter null or not set\n")
    assert alpine.sh("set -u; echo $zz; echo after") == (2, "", "sh: zz: parameter not set\n")
    assert bash(debian, "set -u; echo $zz") == (127, "", "bash: line 1: zz: unbound variable\n")


def test_arithmetic_errors(alpine, debian):
    assert alpine.sh("echo $((1/0)); echo after") == (2, "", "sh: divide by zero\n")
    assert debian.sh("echo $((1/0))") == \
        (2, "", 'sh: 1: arithmetic expression: division by zero: "1/0"\n')
    assert bash(debian, "echo $((1/0))") == \
        (1, "", 'bash: line 1: 1/0: division by 0 (error token is "0")\n')


def test_readonly_and_exit_errors(alpine, debian):
    assert alpine.sh("readonly r=1; r=2; echo after") == (2, "", "sh: r: is read only\n")
    assert bash(debian, "readonly r=1; r=2; echo after") == (1, "", "bash: line 1: r: readonly variable\n")
    assert alpine.sh("exit foo") == (2, "", "sh: exit: line 0: Illegal number: foo\n")
    assert bash(debian, "exit foo") == (2, "", "bash: line 1: exit: foo: numeric argument required\n")


def test_builtin_misuse(alpine, debian):
    assert alpine.sh("local x=1") == (2, "", "sh: local: line 0: not in a function\n")
    assert bash(debian, "local x=1") == (1, "", "bash: line 1: local: can only be used in a function\n")
    assert alpine.sh("[ 1 -eq 2") == (2, "", "sh: missing ]\n")
    assert bash(debian, "[ 1 -eq a ]") == (2, "", "bash: line 1: [: a: integer expression expected\n")
    assert debian.sh("shift 5") == (2, "", "sh: 1: shift: can't shift that many\n")
    assert alpine.sh(". /nope") == (2, "", "sh: .: line 0: can't open '/nope': No such file or directory\n")
    assert bash(debian, "source /nope") == (1, "", "bash: line 1: /nope: No such file or directory\n")


def test_set_e_stops_at_the_first_failure(alpine):
    assert alpine.sh("set -e; echo a; false; echo b") == (1, "a\n", "")
    assert alpine.sh("set -e; false || true; if false; then :; fi; ! true; echo survived") == \
        (0, "survived\n", "")


def test_set_x_traces(alpine, debian):
    status, out, err = alpine.sh("set -x; x=1; echo \"a b\" $x ''")
    assert (out, err) == ("a b 1 \n", "+ x=1\n+ echo 'a b' 1 \n")
    status, out, err = bash(debian, "set -x; y=$(echo a); echo \"a b\" '' $y")
    assert err == "++ echo a\n+ y=a\n+ echo 'a b' '' a\n"
    assert debian.sh("set -x; echo 'a b'")[2] == "+ echo a b\n"


def test_messages_use_argv0(alpine, debian):
    assert alpine.run("/bin/sh", "-c", "foo") == (127, "", "/bin/sh: foo: not found\n")
    assert debian.run("/bin/bash", "-c", "foo") == (127, "", "/bin/bash: line 1: foo: command not found\n")
    assert debian.run("sh", "-c", "foo", "myname") == (127, "", "myname: 1: foo: not found\n")
