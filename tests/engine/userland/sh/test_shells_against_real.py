"""Shell cases compared byte for byte, exit status included, with real BusyBox ash, bash and
dash (BusyBox 1.37, see tests/references.py, and the host's bash and dash; skipped where they
are absent). The alpine image's sh stands against busybox sh, the debian image's bash against
bash and its sh against dash."""

import shutil
import subprocess

import pytest

from tests import references

from tests.engine.userland.conftest import Box

BASH_CASES = [  # bash only: arrays, PIPESTATUS, BASH_REMATCH
    "a=(x y z); echo ${#a[@]} ${a[1]}",
    "a=(x \"y z\" w); for e in \"${a[@]}\"; do echo \"[$e]\"; done",
    "a=(1 2); a+=(3 4); echo \"${a[*]}\" ${#a[*]}",
    "a=(p q); a[5]=r; echo \"${a[@]}\" ${a[-1]}; echo $a",
    "a=(one two); echo ${a[1]:-none} ${a[7]:-none} ${#a[0]}",
    "i=1; a=(x y z); echo ${a[i+1]} ${a[$i]}",
    "a=(); echo ${#a[@]}; a=x; echo ${a[0]}",
    "true | false | true; echo ${PIPESTATUS[@]}",
    "false; echo ${PIPESTATUS[0]} ${#PIPESTATUS[@]}",
    "[[ abc =~ b(c) ]] && echo ${BASH_REMATCH[1]} ${BASH_REMATCH[0]}",
    "declare -A m; m[k]=v; m[j]=w; echo ${m[k]} ${#m[@]}",
    "declare -a arr; arr+=(a b); echo ${arr[1]}",
    "a=(x y z); unset 'a[1]'; echo ${#a[@]} \"${a[@]}\"",
    "x=y; y=hello; echo ${!x}",
    "a=(p q r); echo ${!a[@]}",
    "v1=a v2=b; echo ${!v*}",
    "f() { local -a l=(1 2); echo ${l[1]}; }; f; echo \"[${l[1]}]\"",
    "declare -A m=([k]=v [j]=w); echo ${m[j]} ${#m[@]}",
    "declare -a x=(a \"b c\"); echo ${#x[@]} \"${x[1]}\"",
    "readonly r=(1 2); echo ${r[1]}",
    "read -q x </dev/null; echo rc=$?",
    "TIMEFORMAT='[%0R %0U %0S %%]'; time true; time (exit 3); echo rc=$?; time ! true; echo $?",
    "TIMEFORMAT='%1lR|%1R|%0lS'; time sleep 0.2; TIMEFORMAT=; time true; echo x; time; echo y",
    "f() { TIMEFORMAT=%0R; time -p true; }; f 2>&1 | sed 's/0\\.0[0-9]/Z/'",
    # time -- is POSIX's format too; an unknown conversion is reported and nothing printed
    "TIMEFORMAT='%0R'; time -- true 2>&1 | sed 's/0\\.0[0-9]/Z/'; echo rc=$?",
    "TIMEFORMAT='%0R|%x'; time true; echo rc=$?",
    "TIMEFORMAT='a%'; time true; TIMEFORMAT='%3'; time true; TIMEFORMAT='%5R'; { time true; } 2>&1 | tr 0-9 N",
    # bash -c's functions come from "environment" (its text runs before the shell is set up)
    "f() { cd /nonexist; }; f; g() { echo $((1/0)); }; g; echo rc=$?", "f() { g; }\ng() { cd /z; }\nf",
    # arithmetic errors quote where bash had read to (exponent) or the bad number
    "echo $(( 2 ** -1 ))", "echo $(( 2 ** -1 + 3 ))", "echo $(( (2) ** (-1) ))",
    "echo $(( 1 + 08 + 1 ))", "echo $(( 08 ))", "echo $(( 1 + 2#3 + 1 ))", "echo $(( 09#1 ))",
    "echo $(( 65#1 ))", "echo $(( 2# ))", "echo $(( 1e3 ))",
    # a for word that is no name: refused when the loop runs, and set -e goes on
    "for 1 in a; do echo x; done; echo rc=$?", "for $x in a; do :; done; echo rc=$?",
    "set -e; for a-b in x; do :; done; echo after",
    # case changes and transformations
    "x=banana; echo ${x^^} ${x^} ${x^^a} ${x^[bn]} ${x^^[!a]}; y=ABC; echo ${y,,} ${y,}",
    "x=\"it's\"; echo ${x@Q} ${x@U} ${x@u} ${x@L}; y=; echo ${y@Q}; echo \"[${z@Q}]\"",
    # ${!x} of an unset x, or of a value that names nothing
    # an unterminated here-document: warned of at the line the input ended, before any error
    "cat <<EOF\na\nb", "echo x\ncat <<EOF\na\nb\nc", "f() { cat <<EOF\nx\n}\nf",
    "echo ${!x}; echo rc=$?", "x=; echo ${!x}; echo rc=$?", "x='a b'; echo ${!x}; echo rc=$?",
    "x=y; echo \"[${!x}]\"; x=1; set -- p; echo ${!x}",
    "f() { echo ${FUNCNAME[@]}; g; }; g() { echo \"${FUNCNAME[*]}|${FUNCNAME[1]}|${#FUNCNAME[@]}\"; }; f",
    # (( )) and for (( ; ; )): a bad expression fails the command, named "((", and the list
    # goes on ($(( )) aborts it); a token after a whole expression is bash's "syntax error in
    # expression"; set -x shows a for loop's words as written before each pass
    "(( a b )); echo rc=$?; x='1 +* 2'; (( x )); echo rc=$?; echo $(( 1 2 )); echo not here",
    "for ((;a b;)); do :; done; echo rc=$?; for ((i=0;i<2;i+++)); do echo $i; done 2>&1; echo rc=$?",
    # an operator on "$@" or "${a[@]}" applies to each element; ${a[@]:o:n} takes elements
    "set -- a b c d; echo \"${@:2}\" \"${@:0:2}\" ${*:2:1} \"${@: -2}\"; a=(x1 y2 z3); echo \"${a[@]:1}\""
    " ${a[*]:0:2} ${a[@]#?} ${a[@]/[0-9]/N} ${a[@]^^} \"${a[@]@Q}\"; echo ${@^} ${@%?};"
    " b=([2]=p [5]=q [7]=r); echo ${b[@]:3} ${b[@]: -3:1} \"${b[*]:0:2}\"; echo ${a[@]:0:-1}",
    # read -a: every field an element; NAME+=x on an array appends to its element 0
    "read -a arr <<< '  x y  z '; declare -p arr; IFS=: read -a p <<< 'a::b:'; declare -p p;"
    " read -a e < /dev/null; echo rc=$?; declare -p e; IFS=: read -a q <<< 'a:b::'; declare -p q;"
    " read -a w <<< '   '; declare -p w; a=(x y); a+=z; echo ${a[@]}",
    # type -t -p -P -a (bash; BusyBox reads any option as command -v's way)
    "shopt -s expand_aliases; alias ll=ls; f() { :; }; type -t echo cat if f ll nosuch; echo rc=$?;"
    " type -p cat echo nosuch; echo rc=$?; type -P echo; type -a echo; type -at echo; type -ta cat;"
    " type -a nosuch; echo rc=$?; type -P if; echo rc=$?; type -ap echo; type -tP cat",
    # shopt: bash 5.2's options (scripts/gen_bash_shopt.py); nullglob, dotglob, nocaseglob,
    # failglob act on globs, expand_aliases on what type finds
    "shopt | head -3; shopt extglob; echo rc=$?; shopt -s nullglob dotglob; shopt -p nullglob dotglob"
    " extglob; shopt -q nullglob; echo rc=$?; shopt nosuch; echo rc=$?; shopt -x; echo rc=$?;"
    " shopt -su x; echo rc=$?; shopt -o errexit; set -e; shopt -po errexit; shopt -s | head -3",
    "rm -rf gt; mkdir gt && cd gt && touch .h a B; echo *.x; shopt -s dotglob; echo *; shopt -s"
    " nocaseglob; echo b*; shopt -s nullglob; echo z* end; shopt -u nullglob; shopt -s failglob;"
    " echo *.x; echo after",
    "alias ll=ls; type -t ll; echo rc=$?; shopt -s expand_aliases; type -t ll",
    # ${x~} ${x~~}: the other case; {a..e..2}: letters with a step
    "s='Hello World'; echo ${s~~} ${s~} ${s~~[lo]} ${s~[h]}; a=(aB Cd); echo ${a[@]~~};"
    " echo {a..e..2} {e..a..2} {a..c..-1} {A..z..7}",
    # declare -i and local -i: what is assigned is evaluated, += adds
    "declare -rxi n=5; declare -p n; declare -i m; m=3*4; m+=1; echo $m; m=abc; echo $m; abc=7; m=abc;"
    " echo $m; m+=x; echo $m; declare -p m; f() { local -i l=2+2; echo $l; }; f; declare -i z=1/0; echo no",
    # printf's complaints come before its output (written when the builtin ends); bash's
    # %(FORMAT)T
    "exec 2>&1; printf '%d|%d\\n' abc 5; printf '%(%Y-%m-%d %H:%M:%S)T|%(%s)T|%10(%Y)T|%-6(%m)T|\\n'"
    " 86400 0 0 0; printf '%()T|\\n' 0; printf '%(%Y)T\\n' abc; echo rc=$?; printf '%(%j %a %b)T %s\\n' 1000000 x",
    # mapfile / readarray: lines into an array (-t, -n, -s, -O, -d), its refusals
    "printf 'a\\nb\\nc' | { mapfile; declare -p MAPFILE; }; printf 'a\\nb\\nc\\n' | { mapfile -t"
    " -n 2 -s 1 -O 3 arr; declare -p arr; }; printf 'x:y:' | { readarray -d : -t p; declare -p p; };"
    " a=(9 9 9); printf 'z\\n' | { mapfile -O 1 a; declare -p a; }; mapfile -u 5 q; echo rc=$?",
    "mapfile -x; echo rc=$?; mapfile 1a < /dev/null; echo rc=$?",
    # declare -p: each variable as the declare that makes it again; ${x@Q} and $'...'
    "x=1; y='a\"b$c`d\\e'; z=$'a\\nb\\tc'; export E=2; readonly R=3; a=(1 \"2 3\"); a[5]=z;"
    " declare -A m=([k]=v); declare -a e=(); declare -x X2; export R; w=$'\\x01\\x7f\\e\\q\\'r';"
    " declare -p x y z E R a m e X2 w 2>&1; declare -p nosuch; echo rc=$?; echo ${w@Q} ${z@Q} ${x@Q}",
    "set -x; v='p q'; for i in $v x; do :; done; for i in; do :; done; set -- a; for i; do :; done;"
    " i=0; for ((;i<1;)); do i=1; done; for (( i = 0 ; i < 1 ; i++ )); do :; done",
]
DASH_CASES = [  # dash only: what it lacks or words its own way
    "read -q x </dev/null; echo rc=$?; read -n 1 x </dev/null; echo rc=$?",
    "ulimit -a -H | head -1; ulimit -w -x; echo rc=$?",
]
# test and [ (builtins): POSIX's rules by the number of arguments, then each shell's grammar
TEST_CASES = [f"test {expr}; echo rc=$?" for expr in (
    "a b", "'(' 1", "-x a b", "! a b", "1 = 1 -x", "1 = 1 2", "a -a", "! ! a", "-z a b c d",
    "a -o", "-x", "-t", "1 -eq 1 -a", "! -z", "'(' '(' a ')' ')'", "x -a '(' y", "1 -lt 2 3",
    "1 -eq a", "'' -o ''", "'' -a x", "-n", "! ''", "a = b -o c = c", "'(' a = a ')'",
    "a '<' b", "-z '' -a -n x", "x -eq 1", "'!' = '!'", "-e /etc -a -d /etc", "a -eq", "'(' -n x ')'", "'(' ! -e ')'",
    "! a = b", "! '(' a ')'", "-eq -eq -eq", "! -n x", "a -a !")] + [
    f"[ {expr} ]; echo rc=$?" for expr in ("'(' a ')' -a '(' b", "a", "", "-f /etc/passwd",
                                           "1 -gt", "'(' a")] + ["[ a; echo rc=$?"]
