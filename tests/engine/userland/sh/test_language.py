"""The shell language: quoting, expansions, arithmetic, substitution, control flow,
functions. Each expectation was checked against busybox ash, dash and bash."""


def bash(box, script, stdin=""):
    return box.run("bash", "-c", script, stdin=stdin)


# -- quoting -------------------------------------------------------------------
def test_quoting_single_double_backslash(alpine):
    status, out, err = alpine.sh("""echo 'single $x' "double $HOME" back\\ slash "a\\"b" 'it'\\''s'""")
    assert (status, out, err) == (0, 'single $x double /root back slash a"b it\'s\n', "")


def test_field_splitting_and_quotes(alpine):
    status, out, _ = alpine.sh('x="a  b   c"; echo $x; echo "$x"; set -- $x; echo $#')
    assert out == "a b c\na  b   c\n3\n"


def test_ifs_with_non_white_delimiters(debian):
    _, out, _ = debian.sh('IFS=:; x=a::b:; set -- $x; echo $#; for i; do echo "[$i]"; done')
    assert out == "3\n[a]\n[]\n[b]\n"


def test_positional_parameters_at_and_star(alpine):
    script = ('set -- a "b c" d; echo "$#"; for a in "$@"; do echo "<$a>"; done; '
              'for a in $*; do echo "($a)"; done; echo "$*"')
    _, out, _ = alpine.sh(script)
    assert out == "3\n<a>\n<b c>\n<d>\n(a)\n(b)\n(c)\n(d)\na b c d\n"


def test_star_joins_with_first_ifs_character(debian):
    _, out, _ = bash(debian, 'set -- a b; IFS=,; echo "$*"; IFS=; echo "$*"')
    assert out == "a,b\nab\n"


# -- parameters ------------------------------------------------------------------
def test_default_alternative_and_assign(alpine):
    script = ('x=; echo "[${x:-def}]" "[${x-def}]" "[${x:+alt}]" "[${x+alt}]"; unset x; '
              'echo "[${x:-def}]" "[${x-def}]" "[${x:+alt}]" "[${x+alt}]"; '
              'echo ${y:=assigned}; echo $y')
    _, out, _ = alpine.sh(script)
    assert out == "[def] [] [] [alt]\n[def] [def] [] []\nassigned\nassigned\n"


def test_length_and_pattern_removal(alpine):
    _, out, _ = alpine.sh("p=/usr/local/lib/file.tar.gz; echo ${p#*/} ${p##*/} ${p%.*} ${p%%.*} ${#p}")
    assert out == "usr/local/lib/file.tar.gz file.tar.gz /usr/local/lib/file.tar /usr/local/lib/file 26\n"


def test_substring_and_replacement(debian):
    _, out, _ = bash(debian, "x=abc; echo ${x:1} ${x:0:2} ${x/b/B} ${x//[ac]/_}")
    assert out == "bc ab aBc _b_\n"


def test_special_parameters(alpine):
    _, out, _ = alpine.sh('false; echo $?; echo $#; echo $0; set -- 1 2 3 4 5 6 7 8 9 10; echo ${10}')
    assert out == "1\n0\nsh\n10\n"


def test_dollar_dollar_is_the_shell_pid(alpine):
    _, out, _ = alpine.sh("echo $$; (echo $$)")
    first, second = out.split()
    assert first == second and first.isdigit()


def test_tilde(alpine):
    _, out, _ = alpine.sh('echo ~; echo ~/x; echo "~"; x=~; echo $x')
    assert out == "/root\n/root/x\n~\n/root\n"


# -- arithmetic ------------------------------------------------------------------
def test_arithmetic_operators(alpine):
    script = ("echo $((3+4*2)) $(( (3+4)*2 )) $((7/2)) $((-7/2)) $((7%3)) $((-7%3)) $((1<<4)) "
              "$((0xff)) $((010)) $((5>3)) $((5>3 && 0)) $((2>1 ? 10 : 20))")
    _, out, _ = alpine.sh(script)
    assert out == "11 14 3 -3 1 -1 16 255 8 1 0 10\n"


