"""The interactive prompt: read a line, run it through the session, print, repeat.

The pieces (completer, lexer, style, toolbar, history) live in their own
modules; this one only puts them around one PromptSession and keeps the loop
alive: Ctrl-C drops the line being typed, a failing command prints its error
and the prompt comes back, and only `exit`, `quit` or Ctrl-D on an empty
line end the session.
"""

from __future__ import annotations

import sys
from typing import Optional

from prompt_toolkit import PromptSession, search
from prompt_toolkit.filters import Condition, is_searching
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.output import ColorDepth

from ..commands.system import VERSION
from ..parser import PROGRAM
from ..interrupts import NEVER, never_message
from ..line import incomplete
from . import bang
from ..session import ExitShell
from .completer import CommandCompleter
from .context import is_comment
from .history import open_history
from .lexer import CommandLexer
from .style import no_color, shell_style
from .toolbar import Toolbar

PROMPT = "crsim> "
CONTINUATION = "> "
WELCOME = (f"{PROGRAM} {VERSION} — a simulated Docker engine. Type 'help' for commands, "
           f"'CMD --help' for one, Tab to complete, Ctrl-D to leave.\n")
# The prompt itself failing this many times in a row (a broken terminal)
# would otherwise loop forever printing the same error.
MAX_PROMPT_FAILURES = 3


def write(text: str) -> None:
    """Print a command's output as it comes.

    The prompt is not on screen while a command runs, so plain writes are
    safe; sys.stdout is looked up each time so that patch_stdout and test
    capture both see them.
    """
    stream = sys.stdout
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a terminal that cannot show "—" or "…"
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding))
    stream.flush()


class NextLine:
    """What Ctrl-O leaves for the next prompt: the history line after the one it ran."""
    text = ""


def _bindings(session) -> KeyBindings:
    """bash's habits prompt_toolkit does not have by itself (Alt-., Ctrl-U/K/W/Y it has):
    Enter in a Ctrl-R search runs the command found, as readline does, and Ctrl-O runs
    the line and offers the next one from history (operate-and-get-next). In step mode
    PgDn and PgUp skip a step and go back one, Ctrl-X q leaves (they type `lesson next`,
    `lesson back`, `lesson stop`)."""
    bindings = KeyBindings()
    playing = Condition(lambda: session.player is not None)

    def _typed(command: str):
        def handler(event):
            event.current_buffer.text = command
            event.current_buffer.validate_and_handle()
        return handler

    bindings.add("pagedown", filter=playing)(_typed("lesson next"))
    bindings.add("pageup", filter=playing)(_typed("lesson back"))
    bindings.add("c-x", "q", filter=playing)(_typed("lesson stop"))

    @bindings.add("enter", filter=is_searching)
    def _run_found(event):
        search.accept_search()
        event.current_buffer.validate_and_handle()

    @bindings.add("c-o")
    def _operate_and_get_next(event):
        buffer = event.current_buffer
        lines = buffer._working_lines  # the history as the buffer walks it
        index = buffer.working_index + 1
        NextLine.text = lines[index] if index < len(lines) - 1 else ""
        buffer.validate_and_handle()
    return bindings


def make_prompt(session, toolbar: Toolbar, plain: bool, input=None, output=None) -> PromptSession:
    return PromptSession(
        message=PROMPT if plain else [("class:prompt", PROMPT)],
        # reset/restore replace the engine: the completer asks the session each time
        completer=CommandCompleter(lambda: session.engine, lambda: session.snapshots),
        complete_while_typing=True,
        auto_suggest=AutoSuggestFromHistory(),
        history=open_history(),
        # Ctrl-R (reverse incremental search) is part of the default Emacs
        # bindings; enable_history_search would turn Up into prefix search but
        # also turn complete_while_typing off, so it stays off.
        enable_history_search=False,
        search_ignore_case=True,
        lexer=None if plain else PygmentsLexer(CommandLexer),
        style=None if plain else shell_style(),
        include_default_pygments_style=not plain,
        # prompt_toolkit reads NO_COLOR too, but only for its default output:
        # say it here so a given output follows it as well.
        color_depth=ColorDepth.DEPTH_1_BIT if plain else None,
        bottom_toolbar=toolbar,
        refresh_interval=1.0,
        key_bindings=_bindings(session),
        input=input,
        output=output,
    )


