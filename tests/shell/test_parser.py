"""Parsing through the registry: Docker's flag spelling, errors and help layout."""

import pytest

from shell.parser import UsageError, help_text, parse_line, split_words, strip_comment
from shell.spec import REGISTRY


def test_long_short_combined_and_repeated_flags():
    p = parse_line("run -it --name=web -e A=1 -e B=2 -p8080:80 --rm alpine sh -c 'echo hi'")
    o = p.options
    assert (o["interactive"], o["tty"], o["name"], o["rm"]) == (True, True, "web", True)
    assert o["env"] == ["A=1", "B=2"] and o["publish"] == ["8080:80"]
    # run stops reading flags at IMAGE: the rest is the container's command.
    assert p.args == ["alpine", "sh", "-c", "echo hi"]


def test_value_in_next_word_and_double_dash():
    p = parse_line("run --name web -d -- alpine")
    assert p.options["name"] == "web" and p.options["detach"] and p.args == ["alpine"]


def test_flags_after_arguments_for_interspersed_commands():
    p = parse_line("rm web -f db")
    assert p.options["force"] and p.args == ["web", "db"]


RUN_USAGE = "Usage:  crsim-shell run [OPTIONS] IMAGE [COMMAND] [ARG...]"


def flag_error(reason: str, command: str, usage: str) -> str:
    return f"{reason}\n\n{usage}\n\nRun 'crsim-shell {command} --help' for more information"


@pytest.mark.parametrize("line,message", [
    ("run --nmae web alpine", flag_error("unknown flag: --nmae", "run", RUN_USAGE)),
    ("ps -z", flag_error("unknown shorthand flag: 'z' in -z", "ps", "Usage:  crsim-shell ps [OPTIONS]")),
    ("ps -az", flag_error("unknown shorthand flag: 'z' in -az", "ps",
                          "Usage:  crsim-shell ps [OPTIONS]")),
    ("run --name", flag_error("flag needs an argument: --name", "run", RUN_USAGE)),
    ("run -e", flag_error("flag needs an argument: 'e' in -e", "run", RUN_USAGE)),
    ("stop -t abc web", flag_error('invalid argument "abc" for "-t, --timeout" flag: '
                                   'strconv.ParseInt: parsing "abc": invalid syntax', "stop",
                                   "Usage:  crsim-shell stop [OPTIONS] CONTAINER [CONTAINER...]")),
    ("rm --force=maybe web", flag_error('invalid argument "maybe" for "-f, --force" flag: '
                                        'strconv.ParseBool: parsing "maybe": invalid syntax', "rm",
                                        "Usage:  crsim-shell rm [OPTIONS] CONTAINER [CONTAINER...]")),
])
def test_flag_errors_are_pflags_with_status_125(line, message):
    with pytest.raises(UsageError) as info:
        parse_line(line)
    assert info.value.message == message and info.value.status == 125


def test_argument_count_errors_are_cobras_with_status_1():
    # docker 28's words: "See" after "requires at least", "Run" after the others.
    with pytest.raises(UsageError) as info:
        parse_line("stop")
    assert info.value.status == 1
    assert info.value.message == (
        "crsim-shell: 'crsim-shell stop' requires at least 1 argument\n\n"
        "Usage:  crsim-shell stop [OPTIONS] CONTAINER [CONTAINER...]\n\n"
        "See 'crsim-shell stop --help' for more information")
    with pytest.raises(UsageError) as info:
        parse_line("rename onlyone")
    assert info.value.message == (
        "crsim-shell: 'crsim-shell rename' requires 2 arguments\n\n"
        "Usage:  crsim-shell rename CONTAINER NEW_NAME\n\n"
        "Run 'crsim-shell rename --help' for more information")
    with pytest.raises(UsageError) as info:
        parse_line("ps extra")
    assert info.value.message.startswith("crsim-shell: 'crsim-shell ps' accepts no arguments\n")
    with pytest.raises(UsageError) as info:
        parse_line("images a b")  # (docker 28.2.2 really prints "SRun" here)
    assert info.value.message.endswith("\n\nSRun 'crsim-shell images --help' for more information")


def test_unknown_command():
    with pytest.raises(UsageError) as info:
        parse_line("frobnicate now")
    assert info.value.message == ("crsim-shell: unknown command: crsim-shell frobnicate\n\n"
                                  "Run 'crsim-shell --help' for more information")


def test_aliases_reach_the_same_command():
    assert REGISTRY.get("quit") is REGISTRY.get("exit")
    assert parse_line("help").command.name == "help"


def test_help_flag_wins_over_missing_arguments():
    assert parse_line("stop --help").help


def test_help_layout_is_dockers():
    text = help_text(REGISTRY.get("stop"))
    assert text == (
        "Usage:  crsim-shell stop [OPTIONS] CONTAINER [CONTAINER...]\n"
        "\n"
        "Stop one or more running containers\n"
        "\n"
        "Aliases:\n"
        "  crsim-shell container stop, crsim-shell stop\n"
        "\n"
        "Options:\n"
        "  -s, --signal string   Signal to send to the container\n"
        "  -t, --timeout int     Seconds to wait before killing the container\n")


def test_words_and_comments_like_sh():
    assert split_words("run alpine echo 'a b' \"c d\" e\\ f") == ["run", "alpine", "echo", "a b", "c d", "e f"]
    assert strip_comment("stop web  # why") == "stop web  "
    assert strip_comment("echo a#b '#c'") == "echo a#b '#c'"
    with pytest.raises(UsageError) as info:
        split_words("echo 'unclosed")
    assert info.value.message == "syntax error: no closing quotation"


def test_management_command_spelling():
    assert parse_line("container ls -a").command.name == "ps"
    assert parse_line("image pull alpine").command.name == "pull"