CASES = [
    ":(){ echo func; }; :; echo rc=$?",  # the fork bomb's function name (dash refuses it)
    "a-b(){ echo ok; }; a-b; true(){ echo t; }; true",
    "export(){ echo f; }; export; echo rc=$?",
    "ulimit -z; echo rc=$?",
    "ulimit -s -Hs -x; ulimit -q",  # limits the host and a container share
    "ulimit -t -f; ulimit -r 5 6; echo rc=$?; ulimit abc; echo rc=$?",
    "echo 'a\\x41\\101\\0101\\e|'; printf '\\x41\\e\\101\\0101|%b|\\n' '\\x41\\0101\\101'",
    "ulimit -n 10; ulimit -n; ulimit -Hn; ulimit -Sn 20; echo rc=$?; ulimit -Hn 5; ulimit -Sn",
    "ulimit -c unlimited; echo rc=$?; ulimit -n unlimited; echo rc=$?; ulimit -n 9; (ulimit -n 7); ulimit -n",
    "echo $((16#ff)); echo $((0x10 + 010))",
    "x=oops; for i in 1 2; do echo $i; break $x; done; echo rc=$?",
    "for i in 1 2; do echo $i; break 0; done; echo rc=$?",
    "for i in 1 2; do continue x; done; echo rc=$?",
    "continue oops; echo after",
    "x=oops; while true; do echo hi; break $x; done; echo rc=$?",
    "for i in 1 2 3; do for j in a b; do echo $i$j; break 2; done; done; echo rc=$?",
    "printf '%d\\n' ''; echo rc=$?",
    "printf '%d %i %x\\n' '' 12abc 3; echo rc=$?",
    "printf '%d|%x|%u|%o\\n' 99999999999999999999 -99999999999999999999 -1 1e3; echo rc=$?",
    "printf '%d %d %d\\n' abc ' 12' 0x1f; echo rc=$?",
    "u=; for w in ${u:-a b c}; do echo \"[$w]\"; done",
    "u=; for w in ${u:-\"a b\" c}; do echo \"[$w]\"; done",
    "u=; echo ${u:-a  b}",
    "x=1; for w in ${x:+p q}; do echo \"<$w>\"; done",
    "A=1 B=$A sh -c 'echo \"$B\"'",
    "A=1; A=2 B=$A sh -c 'echo \"$B\"'",
    "A=1; A=2 B=$A true; echo $A $B",
    "f() { echo \"$X$Y\"; }; X=a Y=$X f",
    "printf '%#o %#x %#5o|%-#6o|\\n' 8 255 8 8",
    "printf '%#o\\n' 0",
    "echo \"  lead  trail  \" | { read; echo \"[$REPLY]\"; }",
    "echo \"  a\\\\tb \" | { read; echo \"[$REPLY]\"; }",
    "echo \" x y \" | { read v; echo \"[$v]\"; }",
    "set -C; echo a > /tmp/nc; echo b >| /tmp/nc; cat /tmp/nc; echo c > /tmp/nc; echo rc=$?; rm -f /tmp/nc",
    "set -C; echo x > /dev/null; echo ok",
    "echo $BASH_VERSION",
    "echo $(( -3 ** 2 )) $(( -2 ** 3 )) $(( !0 ** 2 )) $(( ~1 ** 2 )) $(( -3 * 2 )) $(( - 2 + 5 ))",
    "f() { local x=\"a   b\"; echo \"$x\"; }; f",
    "export y=\"1  2\"; echo \"$y\"",
    "printf 'l1\\nl2\\n' > /tmp/r; exec 4</tmp/r; read a <&4; read b <&4; echo \"$a-$b\"",
    "echo \"  lead  trail  \" | { read v; echo \"[$v]\"; }",
    "printf 'abcdef' | { read -n 3 v; echo \"[$v]\"; }",
    "printf '%#o %#x\\n' 8 255",
    "echo $(( -3 ** 2 ))",
    "echo $(( 2 ** 63 ))",
    "echo $(( 9223372036854775807 + 1 ))",
    "set -C; echo a > /tmp/nc; echo b >| /tmp/nc; cat /tmp/nc; rm -f /tmp/nc",
    "set -e; false | true; echo survived",
    "x=5; (( x += 2 )); echo $x",
    "echo $BASH_VERSION | cut -d. -f1",
    "seq -w 8 10",
    "echo hello | rev",
    "printf 'b\\na\\n' | tac",
    "expr 3 + 4",
    "echo abc | od -c | head -1",
    "echo aGk= | base64 -d",
    "printf 'a\\nb\\n' | nl",
    "echo abcdefgh | fold -w 3",
    "printf 'a\\nb\\n' > /tmp/c1; printf 'b\\nc\\n' > /tmp/c2; comm /tmp/c1 /tmp/c2",
    "f() { return 3; }; f; echo $?",
    "set -- a b c; shift 2; echo \"$@\" $#",
    "case abc in a*) echo yes;; esac",
    "x=abcdef; echo ${x:1:3} ${x#a} ${x%f} ${x/cd/X}",
    "echo ${#x}",
    "trap 'echo bye' EXIT; echo hi",
    "echo $((16#ff)) $((8#17))",
    "printf '%5s|%-5s|%05d\\n' ab cd 42",
    "printf '%s\\n' \"a b\" c",
    "echo -e 'a\\tb'",
    "echo -n x; echo y",
    "v=$(printf 'a\\n\\n'); echo \"[$v]\"",
    "echo $(( 7 / 2 )) $(( -7 / 2 )) $(( 7 % -3 ))",
    "readonly r=1; r=2; echo $r",
    "unset nosuch; echo ${nosuch:?gone}",
    # regular expressions: linear time (RE2) and POSIX's leftmost-longest
    "printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\n' | grep -E '(a*)*b'; echo $?",
    "echo abcd | grep -oE 'a|ab|abc'",
    "echo abcd | sed -E 's/a|ab|abc/X/'",
    "echo abcd | awk '{ sub(/a|ab|abc/, \"X\"); print }'",
    "echo aaa | sed 's/a*\\(a\\)/[\\1]/'",
    "printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa\\n' | sed -E 's/(a*)*b/x/'",
    "printf 'xyz\\n' | grep -E '^(x|xy)(z|yz)$'",
    "echo 'foo bar' | sed -E 's/(o+) (b)/<\\2\\1>/'",
    "echo abab | grep -oE '(ab)+'",
    # file descriptors 3-9 kept by exec
    "exec 3>/tmp/fd3; echo x >&3; cat /tmp/fd3; echo ---; exec 3>&-; cat /tmp/fd3",
    "exec 3>/tmp/fd4; echo y >&3; exec 3>&-; cat /tmp/fd4",
    "echo z > /tmp/fd5; exec 4</tmp/fd5; cat <&4",
    "exec 5>&1; echo to5 >&5",
    # here-strings (bash only) and misplaced redirections
    "cat <<<\"here\"",
    "cat <<< here; echo rc=$?",
    "echo > > x",
    "echo a; < ; echo b",
    "cat << > x",
    # backslashes in a parameter's word inside double quotes
    "u=; echo \"${u-\\z}\" \"${v-\\z}\" ${v-\\z}",
    "echo \"${v-\\$HOME}\" \"${v-a\\}b}\"",
    "v=x; echo \"${v+\\y}\" \"${v:+\\\"q\\\"}\"",
    # bash's arithmetic for loop (ash: a bad for loop variable)
    "for ((i=0;i<3;i++)); do echo $i; done",
    "for (( i = 5 ; i > 0 ; i -= 2 )) do echo $i; done",
    "for ((;;)); do echo once; break; done",
    "for ((i=0; i<10; i++)); do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done; echo rc=$?",
    "for in a; do echo; done",
    # escapes make bytes: \\377 is one byte, \\303\\251 is é
    "printf '\\377' | od -An -tx1",
    "printf '\\xff\\x41' | od -An -tx1",
    "echo -e '\\0377x' | od -An -tx1",
    "printf 'caf\\303\\251\\n'",
    "x=$'\\xe2\\x82\\xac'; echo \"$x\"",
    # a bad ${...} is found when the word is expanded: what ran before it ran
    "echo a; echo ${x!}; echo rc=$?", "echo a; if false; then echo ${x!}; fi; echo rc=$?",
    "f() { echo ${1x}; }; echo a; f; echo rc=$?", "echo a; x=${y;}; echo rc=$?",
    "echo a; echo \"${x:-${y!}}\"; echo rc=$?", "echo ${x:}; echo rc=$?",
    "echo a; echo ${x::}; echo rc=$?",
    "for 1 in a; do echo; done; echo rc=$?",
    # descriptors above 2: inherited by children, read -u, a bad one named as each shell does
    "echo data > /tmp/in4; sh -c 'cat <&4' 4</tmp/in4",
    "printf 'a\\nb\\n' > /tmp/u3; exec 3</tmp/u3; read -u 3 x; read -u3 y; echo \"$x $y rc=$?\"",
    "read -u 7 x; echo rc=$?", "read -u x y; echo rc=$?", "read -t x y; echo rc=$?",
    "read -t 0 x < /dev/null; echo rc=$?", "read -t 0.1 x < /dev/null; echo rc=$?",
    "echo x >&5; echo rc=$?", "cat <&5; echo rc=$?", "exec 3>&9; echo rc=$?",
    ": >&9; echo rc=$?", "exec 3</nonexist; echo rc=$?",
    # getopts's words, local outside a function, break in a function, set -o's table
    "getopts ab: o -b; echo rc=$? $o", "getopts ab: o -x; echo rc=$? $o",
    "getopts :ab: o -x; echo rc=$? $o $OPTARG", "local x=1; echo rc=$?",
    "f() { break; }; for i in 1 2; do f; echo $i; done; echo end",
    "f() { continue; }; for i in 1 2; do f; echo $i; done; echo end",
    "set -o", "set -o pipefail; set -e; set +o", "set -o foo; echo rc=$?", "set +o foo; echo rc=$?",
    "echo $-; set -Cxue; echo $- 2>/dev/null", "set -abefuxC; echo $- 2>/dev/null",
    # builtins' own words: shift, unalias, getopts, exec, trap -l, kill -l, command -V
    "shift -1; echo rc=$?", "unalias nosuch; echo rc=$?", "alias a=b; alias a nosuch; echo rc=$?", "getopts; echo rc=$?",
    "exec nosuchcmd; echo rc=$?", "exec /etc; echo rc=$?", "exec /nonexist/x; echo rc=$?",
    "trap -l 2>&1 | head -1", "kill -l 15 TERM; echo rc=$?", "kill -l TERM; echo rc=$?",
    "command -V nosuch; echo rc=$?", "command -V echo cd nosuch; echo rc=$?",
    "command -v nosuch; echo rc=$?; command -v cd nosuch echo; echo rc=$?",
    # ash and dash apply an operator on $@ to "$*" as one string
    "set -- ab cd ef; echo ${@%?} ${@#?} \"${@%?}\" ${*%?}",
    # (bash prints a function's definition as it deparses it: not here)
    "alias ll=ls; f() { :; }; type -t echo if f ll nosuch; echo rc=$?; type echo nosuch; echo rc=$?",
    # aliases: expanded as each line is parsed (not on the line that defines them), a value
    # ending in a blank expands the next word too, an alias is not expanded within itself;
    # bash only with expand_aliases (its first line, as dash and ash ignore the shopt)
    "shopt -s expand_aliases 2>/dev/null\nalias e=echo; e same line\ne next line\nalias q='echo quoted '; q e x\n"
    "q e x\nalias r=e\nr nested\nalias s='echo a;echo b'\ns\nf() { e in function; }\nf\n"
    "x=$(e in cmdsub); echo $x\ny=`e in backquote`; echo $y\nalias loop=loop\nloop\nalias ee='e e'\nee x\n"
    "unalias e; e gone\ne gone2",
    "f() { local x=1 -y; echo $x; }; f; echo rc=$?",  # (only bash's local takes options)
    "f() { local -i -r a=1+1; echo $a; }; f; echo rc=$?", "f() { local - x=1; echo $x; }; f; echo rc=$?",
    # the ERR trap (ash and bash; dash has none): after a failed simple command, subshell or
    # pipeline where set -e would count it, not inside functions but with set -E
    "trap 'echo ERR $?' ERR; false; echo a; false || true; if false; then :; fi; ! false; false && true;"
    " f() { false; echo inf; }; f; (false); x=$(false); echo b; false | true; true | false; set -e; false",
    "trap 'echo ERR $?' ERR; if true; then false; fi; { false; }; while false; do :; done;"
    " for i in 1; do false; done; case x in x) false;; esac; f() { return 3; }; f; trap; trap - ERR; trap",
    "set -E; trap 'echo ERR $?' ERR; f() { false; echo in; }; f; trap 'false; echo inner' ERR; false; echo $?",
    # $FUNCNAME: ash's the running function's name ('' outside), bash's the call stack, dash none
    "f() { echo \"[$FUNCNAME]\"; g; }; g() { echo \"[$FUNCNAME]\"; }; f; echo \"[${FUNCNAME-unset}]\"",
    # %c of an empty argument is its NUL; dash reads variables in $(( )) as numbers only
    "printf 'a%cb|%3c|' '' '' | od -An -c",
    # the umask is the process's: files and directories made by redirections and programs,
    # a subshell's own, a child's inherited
    "rm -rf umt; mkdir umt; cd umt; umask 077; echo x > a; touch b; mkdir d; (umask 0; touch g);"
    " touch h; sh -c 'touch i; umask'; ls -ld a b d g h i | cut -c1-10; umask",
    # a missing argument: 0, and ash says so for an integer (not for %f)
    "printf '%d %d|%x|%s|%f\\n' 1; echo rc=$?", "printf '%*d|\\n' 3; echo rc=$?", "n=abc; echo $((n)); echo rc=$?",
    "n='1+1'; echo $((n)); echo rc=$?", "n=-0x1f; echo $((n))",
    # bash's \u and \U in the C locale: ASCII as itself, the rest written back in capitals
    "LC_ALL=C; printf '\\u0041|\\u00e9|\\U0001F600|\\uZZ|\\n' 2>/dev/null; echo -e '\\u00e9|\\u41'",
    "LC_ALL=C\necho $'\\u00e9|\\u0042'", "LC_ALL=C; printf '%b\\n' '\\u00e9'",
    "LC_ALL=C.UTF-8; printf '\\u00e9|\\U0001F600\\n'; echo -e '\\u00e9'",
    # /dev/full: a builtin's write fails with ENOSPC, each shell says it its way (programs:
    # tests/engine/proc/test_dev_full_against_real.py, since busybox sh here runs the host's)
    "echo a; echo hi > /dev/full; echo rc=$?; echo b",
    "printf x > /dev/full; echo rc=$?; pwd > /dev/full; echo rc=$?; echo ok 2> /dev/full",
]


