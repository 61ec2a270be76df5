"""The prompt inside a container: what `exec -it CONTAINER sh` and `run -it IMAGE sh` open.

Its prompt is the container shell's own (`/ # ` for busybox ash,
`root@<hostname>:/# ` for bash), Tab completes paths of that container's
file system and the programs on its $PATH, it keeps its own history, and
`exit` or Ctrl-D returns to the crsim prompt.
"""

from __future__ import annotations

import time

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.history import InMemoryHistory

from engine import EngineError


class ContainerCompleter(Completer):
    """Completes the first word as a program on $PATH, the others as paths in the container."""

    def __init__(self, shell_session):
        self.shell_session = shell_session

    def _cwd(self) -> str:
        return self.shell_session.process.ctx.cwd

    def get_completions(self, document, complete_event):
        text = document.text_before_cursor
        word = text.split(" ")[-1] if text else ""
        fs = self.shell_session.container.fs
        first = " " not in text.lstrip()
        if first and "/" not in word:
            yield from self._programs(fs, word)
            return
        directory, _, prefix = word.rpartition("/")
        base = directory if word.startswith("/") or directory else ""
        try:
            names = fs.readdir((base or "/") if word.startswith("/") else (base or "."),
                               cwd=self._cwd())
        except EngineError:
            return
        for name in names:
            if name.startswith(prefix) and (prefix.startswith(".") or not name.startswith(".")):
                path = (directory + "/" if directory or word.startswith("/") else "") + name
                try:
                    is_dir = fs.stat(path, cwd=self._cwd()).kind == "dir"
                except EngineError:
                    is_dir = False
                yield Completion(name + ("/" if is_dir else ""), -len(prefix), display=name)

    def _programs(self, fs, prefix: str):
        env = self.shell_session.process.ctx.env
        seen = set()
        for directory in env.get("PATH", "").split(":"):
            try:
                names = fs.readdir(directory)
            except EngineError:
                continue
            for name in names:
                if name.startswith(prefix) and name not in seen:
                    seen.add(name)
                    yield Completion(name + " ", -len(prefix), display=name,
                                     display_meta=directory)


def run_container_shell(shell_session, write, input=None, output=None, interactive=True) -> int:
    """Run the nested prompt until the shell exits; its exit status."""
    prompt = PromptSession(history=InMemoryHistory(),
                           completer=ContainerCompleter(shell_session),
                           complete_while_typing=False, input=input, output=output)
    pace = time.sleep if interactive and not shell_session.engine.clock.virtual else None
    while not shell_session.done:
        try:
            text = prompt.prompt(shell_session.prompt())
            while shell_session.wants_more(text):
                text += "\n" + prompt.prompt(shell_session.continuation_prompt())
        except KeyboardInterrupt:
            continue
        except EOFError:
            text = None  # Ctrl-D: the shell sees end of input and exits
        try:
            output_text, _ = shell_session.run(text, pace=pace)
        except KeyboardInterrupt:
            shell_session.interrupt()
            write("\n")
            continue
        write(output_text)
        if text is None:
            write("\n")  # the shell's own newline after ^D
    return shell_session.status
