"""Where words stand in a command's grammar: the ground both completion and highlighting stand on."""

from shell.interactive.context import (ARG, BAD_FLAG, COMMAND, END_OF_FLAGS, FLAG, UNKNOWN, VALUE,
                                       is_comment, read, split)


def roles(line):
    return [place.role for place in read(line).places]


def test_split_keeps_spans_and_removes_quotes():
    words = split("""run  --name "my web" 'a b'c d\\ e""")
    assert [w.value for w in words] == ["run", "--name", "my web", "a bc", "d e"]
    assert [(w.start, w.end) for w in words] == [(0, 3), (5, 11), (12, 20), (21, 27), (28, 32)]
    assert [w.quoted for w in words] == [False, False, True, True, True]


def test_an_open_quote_runs_to_the_end_of_the_line():
    words = split('run --name "my we')
    assert words[-1].value == "my we" and words[-1].end == len('run --name "my we')


def test_backslash_inside_double_quotes_escapes_only_quote_and_backslash():
    assert split(r'echo "a\"b\\c\d"')[1].value == r'a"b\c\d'


def test_flags_values_and_arguments():
    assert roles("run -d --name web -p 80:80 busybox sleep 5") == [
        COMMAND, FLAG, FLAG, VALUE, FLAG, VALUE, ARG, ARG, ARG]


def test_non_interspersed_command_stops_reading_flags_at_the_image():
    reading = read("run busybox sh -c ")
    assert [p.role for p in reading.places] == [COMMAND, ARG, ARG, ARG]
    assert reading.next.flags_allowed is False
    assert reading.positionals == ["busybox", "sh", "-c"]


def test_interspersed_command_reads_flags_after_arguments():
    assert roles("stop web -t 5 db") == [COMMAND, ARG, FLAG, VALUE, ARG]


def test_double_dash_ends_the_flags():
    assert roles("rm -- -f") == [COMMAND, END_OF_FLAGS, ARG]


def test_shorthand_clusters_and_glued_values():
    reading = read("kill -s")
    assert reading.next.role == VALUE and reading.next.flag.long == "signal"
    reading = read("kill -sKILL ")
    assert reading.next.role == ARG and "signal" in reading.used
    assert roles("run -it -x busybox") == [COMMAND, FLAG, BAD_FLAG, ARG]


def test_long_flag_with_equals_needs_no_next_word():
    reading = read("run --name=web ")
    assert reading.next.role == ARG and reading.next.arg.name == "IMAGE"


def test_unknown_command_makes_everything_unknown():
    assert roles("frobnicate --x y") == [UNKNOWN, UNKNOWN, UNKNOWN]


def test_whole_line_comment():
    assert is_comment("  # a note") and not is_comment("ps # not a comment")


def test_a_splitter_fed_piece_by_piece_reads_what_split_reads_at_once():
    from shell.interactive.context import Splitter
    lines = ["""run  --name "my web" 'a b'c d\\ e""", 'echo "a\\"b\\\\c\\d"', "x 'open quote",
             'a "ends in a backslash\\', "trailing\\", "  spaced\tout  ", "a\\ b 'c'\"d\"e"]
    for line in lines:
        whole = [(w.value, w.start, w.end, w.quoted) for w in split(line)]
        for cut in range(len(line) + 1):  # every place a key could come after the others
            splitter = Splitter().feed(line[:cut])
            splitter.words()
            pieces = [(w.value, w.start, w.end, w.quoted) for w in splitter.feed(line[cut:]).words()]
            assert pieces == whole, (line, cut)
        key_by_key = Splitter()
        for ch in line:
            key_by_key.feed(ch)
        assert [(w.value, w.start, w.end, w.quoted) for w in key_by_key.words()] == whole


def test_one_long_word_is_one_word():
    long = "a" * 200_000
    words = split("ps " + long + "  -q")
    assert [w.value for w in words] == ["ps", long, "-q"]
    assert (words[1].start, words[1].end) == (3, 3 + len(long))
