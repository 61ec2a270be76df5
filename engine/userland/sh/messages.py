"""What each shell says, and with which exit status: busybox ash, bash and dash.

The texts were checked against the real shells (busybox 1.35/1.37 ash.c,
dash 0.5.12, bash 5.2) run with the same command lines. The prefix of a
message differs most:

  ash   "sh: foo: not found"                      (-c; no line number)
        "sh: cd: line 0: can't cd to /x: ..."     (builtins; -c counts lines from 0)
        "script.sh: line 3: foo: not found"       (a script file: its name and line)
  dash  "sh: 1: foo: not found"                   ($0, the line, always)
  bash  "bash: line 1: foo: command not found"    (non-interactive: the line)
        "bash: cd: /x: No such file or directory" (interactive: no line)
"""

from __future__ import annotations

from ...vfs.errno import EEXIST, EISDIR, ENOENT, ENOTDIR


REDIRECTIONS = frozenset(("<", ">", "<<", ">>", "<&", ">&", "<>", ">|", "<<-", "&>", "&>>"))


class Dialect:
    name = "ash"
    exit_on_error = True  # special errors end a non-interactive shell
    error_status = 2  # status of a shell error (cd failed, syntax, bad number ...)
    redirect_status = 1

    def __init__(self, shell=None):
        self.sh = shell

    # -- prefixes ---------------------------------------------------------------
    def prefix(self, builtin: str = "", line=None) -> str:
        sh = self.sh
        line = sh.lineno if line is None else line
        out = f"{sh.arg0}: "
        name = builtin or sh.script_name
        if name:
            if name != sh.arg0:
                out += f"{name}: "
            if not sh.interactive:
                out += f"line {line}: "
        return out

    def applet_prefix(self) -> str:
        """busybox applets run as builtins (test, printf, kill) report as the applet."""
        return f"{self.sh.ctx.name or 'sh'}: "

    # -- commands -------------------------------------------------------------------
    def not_found(self, name: str) -> str:
        return f"{name}: not found"

    def cannot_execute(self, name: str, errno: int, strerror: str) -> str:
        if errno in (ENOENT, ENOTDIR):
            return self.not_found(name)
        return f"{name}: {strerror}"

    # -- redirections -------------------------------------------------------------
    def cannot_create(self, path: str, errno: int, strerror: str) -> str:
        detail = "nonexistent directory" if errno in (ENOENT, ENOTDIR) else strerror
        return f"can't create {path}: {detail}"

    def cannot_open(self, path: str, errno: int, strerror: str) -> str:
        detail = "no such file" if errno in (ENOENT, ENOTDIR) else strerror
        return f"can't open {path}: {detail}"

    def bad_fd(self, fd: str) -> str:
        return f"{fd}: Bad file descriptor"

    # -- builtins -------------------------------------------------------------------
    def cd_failed(self, target: str, errno: int, strerror: str) -> str:
        return f"can't cd to {target}: {strerror}"

    cd_status = 2

    def illegal_number(self, text: str) -> str:
        return f"Illegal number: {text}"

    def source_failed(self, path: str, strerror: str) -> str:
        return f"can't open '{path}': {strerror}"

    source_status = 2

    def readonly(self, name: str) -> str:
        return f"{name}: is read only"

    def unbound(self, name: str) -> str:
        return f"{name}: parameter not set"

    def unset_message(self, name: str, message: str, colon: bool) -> str:
        if message:
            return f"{name}: {message}"
        return f"{name}: parameter not set or null" if colon else f"{name}: parameter not set"

    unset_status = 2

    def arith(self, err) -> str:
        if err.kind == "divzero":
            return "divide by zero"
        if err.kind == "exponent":
            return "exponent less than 0"
        return "arithmetic syntax error"

    def bad_substitution(self, raw: str) -> str:
        return "syntax error: bad substitution"

    def local_outside(self) -> str:
        return "not in a function"

    def invalid_signal(self, spec: str) -> str:
        return f"{spec}: invalid signal specification"

    # -- syntax errors ----------------------------------------------------------------
    def syntax(self, err, parser=None) -> list:
        """The lines of a syntax error message (without prefixes)."""
        if err.kind == "quote":
            return ["syntax error: unterminated quoted string"]
        if err.kind == "missing":
            return [f"syntax error: missing '{err.token}'"]
        if err.kind == "backquote":
            return ["syntax error: EOF in backquote substitution"]
        if err.kind == "badsubst":
            return ["syntax error: bad substitution"]
        if err.kind == "badfor":
            return ["syntax error: bad for loop variable"]
        if err.kind == "eof":
            tail = f' (expecting "{err.expecting}")' if err.expecting else ""
            return [f"syntax error: unexpected end of file{tail}"]
        token = err.token
        shown = token if token in ("newline", "word", "end of file") else f'"{token}"'
        if token in REDIRECTIONS:
            shown = "redirection"  # ash names a misplaced redirection operator by its kind
        tail = f' (expecting "{err.expecting}")' if err.expecting else ""
        return [f"syntax error: unexpected {shown}{tail}"]

    def syntax_prefix(self, line: int) -> str:
        sh = self.sh
        if sh.script_name and not sh.interactive:
            return f"{sh.script_name}: line {line}: " if sh.script_name == sh.arg0 \
                else f"{sh.arg0}: {sh.script_name}: line {line}: "
        return f"{sh.arg0}: "


