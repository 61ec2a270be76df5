"""The one declaration of every command: name, flags, arguments, help, handler.

Parsing, `help`, `CMD --help`, completion and highlighting all read these
specs, so a flag declared here is parsed, documented and completed alike.
Flag spelling and behaviour follow Docker's CLI (cobra + pflag).
"""

from __future__ import annotations

from engine.record import record, replace

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional, Tuple, Union

    from .command_table import Table

# What an argument or flag value completes against.
COMPLETE_COMMAND = "command"  # one of crsim's commands (help COMMAND)
COMPLETE_PROGRAM = "program"  # a program in the image or container named before it
COMPLETE_CONTAINER = "container"
COMPLETE_RUNNING = "running-container"
COMPLETE_IMAGE = "image"
COMPLETE_CONTAINER_PATH = "container-path"  # CONTAINER:PATH or a path inside one
COMPLETE_HOST_FILE = "host-file"
COMPLETE_SIGNAL = "signal"
COMPLETE_NETWORK = "network"
COMPLETE_VOLUME = "volume"
COMPLETE_LESSON = "lesson"  # a lesson's name (demo)
COMPLETE_SNAPSHOT = "snapshot"  # a snapshot the session keeps (restore, snapshot rm)
# A flag whose values are a fixed set completes against that set: completes=("no", ...)


class FormatFields(tuple):
    """What a --format template can name ({{.Names}}): completes=FormatFields(PS_HEADERS)."""


# --format's help: the CLI's text, the same on every command with a --format
FORMAT_HELP = ("Format output using a custom template:\n'table':            Print output in "
               "table format with column headers (default)\n'table TEMPLATE':   Print output "
               "in table format using the given Go template\n'json':             Print in JSON "
               "format\n'TEMPLATE':         Print output using the given Go template.\nRefer to "
               "https://docs.docker.com/go/formatting/ for more information about formatting "
               "output with templates")
INSPECT_FORMAT_HELP = FORMAT_HELP.replace(  # inspect has no table formats
    "'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   "
    "Print output in table format using the given Go template\n", "")


# Declarations are not changed once made, and flags and arguments are looked up in sets.
# (Without slots, as the other records of a start: a slotted record's class is made twice,
# and shell/command_table.py makes a command's hundred flags from the cache, each by one
# update of its __dict__.)
@record(unsafe_hash=True)
class Flag:
    long: str
    short: str = ""
    kind: str = "bool"  # bool, string, int, list (repeatable), float
    help: str = ""
    default: Any = None
    type_name: str = ""  # shown in help after the flag: "string", "list", "int"...
    completes: Union[str, Tuple[str, ...]] = ""
    hidden: bool = False
    shows_default: str = ""  # what pflag shows as the default of an option type ("[]")
    simulated: bool = True  # False: listed as Docker lists it, refused when given
    # cobra's alias flag (buildx's --check): given as true, it stores ``into_value`` in
    # option ``into``, so whichever of it and that option comes last wins
    into: str = ""
    into_value: str = ""

    @property
    def takes_value(self) -> bool:
        return self.kind != "bool"

    @property
    def shown_type(self) -> str:
        if self.type_name:
            return self.type_name
        return {"bool": "", "list": "list"}.get(self.kind, self.kind)

    @property
    def name_for_errors(self) -> str:
        """How pflag names a flag in messages: "-t, --time" or "--name"."""
        return f"-{self.short}, --{self.long}" if self.short else f"--{self.long}"


@record(unsafe_hash=True)
class Arg:
    name: str  # as shown in usage: CONTAINER, IMAGE, COMMAND...
    completes: Union[str, Tuple[str, ...]] = ""
    many: bool = False
    optional: bool = False


@record
class Command:
    name: str
    summary: str
    usage: str  # after the command name: "[OPTIONS] CONTAINER [CONTAINER...]"
    handler: Callable
    flags: Tuple[Flag, ...] = ()
    args: Tuple[Arg, ...] = ()
    aliases: Tuple[str, ...] = ()
    min_args: int = 0
    max_args: Optional[int] = None
    exact_args: bool = False  # cobra's ExactArgs wording ("requires exactly N arguments")
    interspersed: bool = True  # False: flags stop at the first argument (run, exec)
    group: str = "Commands"
    description: str = ""  # longer text under the summary in --help
    typed_as: str = ""  # the name it was called by, when an alias (`container ls` for ps)

    @property
    def path(self) -> str:
        """The command as the user typed it: cobra names the invoked command in usage."""
        return self.typed_as or self.name

    def flag(self, name: str) -> Optional[Flag]:
        for f in self.flags:
            if f.long == name:
                return f
        return None

    def short_flag(self, letter: str) -> Optional[Flag]:
        for f in self.flags:
            if f.short == letter:
                return f
        return None

    def arg_at(self, index: int) -> Optional[Arg]:
        """The argument spec for the positional argument number ``index``."""
        if not self.args:
            return None
        if index < len(self.args):
            return self.args[index]
        return self.args[-1] if self.args[-1].many else None


