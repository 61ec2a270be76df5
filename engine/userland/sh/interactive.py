"""An interactive shell for a terminal front end (`docker exec -it c sh`).

The front end owns the terminal; it asks for the prompt, asks whether the
text typed so far is complete (else it shows PS2, "> "), and hands complete
text to ``run_line``, a generator to ``yield from`` (programs may sleep).
The shell keeps its variables, functions, working directory, last status
and history between lines, and ``exited`` turns True after `exit`.
"""

from __future__ import annotations

from typing import List

from ...proc.trampoline import trampoline
from .parser import ParseError, Parser
from .shell import Shell, ShellAbort, ShellExit

ASH_PS1 = "\\w \\$ "  # busybox's default prompt (alpine: "/ # ")
BASH_PS1 = "\\u@\\h:\\w\\$ "  # what debian's and ubuntu's /etc/bash.bashrc set
DASH_PS1 = "$ "


def _dialect_of(ctx) -> str:
    name = ctx.name
    if name in ("bash", "rbash"):
        return "bash"
    if ctx.flavour == "busybox":
        return "ash"
    return "dash" if name in ("sh", "dash") else "bash"


def _user_name(sh) -> str:
    user = sh.ctx.extra.get("user", "root") or "root"
    name = user.split(":", 1)[0]
    if name.isdigit():
        try:
            text = sh.fs.read("/etc/passwd").decode("utf-8", "replace")
        except Exception:
            text = ""
        for line in text.splitlines():
            fields = line.split(":")
            if len(fields) > 2 and fields[2] == name:
                return fields[0]
        return "I have no name!"
    return name


def _is_root(sh) -> bool:
    user = (sh.ctx.extra.get("user", "root") or "root").split(":", 1)[0]
    return user in ("root", "0") or (sh.ctx.uid == 0 and user == "")


def render_prompt(sh, which: str = "PS1") -> str:
    """Expand a prompt's backslash escapes (\\w \\W \\u \\h \\H \\$ \\n \\\\ ...)."""
    text = sh.vars.get(which)
    if text is None:
        return "> " if which == "PS2" else ""
    out: List[str] = []
    home = sh.vars.get("HOME", "")
    cwd = sh.cwd
    hostname = sh.vars.get("HOSTNAME") or getattr(sh.ctx.system, "hostname", "") or ""
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            e = text[i + 1]
            i += 2
            if e == "w":
                if home and (cwd == home or cwd.startswith(home.rstrip("/") + "/")) and home != "/":
                    out.append("~" + cwd[len(home):])
                else:
                    out.append(cwd)
            elif e == "W":
                out.append("~" if home and cwd == home and home != "/" else
                           (cwd.rsplit("/", 1)[-1] or "/"))
            elif e == "u":
                out.append(_user_name(sh))
            elif e == "h":
                out.append(hostname.split(".", 1)[0])
            elif e == "H":
                out.append(hostname)
            elif e == "$":
                out.append("#" if _is_root(sh) else "$")
            elif e == "n":
                out.append("\n")
            elif e == "s":
                out.append(sh.arg0.rsplit("/", 1)[-1])
            elif e == "\\":
                out.append("\\")
            elif e in "[]":
                pass
            else:
                out.append("\\" + e)
            continue
        out.append(c)
        i += 1
    return "".join(out)


def default_ps1(sh) -> str:
    name = sh.dialect.name
    if name == "dash":
        return "# " if _is_root(sh) else "$ "  # dash's defaults
    return BASH_PS1 if name == "bash" else ASH_PS1


class InteractiveShell:
    """One interactive shell session in a container process (``ctx``)."""

    def __init__(self, ctx, dialect: str = ""):
        dialect = dialect or _dialect_of(ctx)
        arg0 = ctx.argv[0] if ctx.argv else "sh"
        self.shell = Shell(ctx, dialect, arg0, ctx.argv[1:] if False else [],
                           source_kind="stdin", interactive=True)
        self.shell.vars.setdefault("PS1", default_ps1(self.shell))
        self.history: List[str] = []
        self.exited = False
        self.line_no = 1

    @property
    def status(self) -> int:
        return self.shell.status

    def prompt(self) -> str:
        return render_prompt(self.shell, "PS1")

    def continuation_prompt(self) -> str:
        return render_prompt(self.shell, "PS2")

    def wants_more(self, text: str) -> bool:
        """Is ``text`` an incomplete command (open quote, `if` without `fi`, a
        trailing backslash or pipe)?"""
        if text.endswith("\\") and not text.endswith("\\\\"):
            return True
        try:
            Parser(text, self.shell.dialect.name).parse_all()
        except ParseError as err:
            return err.incomplete
        return False

    def run_line(self, text: str):
        """Run what was typed; a generator whose value is the exit status (on a
        trampoline: see main.run_replacing)."""
        return trampoline(self._run_line(text))

    def _run_line(self, text: str):
        if self.exited:
            return self.shell.status
        if text.strip():
            self.history.append(text)
        sh = self.shell
        try:
            status = yield from sh.run_text(text if text.endswith("\n") else text + "\n",
                                            first_line=self.line_no)
        except ShellExit as done:
            status = done.status
            sh.status = status
            status = yield from sh.run_exit_trap(status)
            self.exited = True
        except ShellAbort as abort:
            status = abort.status
        finally:
            from . import io as shio
            shio.flush_all(sh.open_sinks)
        self.line_no += text.count("\n") + 1
        sh.status = status
        if not self.exited:
            from ...proc.terminal import terminal_of
            from .jobs import notify
            terminal = terminal_of(sh.ctx)
            if terminal is not None:
                terminal.stop_background_readers()
            notify(sh)  # what became of the jobs, before the next prompt
        return status

    def close(self):
        """End of input (Ctrl-D): run the EXIT trap; the shell is done."""
        return trampoline(self._close())

    def _close(self):
        if not self.exited:
            self.exited = True
            return (yield from self.shell.run_exit_trap(self.shell.status))
        return self.shell.status