class Dash(Dialect):
    name = "dash"
    redirect_status = 2

    def prefix(self, builtin: str = "", line=None) -> str:
        sh = self.sh
        line = sh.lineno if line is None else line
        out = f"{sh.arg0}: {line}: "
        if builtin:
            out += f"{builtin}: "
        return out

    def applet_prefix(self) -> str:
        return self.prefix()

    def cannot_create(self, path, errno, strerror):
        detail = "Directory nonexistent" if errno in (ENOENT, ENOTDIR) else strerror
        return f"cannot create {path}: {detail}"

    def cannot_open(self, path, errno, strerror):
        detail = "No such file" if errno in (ENOENT, ENOTDIR) else strerror
        return f"cannot open {path}: {detail}"

    def cd_failed(self, target, errno, strerror):
        return f"can't cd to {target}"

    def source_failed(self, path, strerror):
        return f"cannot open {path}: No such file" if "No such" in strerror \
            else f"cannot open {path}: {strerror}"

    def arith(self, err) -> str:
        if err.kind == "illegal":  # a variable that holds no number
            return f"Illegal number: {err.token}"
        if err.kind == "divzero":
            return f'arithmetic expression: division by zero: "{err.expr}"'
        if err.kind in ("token", "leftover"):
            return f'arithmetic expression: expecting EOF: "{err.expr}"'
        return f'arithmetic expression: expecting primary: "{err.expr}"'

    def bad_substitution(self, raw):
        return "Bad substitution"

    def syntax(self, err, parser=None) -> list:
        if err.kind == "quote":
            return ["Syntax error: Unterminated quoted string"]
        if err.kind == "missing":
            return [f"Syntax error: Missing '{err.token}'"]
        if err.kind == "backquote":
            return ["Syntax error: EOF in backquote substitution"]
        if err.kind == "badsubst":
            return ["Bad substitution"]
        if err.kind == "badfor":
            return ["Syntax error: Bad for loop variable"]
        if err.kind == "badfuncname":
            return ["Syntax error: Bad function name"]
        tail = f' (expecting "{err.expecting}")' if err.expecting else ""
        if err.kind == "eof":
            return [f"Syntax error: end of file unexpected{tail}"]
        token = err.token
        shown = token if token in ("newline", "word") else f'"{token}"'
        if token in REDIRECTIONS:
            shown = "redirection"  # dash, like ash, names a misplaced redirection by its kind
        return [f"Syntax error: {shown} unexpected{tail}"]

    def syntax_prefix(self, line: int) -> str:
        return f"{self.sh.arg0}: {line}: "


