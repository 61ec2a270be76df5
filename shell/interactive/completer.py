"""Tab completion read from the command registry and the engine's live state.

What a word completes against comes only from the specs (``Arg.completes``,
``Flag.completes``); ``context.read`` says which spec applies where. Nothing
here knows a particular command.

Containers can number in the thousands, so a completion walks
``engine.containers`` once, in its own (creation) order, and sorts nothing
that grows with them.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Optional, Tuple

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
from prompt_toolkit.document import Document

from engine import EngineError
from engine.image.registry import catalogue
from engine.proc.signals import SIGNALS

from ..parser import group_commands
from ..render.units import human_size
from ..spec import (COMPLETE_COMMAND, COMPLETE_CONTAINER, COMPLETE_CONTAINER_PATH, COMPLETE_LESSON,
                    COMPLETE_NETWORK, COMPLETE_PROGRAM, COMPLETE_SNAPSHOT, COMPLETE_VOLUME,
                    COMPLETE_HOST_FILE, COMPLETE_IMAGE, COMPLETE_RUNNING, COMPLETE_SIGNAL,
                    HELP_FLAG, REGISTRY, Command, Flag, FormatFields)
from .context import ARG, COMMAND, VALUE, Reading, Splitter, Word, is_comment, read

MAX_SHOWN = 500  # containers listed in one menu
REDIRECTIONS = (">", ">>", ">|", "<", "2>", "2>>", "&>", "&>>", "1>")  # a host file follows
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def container_status(state) -> str:
    """A short state for the menu: running, paused, exited (137), created..."""
    status = state.status
    return f"exited ({state.exit_code})" if status == "exited" else status


def current(engine):
    """The engine now: ``engine`` itself, or what a function gives (the session's, which
    `reset` and `restore` replace)."""
    return engine() if callable(engine) else engine


class CommandCompleter(Completer):
    """Completes a crsim command line; ``engine`` is read at every completion."""

    def __init__(self, engine, snapshots=dict):
        self._engine = engine  # an Engine, or a function giving the session's current one
        self._snapshots = snapshots  # a function giving the session's snapshots, by name
        self._paths = PathCompleter(expanduser=True)
        # The line as last read: a key typed at its end reads only that key (Splitter),
        # and the words before the one being typed are classified once, not at every key.
        self._splitter = Splitter()
        self._reading: Tuple[str, Optional[Reading]] = ("", None)

    @property
    def engine(self):
        return current(self._engine)

    def get_completions(self, document: Document, complete_event: CompleteEvent
                        ) -> Iterable[Completion]:
        text = document.text_before_cursor
        if is_comment(text):
            return
        last_two = self._split(text).last_words(2)
        if last_two and last_two[-1].end == len(text):
            current = last_two.pop()  # the cursor touches a word: complete it
        else:
            current = Word("", len(text), len(text))
        if last_two and last_two[-1].value in REDIRECTIONS:  # `logs web > ` + a host file
            yield from self._paths.get_completions(Document(current.value), complete_event)
            return
        reading = self._read(text[:current.start])
        raw = text[current.start:]
        yield from self._complete(reading, current.value, raw, complete_event)

    def _split(self, text: str) -> Splitter:
        if not text.startswith(self._splitter.text):  # not typed at the end: read it anew
            self._splitter = Splitter()
        return self._splitter.feed(text[len(self._splitter.text):])

    def _read(self, before: str) -> Reading:
        if self._reading[0] != before or self._reading[1] is None:
            self._reading = (before, read(before))
        return self._reading[1]

    # -- where are we? -------------------------------------------------------
    def _complete(self, reading: Reading, prefix: str, raw: str, event: CompleteEvent):
        place = reading.next
        start = -len(raw)
        if place.role == COMMAND and place.command is not None:  # `network ` + a subcommand
            for sub, summary in group_commands(place.command.name):
                if sub.startswith(prefix):
                    yield Completion(sub + " ", start, display=sub, display_meta=summary)
        elif place.role == COMMAND:
            yield from self._commands(prefix, start)
        elif place.role == VALUE:
            yield from self._kind(place.flag.completes, prefix, start, reading, event)
        elif place.role == ARG:
            command = place.command
            if place.flags_allowed and prefix.startswith("-"):
                name, has_value, value = prefix[2:].partition("=")
                flag = command.flag(name) if prefix.startswith("--") and has_value else None
                if flag is not None:  # --signal=KI
                    yield from self._kind(flag.completes, value, -len(raw.partition("=")[2]),
                                          reading, event)
                elif not has_value:
                    yield from self._flags(command, reading.used, prefix, start)
            elif place.arg is not None:
                yield from self._arg(reading, place.arg.completes, prefix, start, event)

    def _arg(self, reading: Reading, kind: str, prefix: str, start: int, event):
        command = reading.next.command
        if kind == COMPLETE_PROGRAM:
            # The program runs in the image (run, create) or container (exec) named before it.
            for index, arg in enumerate(command.args[:reading.next.index]):
                if index >= len(reading.positionals):
                    break
                if arg.completes == COMPLETE_IMAGE:
                    yield from self._programs(reading.positionals[index], prefix, start)
                elif arg.completes in (COMPLETE_CONTAINER, COMPLETE_RUNNING):
                    try:
                        image = self.engine.container(reading.positionals[index]).config.image
                    except EngineError:
                        return
                    yield from self._programs(image, prefix, start)
            return
        if kind in (COMPLETE_CONTAINER, COMPLETE_RUNNING):
            # Skip what is already on the line: `stop web db ` offers neither again.
            yield from self._containers(prefix, start, kind == COMPLETE_RUNNING,
                                        set(reading.positionals))
            return
        yield from self._kind(kind, prefix, start, reading, event)

    def _kind(self, kind, prefix: str, start: int, reading: Reading, event):
        if isinstance(kind, FormatFields):  # {{.Names}} in a --format template
            yield from self._format_fields(kind, prefix, start)
        elif isinstance(kind, tuple):  # a fixed set of values (restart policies, drivers ...)
            yield from self._words(kind, prefix, start)
        elif kind == COMPLETE_NETWORK:
            yield from self._words([n.name for n in self.engine.networks.list()], prefix, start,
                                   "network")
        elif kind == COMPLETE_VOLUME:
            yield from self._words([v.name for v in self.engine.volumes], prefix, start, "volume")
        elif kind == COMPLETE_LESSON:  # by name, or by a word of it ("netw": 05-networking)
            from ..lessons import all_lessons
            for lesson in all_lessons():
                if any(word.startswith(prefix) for word in [lesson.name] + lesson.name.split("-")):
                    yield Completion(lesson.name + " ", start, display=lesson.name,
                                     display_meta=lesson.title)
        elif kind == COMPLETE_SNAPSHOT:
            yield from self._words(sorted(self._snapshots()), prefix, start, "snapshot")
        elif kind == COMPLETE_COMMAND:
            yield from self._commands(prefix, start)
        elif kind in (COMPLETE_CONTAINER, COMPLETE_RUNNING):
            yield from self._containers(prefix, start, kind == COMPLETE_RUNNING, set())
        elif kind == COMPLETE_IMAGE:
            yield from self._images(prefix, start)
        elif kind == COMPLETE_SIGNAL:
            yield from self._signals(prefix, start)
        elif kind == COMPLETE_HOST_FILE:
            yield from self._paths.get_completions(Document(prefix), event)
        elif kind == COMPLETE_CONTAINER_PATH:
            yield from self._container_paths(prefix, start)
        # Any other value (--name, --memory...) is the user's to invent.

    # -- what can go there -----------------------------------------------------
    @staticmethod
    def _format_fields(fields, prefix: str, start: int) -> Iterator[Completion]:
        """The word "table" or "json", or a field after the last "{{" typed."""
        opening = prefix.rfind("{{")
        if opening < 0:
            for word in ("table ", "json", "{{."):
                if word.startswith(prefix):
                    yield Completion(word, start, display=word.strip())
            return
        typed = prefix[opening:].replace(" ", "")
        for field in fields:
            candidate = f"{{{{.{field}}}}}"
            if candidate.startswith(typed):
                yield Completion(candidate, -len(prefix) + opening, display=candidate)

    @staticmethod
    def _words(words, prefix: str, start: int, meta: str = "") -> Iterator[Completion]:
        for word in words:
            if word.startswith(prefix):
                # a value that goes on ("container:", "status=") takes no space after it
                after = "" if word.endswith((":", "=")) else " "
                yield Completion(word + after, start, display=word, display_meta=meta)

    def _commands(self, prefix: str, start: int) -> Iterator[Completion]:
        # Multi-word aliases ("container ls") are left out: the parser reads
        # the command from the first word only.
        for name in REGISTRY.all_names():
            if name.startswith(prefix) and " " not in name:
                yield Completion(name + " ", start, display=name,
                                 display_meta=REGISTRY.get(name).summary)

    def _flags(self, command: Command, used, prefix: str, start: int) -> Iterator[Completion]:
        for flag in sorted((*command.flags, HELP_FLAG), key=lambda f: f.long):
            if flag.hidden or (flag.long in used and flag.kind != "list"):
                continue
            meta = flag.help.split("\n", 1)[0]
            forms = ([f"-{flag.short}"] if flag.short else []) + [f"--{flag.long}"]
            for form in forms:
                if form.startswith(prefix):
                    yield Completion(form + " ", start, display=_flag_display(form, flag),
                                     display_meta=meta)

    def _containers(self, prefix: str, start: int, running_only: bool, skip: set
                    ) -> Iterator[Completion]:
        # A menu of thousands helps nobody and building it costs about 2 µs an
        # entry: show the first MAX_SHOWN matches and say how many more there are.
        matches, more = [], 0
        for match in self._matching_containers(prefix, running_only, skip):
            if len(matches) < MAX_SHOWN:
                matches.append(match)
            else:
                more += 1
        for number, (word, container) in enumerate(matches, 1):
            status = container_status(container.state)
            meta = status if word == container.name else f"{container.name}, {status}"
            if more and number == len(matches):
                meta += f" (+{more} more: type to narrow)"
            yield Completion(word + " ", start, display=word, display_meta=meta)

    def _matching_containers(self, prefix: str, running_only: bool, skip: set):
        """(name or 12-char id, container) pairs, in one pass over the containers."""
        # Ids only once the user started typing: offered along with every name,
        # they would double a menu where names are what people remember.
        with_ids = bool(prefix)
        for container in self.engine.containers:
            if running_only and not container.state.running:
                continue
            name = container.name
            if name.startswith(prefix) and name not in skip:
                yield name, container
            if with_ids and container.id.startswith(prefix):
                short = container.id[:12]
                if short not in skip:
                    yield short, container

    def _images(self, prefix: str, start: int) -> Iterator[Completion]:
        """Local images first (repo:tag and repo), then what the registry offers."""
        offered = set()
        for summary in self.engine.images.list():
            short_id = summary.id.split(":", 1)[-1][:12]
            meta = f"{short_id}, {human_size(summary.size)}"
            for tag in summary.repo_tags:
                repo = tag.rpartition(":")[0]
                for candidate in (repo, tag):
                    if candidate not in offered and candidate.startswith(prefix):
                        offered.add(candidate)
                        yield Completion(candidate + " ", start, display=candidate,
                                         display_meta=meta)
            if prefix and short_id.startswith(prefix) and short_id not in offered:
                offered.add(short_id)
                yield Completion(short_id + " ", start, display=short_id, display_meta=meta)
        # `run` and `pull` fetch these from the built-in registry.
        repo_typed, has_tag, _ = prefix.partition(":")
        for path in catalogue.REPOSITORIES:
            repo = path[len("library/"):] if path.startswith("library/") else path
            names = ([f"{repo}:{tag}" for tag in catalogue.tags(path)]
                     if has_tag and repo == repo_typed else [repo])
            for candidate in names:
                if candidate not in offered and candidate.startswith(prefix):
                    offered.add(candidate)
                    yield Completion(candidate + " ", start, display=candidate,
                                     display_meta="in the registry (pulled on use)")

    def _signals(self, prefix: str, start: int) -> Iterator[Completion]:
        # Docker takes KILL, SIGKILL or 9: complete in the form being typed.
        typed = prefix.upper()
        with_sig = typed.startswith("SIG") or "SIG".startswith(typed)
        for name, number in SIGNALS.items():
            candidate = "SIG" + name if with_sig else name
            if candidate.startswith(typed):
                yield Completion(candidate + " ", start, display=candidate,
                                 display_meta=str(number))

    def _programs(self, image_ref: str, prefix: str, start: int) -> Iterator[Completion]:
        """The executables on the image's PATH: what a container of it can run."""
        try:
            image = self.engine.image(image_ref)
            index = self.engine.image_index(image)
        except (EngineError, AttributeError):
            return
        env = dict(item.partition("=")[::2] for item in (image.config.env or ()))
        found = {}  # name -> directory; the first on PATH wins, as in a shell
        for directory in (env.get("PATH") or DEFAULT_PATH).split(":"):
            directory = directory.rstrip("/")
            for name in index.names(directory or "/"):
                if name in found or not name.startswith(prefix):
                    continue
                entry = index.get(f"{directory}/{name}")
                if entry is not None and (entry.is_symlink or (entry.is_file and entry.mode & 0o111)):
                    found[name] = directory or "/"
        for name in sorted(found):
            yield Completion(name + " ", start, display=name, display_meta=found[name])

    def _container_paths(self, prefix: str, start: int) -> Iterator[Completion]:
        """CONTAINER:PATH: a container name first, then paths in its filesystem."""
        ref, colon, path = prefix.partition(":")
        if not colon:
            for container in self.engine.containers:
                if container.name.startswith(prefix):
                    yield Completion(container.name + ":", start, display=container.name + ":",
                                     display_meta=container_status(container.state))
            return
        try:
            container = self.engine.containers.find(ref)
            directory, _, partial = path.rpartition("/")
            names = container.fs.readdir(directory or "/") if container else []
        except EngineError:  # an ambiguous id prefix, a path that is not a directory
            return
        lead = "" if path else "/"  # "web:" + Tab starts at the root
        for name in names:
            if name.startswith(partial):
                full = f"{directory}/{name}"
                is_dir = container.fs.exists(full) and container.fs.stat(full).is_dir
                shown = name + ("/" if is_dir else "")
                yield Completion(lead + shown + ("" if is_dir else " "), -len(partial),
                                 display=shown)


def _flag_display(form: str, flag: Flag) -> str:
    """`--name string`: the value type shows a value is expected, as in --help."""
    return f"{form} {flag.shown_type}" if flag.shown_type else form


__all__ = ["CommandCompleter", "container_status"]