def test_arithmetic_assignment_and_increment(debian):
    script = "i=0; : $((i+=10)); echo $i; echo $((i++)) $i $((++i)); echo $(( 2 ** 10 ))"
    assert bash(debian, script)[1] == "10\n10 11 12\n1024\n"


def test_dash_arithmetic_is_posix_only(debian):
    status, out, err = debian.sh("echo $(( 2 ** 10 ))")
    assert (status, out) == (2, "")
    assert err == 'sh: 1: arithmetic expression: expecting primary: " 2 ** 10 "\n'


# -- command substitution ------------------------------------------------------
def test_command_substitution(alpine):
    _, out, _ = alpine.sh('echo "$(echo one; echo two)"; echo `echo a`"b"; '
                          'echo "nested $(echo "inner $(echo deep)")"')
    assert out == "one\ntwo\nab\nnested inner deep\n"


def test_substitution_status_and_isolation(alpine):
    _, out, _ = alpine.sh("x=$(exit 4); echo $?; y=1; z=$(y=2; echo $y); echo $y $z")
    assert out == "4\n1 2\n"


# -- control flow ------------------------------------------------------------------
def test_if_elif_else(alpine):
    _, out, _ = alpine.sh("if false; then echo a; elif true; then echo b; else echo c; fi")
    assert out == "b\n"


def test_loops_break_continue(alpine):
    script = ("for x in a b c; do if [ $x = b ]; then continue; fi; echo $x; done; "
              "for x in 1 2 3; do for y in a b; do [ $y = b ] && break 2; echo $x$y; done; done; "
              "n=0; until [ $n -ge 2 ]; do echo n=$n; n=$((n+1)); done; "
              "i=0; while [ $i -lt 5 ]; do i=$((i+1)); done; echo $i")
    _, out, _ = alpine.sh(script)
    assert out == "a\nc\n1a\nn=0\nn=1\n5\n"


def test_for_without_in_loops_over_arguments(debian):
    _, out, _ = debian.sh("set -- 'a b' c; for i; do echo \"[$i]\"; done")
    assert out == "[a b]\n[c]\n"


def test_case_patterns(alpine):
    script = ('case "hello.txt" in *.sh) echo shell;; *.txt|*.md) echo text;; *) echo other;; esac; '
              "case x in [abc]) echo abc;; [!xyz]) echo notxyz;; ?) echo one;; esac")
    assert alpine.sh(script)[1] == "text\none\n"


def test_and_or_and_negation(alpine):
    _, out, _ = alpine.sh("true && echo yes || echo no; false && echo yes || echo no; "
                          "! false; echo $?; a=0; ! true || a=1; echo $a")
    assert out == "yes\nno\n0\n1\n"


# -- functions and groups --------------------------------------------------------
def test_functions_with_arguments_and_return(alpine):
    script = ('f() { echo "args: $# $1"; shift; echo "after: $*"; return 3; }; '
              "f one two three; echo $?; echo $#")
    assert alpine.sh(script)[1] == "args: 3 one\nafter: two three\n3\n0\n"


def test_local_variables_are_dynamic(debian):
    script = 'f() { local v=inner; g; }; g() { echo "g sees $v"; }; v=outer; f; echo $v'
    assert debian.sh(script)[1] == "g sees inner\nouter\n"
    assert bash(debian, script)[1] == "g sees inner\nouter\n"


def test_subshell_does_not_leak(alpine):
    _, out, _ = alpine.sh("x=1; (x=2; cd /tmp; echo $x $(pwd)); echo $x; pwd")
    assert out == "2 /tmp\n1\n/\n"


def test_group_runs_in_the_shell(alpine):
    assert alpine.sh("x=1; { x=2; cd /tmp; }; echo $x; pwd")[1] == "2\n/tmp\n"