def _read_command(prompt: PromptSession, first, offered: str = "", pace: float = 0) -> str:
    """One command, over as many lines as a shell would read for it: after an open
    quote, a here-document's first line, a trailing `\\` or `&&` it asks for more with
    "> " (bash's PS2). Ctrl-D there runs what was typed, which then says what is missing.
    ``offered`` is on the line already (typed out at ``pace`` characters a second)."""
    offered = offered or NextLine.text
    NextLine.text = ""
    if pace and offered:
        text = prompt.prompt(message=first, pre_run=lambda: _type_out(offered, pace))
    else:
        text = prompt.prompt(message=first, default=offered)
    while incomplete(text):
        try:
            text += "\n" + prompt.prompt(message=CONTINUATION)
        except EOFError:
            break
    return text


def _type_out(text: str, pace: float) -> None:
    """Type ``text`` into the line at ``pace`` characters a second, as a person would;
    a key pressed meanwhile (Enter included) first puts the rest of it on the line."""
    import asyncio

    from prompt_toolkit.application import get_app
    app = get_app()
    buffer = app.current_buffer
    state: dict = {"typed": 0}

    def finish(_=None):
        if state["typed"] < len(text):
            buffer.insert_text(text[state["typed"]:])
            state["typed"] = len(text)
        if state.pop("hooked", False):
            app.key_processor.before_key_press -= finish

    async def typing():
        while state["typed"] < len(text):
            await asyncio.sleep(1 / pace)
            if state["typed"] < len(text):
                buffer.insert_text(text[state["typed"]])
                state["typed"] += 1
                app.invalidate()
        finish()
    app.key_processor.before_key_press += finish
    state["hooked"] = True
    app.create_background_task(typing())


def _show_lesson(session, plain: bool) -> tuple:
    """Step mode, before the prompt: the narration up to the next step, and that step's
    command and typing pace (or nothing when no lesson plays)."""
    player = session.player
    if player is None:
        return "", 0
    _narrate(player, plain)
    step = player.current()
    if step is None:
        write(session.note_progress() + "\n")
        return "", 0
    return step.command, player.pace


def _narrate(player, plain: bool) -> None:
    for text in player.narration():
        if plain:
            write(f"# {text}\n" if text else "#\n")
        else:
            write(f"\x1b[1;36m  {text}\x1b[0m\n" if text else "\n")


def _show_checks(session, plain: bool) -> None:
    """After a command, while an exercise is open: what its checks found new."""
    for news in session.evaluate_exercise():
        if plain:
            write(news + "\n")
        elif news.startswith("✓"):
            write(f"\x1b[1;32m{news}\x1b[0m\n")
        else:
            write(f"\x1b[1;36m{news}\x1b[0m\n")


def _lesson_status(session) -> str:
    """The toolbar's first words: the lesson's step or the exercise's task, if any."""
    attempt = session.exercise
    if attempt is not None and not attempt.finished:
        return f"{attempt.name}: {attempt.progress()} · check · hint · solution"
    player = session.player
    if player is None:
        return ""
    return f"{player.name}: step {min(player.done + 1, len(player.steps))}/{len(player.steps)}" \
        " · Enter runs · PgDn skips · PgUp back · Ctrl-X q leaves"