class Bash(Dialect):
    name = "bash"
    exit_on_error = False
    redirect_status = 1
    cd_status = 1
    source_status = 1
    unset_status = 127

    def prefix(self, builtin: str = "", line=None) -> str:
        sh = self.sh
        line = sh.lineno if line is None else line
        # bash -c runs its text before the shell counts as initialised, so a function
        # defined there has "environment" as its source file, which its errors name
        in_function = sh.func_depth and sh.source_kind == "c" and not sh.interactive
        out = "environment: " if in_function else f"{sh.arg0}: "
        if not sh.interactive:
            out += f"line {line}: "
        if builtin:
            out += f"{builtin}: "
        return out

    def applet_prefix(self) -> str:
        return self.prefix()

    def not_found(self, name):
        if "/" in name:
            return f"{name}: No such file or directory"
        return f"{name}: command not found"

    def cannot_execute(self, name, errno, strerror):
        if errno in (ENOENT, ENOTDIR):
            return self.not_found(name)
        if errno == EISDIR:
            return f"{name}: Is a directory"
        return f"{name}: {strerror}"

    def cannot_create(self, path, errno, strerror):
        if errno == EEXIST:  # set -C (noclobber)
            return f"{path}: cannot overwrite existing file"
        return f"{path}: {strerror}"

    def cannot_open(self, path, errno, strerror):
        return f"{path}: {strerror}"

    def cd_failed(self, target, errno, strerror):
        return f"{target}: {strerror}"

    def illegal_number(self, text):
        return f"{text}: numeric argument required"

    def source_failed(self, path, strerror):
        return f"{path}: {strerror}"

    def readonly(self, name):
        return f"{name}: readonly variable"

    def unbound(self, name):
        return f"{name}: unbound variable"

    def unset_message(self, name, message, colon):
        if message:
            return f"{name}: {message}"
        return f"{name}: parameter null or not set" if colon else f"{name}: parameter not set"

    def arith(self, err) -> str:
        token = err.token
        err.expr = err.expr.lstrip()
        if err.kind == "divzero":
            return f'{err.expr}: division by 0 (error token is "{token}")'
        if err.kind == "syntax":
            return f'{err.expr}: syntax error: operand expected (error token is "{token}")'
        if err.kind == "leftover":
            return f'{err.expr}: syntax error in expression (error token is "{token}")'
        if err.kind == "base":
            return f'{err.expr}: value too great for base (error token is "{token}")'
        if err.kind == "invalid base":
            return f'{err.expr}: invalid arithmetic base (error token is "{token}")'
        if err.kind == "constant":
            return f'{err.expr}: invalid integer constant (error token is "{token}")'
        if err.kind == "assign":
            return f'{err.expr}: attempted assignment to non-variable (error token is "{token}")'
        if err.kind == "exponent":
            return f'{err.expr}: exponent less than 0 (error token is "{token}")'
        if err.kind == "paren":
            return f"{err.expr}: missing `)' (error token is \"{token}\")"
        return f'{err.expr}: syntax error: invalid arithmetic operator (error token is "{token}")'

    def bad_substitution(self, raw):
        return f"{raw}: bad substitution"

    def local_outside(self):
        return "can only be used in a function"

    def syntax(self, err, parser=None) -> list:
        if err.kind in ("quote", "missing", "backquote"):
            char = "`" if err.kind == "backquote" else err.token
            return [f"unexpected EOF while looking for matching `{char}'"]
        if err.kind == "eof":
            return ["syntax error: unexpected end of file"]
        lines = [f"syntax error near unexpected token `{err.text}'"]
        if parser is not None and not self.sh.interactive:
            lines.append(f"`{parser.line_text(err.line)}'")
        return lines

    def syntax_prefix(self, line: int) -> str:
        sh = self.sh
        if sh.interactive:
            return f"{sh.arg0}: "
        if sh.source_kind == "c":
            return f"{sh.arg0}: -c: line {line}: "
        return f"{sh.arg0}: line {line}: "


DIALECTS = {"ash": Dialect, "dash": Dash, "bash": Bash}