HELP_FLAG = Flag("help", kind="bool", help="Print usage")


def unsimulated_flag(long: str, kind: str = "string", help: str = "", **more) -> Flag:
    """An option Docker has and crsim lists but does not simulate (refused when given)."""
    return Flag(long, kind=kind, help=help, simulated=False, **more)

# run, start, attach and exec: the keys that leave the container's terminal (detach_keys.py)
DETACH_KEYS_FLAG = Flag("detach-keys", kind="string",
                        help="Override the key sequence for detaching a container")


class Registry:
    """Every command by name and alias. The table fills itself on first use (see
    shell/command_table.py): from the cache, each command made a Command when first
    looked up, whose handler imports its module when first called; or by importing
    every command module."""

    def __init__(self, load: Optional[Callable[[], "Table"]] = None):
        # name -> the Command, or until it is looked up what the cache keeps of it
        self._commands: Dict[str, Union[Command, tuple]] = {}
        self._names: Dict[str, str] = {}  # every name and alias -> command
        self._load = load  # None once loaded
        self._table: Optional["Table"] = None  # what makes the kept ones Commands
        self._handlers: Dict[str, Callable] = {}  # a kept one's real handler, once known
        self._made_from_table: set = set()  # kept ones made (looked up) before their module ran

    def add(self, command: Command) -> Command:
        """A command declared (a module's decorator ran): it replaces a cached declaration
        of the same name, in place."""
        self._commands[command.name] = command
        for name in (command.name, *command.aliases):
            self._names[name] = command.name
        return command

    def declare(self, name: str, handler: Callable, make: Callable[[], Command]) -> None:
        """A module's ``@command`` ran. A command the cache keeps (so the same declaration,
        by the cache's check) only takes the real handler: for when it is made, or in the
        one already made (the handler's first call imported the module); any other is made
        (``make()``) and added now."""
        found = self._commands.get(name)
        if found is not None and not isinstance(found, Command):
            self._handlers[name] = handler
        elif name in self._made_from_table:
            self._commands[name] = replace(found, handler=handler)
        else:
            self.add(make())

    def _loaded(self) -> "Registry":
        load, self._load = self._load, None
        if load is not None:  # commands declared by an import keep their real handler
            declared = self._commands
            self._table = load()
            self._commands, self._names = self._table.commands, self._table.names
            for one in declared.values():
                self.add(one)
        return self

    def _made(self, name: str) -> Command:
        found = self._commands[name]
        if not isinstance(found, Command):  # kept by the cache
            found = self._commands[name] = self._table.make(name, found, self._handlers.pop(name, None))
            self._made_from_table.add(name)
        return found

    @property
    def commands(self) -> Dict[str, Command]:
        table = self._loaded()._commands
        for name in table:
            self._made(name)
        return table

    @property
    def names(self) -> Dict[str, str]:
        return self._loaded()._names

    def get(self, name: str) -> Optional[Command]:
        key = self.names.get(name)
        return self._made(key) if key else None

    def entries(self) -> list:
        """Every command's name, aliases, summary and group (``.name`` ...), without
        making the ones the cache keeps (`help` lists them all)."""
        from .command_table import Declaration
        return [one if isinstance(one, Command) else Declaration(name, one)
                for name, one in self._loaded()._commands.items()]

    def all_names(self) -> List[str]:
        return sorted(self.names)


def _load_table() -> "Table":
    from .command_table import load
    return load()


REGISTRY = Registry(_load_table)


def command(name: str, summary: str, usage: str = "[OPTIONS]", *, flags=(), args=(),
            aliases=(), min_args: int = 0, max_args: Optional[int] = None,
            exact_args: bool = False, interspersed: bool = True, group: str = "Commands",
            description: str = ""):
    """Decorator: declare a command and register its handler. ``flags`` may be a function
    that returns them: called only when the command table is built from the declarations
    (a long list need not be made by every start that imports the command's module)."""
    def register(handler: Callable) -> Callable:
        REGISTRY.declare(name, handler, lambda: Command(
            name, summary, usage, handler, tuple(flags() if callable(flags) else flags),
            tuple(args), tuple(aliases), min_args,
            max_args, exact_args, interspersed, group, description))
        return handler
    return register


class ExitShell(Exception):
    """Raised by `exit`/`quit` to end the session."""

    def __init__(self, status: int = 0):
        super().__init__(status)
        self.status = status