def test_eval_and_source(alpine):
    alpine.fs.write("/tmp/lib.sh", b"greet() { echo hello $1; }\nLIBVAR=set\n")
    _, out, _ = alpine.sh("eval 'x=evald'; echo $x; . /tmp/lib.sh; greet world; echo $LIBVAR")
    assert out == "evald\nhello world\nset\n"


def test_read_splits_on_ifs(alpine):
    script = 'read a b c <<EOF\none two three four\nEOF\necho "[$a] [$b] [$c]"'
    assert alpine.sh(script)[1] == "[one] [two] [three four]\n"


def test_read_r_and_backslashes(debian):
    _, out, _ = bash(debian, "echo 'a\\b' | { read x; echo \"$x\"; }; "
                             "echo 'a\\b' | { read -r x; echo \"$x\"; }; "
                             "echo '  lead  ' | { IFS= read -r x; echo \"[$x]\"; }")
    assert out == "ab\na\\b\n[  lead  ]\n"


def test_echo_and_printf_builtins(alpine, debian):
    assert alpine.sh("echo -n x; echo 'a\\tb'; echo -e 'a\\tb'")[1] == "xa\\tb\na\tb\n"
    assert debian.sh("echo 'a\\tb'")[1] == "a\tb\n"  # dash's echo always interprets
    script = "printf '%s-%s\\n' a b c d; printf '%d %5.1f %x %o %c %%\\n' 42 3.14159 255 8 hello"
    assert alpine.sh(script)[1] == "a-b\nc-d\n42   3.1 ff 10 h %\n"


def test_test_builtin(alpine):
    script = ('x=5; test $x -gt 3 && echo big; [ "$x" = 5 ] && echo five; [ -z "" ] && echo empty; '
              "[ -d / ] && echo dir; [ -f /etc/passwd ] && echo file; [ -e /nope ] || echo missing")
    assert alpine.sh(script)[1] == "big\nfive\nempty\ndir\nfile\nmissing\n"


def test_double_brackets_in_bash(debian):
    script = '[[ abc == a* ]] && echo glob; [[ "a b" = "a b" && -n x ]] && echo and; [[ x =~ ^x$ ]] && echo re'
    assert bash(debian, script)[1] == "glob\nand\nre\n"


def test_type_and_command_v(alpine, debian):
    assert alpine.sh("type echo cd if; command -v echo")[1] == \
        "echo is a shell builtin\ncd is a shell builtin\nif is a shell keyword\necho\n"
    assert bash(debian, "command -v ls cd")[1] == "/usr/bin/ls\ncd\n"


def test_exit_status_and_exit_trap(alpine):
    assert alpine.sh("exit 7")[0] == 7
    assert alpine.sh("trap 'echo bye' EXIT; echo body") == (0, "body\nbye\n", "")
    assert alpine.sh("trap 'echo in trap; exit 5' EXIT; exit 2") == (5, "in trap\n", "")


def test_script_file_and_arguments(alpine):
    alpine.fs.write("/tmp/s.sh", b'echo "$0 $1 $#"\n')
    assert alpine.run("sh", "/tmp/s.sh", "x", "y") == (0, "/tmp/s.sh x 2\n", "")


def test_script_from_stdin(alpine, debian):
    assert alpine.run("sh", stdin="echo hi\nx=3\necho $x\n") == (0, "hi\n3\n", "")
    assert debian.run("bash", stdin="read line\nthe data\necho \"got $line\"\n") == \
        (0, "got the data\n", "")


def test_bash_funcname_has_main_under_the_functions_of_a_script_file(debian):
    """As bash /tmp/fn.sh does on the host: `f main` (and no "main" for -c or stdin)."""
    debian.fs.write("/tmp/fn.sh", b"f() { echo ${FUNCNAME[@]}; }\nf\necho \"[${FUNCNAME-unset}]\"\n")
    assert debian.run("bash", "/tmp/fn.sh") == (0, "f main\n[unset]\n", "")
    assert debian.run("bash", stdin="f() { echo ${FUNCNAME[@]}; }\nf\n") == (0, "f\n", "")