# reference -> (the real program, argv before "-c", the image whose shell stands against it,
# the name crsim runs there). dash is the debian image's /bin/sh.
SHELLS = {"busybox": (references.busybox, ["busybox", "sh"], "alpine", "sh"),
          "bash": (lambda: shutil.which("bash"), ["bash"], "debian:bookworm-slim", "bash"),
          "dash": (lambda: shutil.which("dash"), ["sh"], "debian:bookworm-slim", "sh")}


@pytest.fixture(scope="module")
def shells():
    boxes = {}
    return lambda image: boxes.setdefault(image, Box(image))


@pytest.mark.parametrize("reference, case", [(r, c) for c in CASES + TEST_CASES for r in SHELLS]
                         + [("bash", c) for c in BASH_CASES] + [("dash", c) for c in DASH_CASES])
def test_case_as_the_real_shell(shells, reference, case, tmp_path):
    find, argv, image, name = SHELLS[reference]
    program = find()
    if program is None:
        pytest.skip(references.MISSING if reference == "busybox" else f"{reference} is not installed")
    # in an empty directory: an unquoted `$o` holding `?` globs, and the host's / may hold a
    # one-character name where the image's / has none
    real = subprocess.run(argv + ["-c", case], executable=program, capture_output=True, text=True,
                          timeout=10, cwd=tmp_path)
    status, out, err = shells(image).run(name, "-c", case)
    assert (out, err, status) == (real.stdout, real.stderr, real.returncode)