def run_repl(session, input=None, output=None) -> int:
    """Run the prompt until exit; return the status the shell ends with.

    ``input``/``output`` are prompt_toolkit's (a pipe input and DummyOutput
    in tests); commands' output goes to sys.stdout.
    """
    plain = no_color()
    toolbar = Toolbar(lambda: session.engine, plain)  # reset/restore replace the engine
    toolbar.lesson = lambda: _lesson_status(session)
    prompt = make_prompt(session, toolbar, plain, input, output)
    session.notify = write_error
    write(WELCOME)
    failures, warned = 0, False
    first = prompt.message
    while True:
        try:
            offered, pace = _show_lesson(session, plain)
            line = _read_command(prompt, first, offered, pace)
        except KeyboardInterrupt:  # Ctrl-C: forget this line, never the session
            continue
        except EOFError:  # Ctrl-D on an empty line
            from ..recording import unwritten
            warning = unwritten(session)
            if warning:  # once: the recorded demo is not written yet
                write_error(warning + "\n")
                continue
            if _warned_of_running(session, warned):
                warned = True
                continue
            return session.last_status
        except Exception as err:
            failures += 1
            write(f"{PROGRAM}: prompt error: {type(err).__name__}: {err}\n")
            if failures >= MAX_PROMPT_FAILURES:
                return 1
            continue
        failures = 0
        if not line.strip() or is_comment(line):
            session.remark(line)  # narration (#: text) while recording
            continue  # like sh: nothing to run, and $? stays as it was
        try:
            # No `!`, nothing to expand: the history is not copied at every command.
            expanded = bang.expand(line, _previous(prompt)) if "!" in line else None
        except bang.EventNotFound as err:
            write_error(f"{PROGRAM}: {err}: event not found\n")
            continue
        if expanded is not None:  # as bash, show the command that runs, and keep it
            write(expanded + "\n")
            prompt.history.append_string(expanded)
            line = expanded
        step = session.player is not None and session.player.about_to_run(line)
        try:
            session.execute(line, live=write)
            if step and session.player is not None:
                session.player.completed()
                if session.player.finished:  # what it says after the last step, then "done"
                    _narrate(session.player, plain)
                finished = session.note_progress()
                if finished:
                    write(finished + "\n")
            after_interrupt(session, line)
            _show_checks(session, plain)
            attached = session.take_attachment()
            if attached is not None:  # exec -it / run -it: the container's own prompt
                from .container_prompt import run_container_shell
                session.last_status = run_container_shell(
                    attached.shell, write, input, output, interrupts=session.interrupts,
                    error=write_error, detach_message=attached.detach_message,
                    detach_status=attached.detach_status, detach_keys=attached.keys)
        except ExitShell as done:
            return done.status
        except KeyboardInterrupt:  # a Ctrl-C that came outside a command's wait
            write("\n")
            session.last_status = 130
        except Exception as err:  # Session.execute already catches commands' errors
            write(f"{PROGRAM}: internal error: {type(err).__name__}: {err}\n")
            session.last_status = 1
        finally:
            toolbar.refresh()


def _previous(prompt: PromptSession) -> Optional[str]:
    """The command before the one just typed (which the history already holds)."""
    strings = list(prompt.history.get_strings())
    return strings[-2] if len(strings) > 1 else None


def _warned_of_running(session, warned: bool) -> bool:
    """Ctrl-D with containers running: say once that they end with the session (the
    engine lives in this process), as bash says "There are stopped jobs."."""
    running = sum(1 for c in session.engine.containers if c.state.running)
    if warned or not running:
        return False
    write_error(f"There {'is' if running == 1 else 'are'} {running} running container"
                f"{'' if running == 1 else 's'}: they end with this session. Press Ctrl-D "
                f"again to leave.\n")
    return True


def write_error(text: str) -> None:
    """What the docker client prints on stderr outside a command's output (the
    terminal shows it all the same)."""
    sys.stderr.write(text)
    sys.stderr.flush()


def after_interrupt(session, line: str) -> None:
    """A command that Ctrl-C interrupted leaves the cursor after the "^C" that the
    terminal echoed: the prompt comes back on a new line."""
    stop = session.last_interrupt
    if stop is None:
        return
    write("\n")
    if stop.reason == NEVER:
        write_error(never_message(line))


__all__ = ["run_repl", "make_prompt", "write", "PROMPT", "WELCOME"]
