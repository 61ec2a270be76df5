"""Go text/template as Docker's --format uses it: outputs and error texts."""

import pytest

from engine.record import record
from shell.render.gotemplate import GoStruct, TemplateError, compile, docker_format


def render(text, data=None, **options):
    return compile(text).execute(data, **options)


def parse_error(text):
    with pytest.raises(TemplateError) as info:
        compile(text)
    assert info.value.phase == "parse"
    return str(info.value)


def exec_error(text, data=None, **options):
    template = compile(text)
    with pytest.raises(TemplateError) as info:
        template.execute(data, **options)
    assert info.value.phase == "exec"
    return str(info.value)


CONTAINER = {
    "Id": "4f66ad9a0b2e3c1d",
    "Name": "/web",
    "Names": ["web", "frontend"],
    "Args": ["-g", "daemon off;"],
    "State": {"Status": "running", "Running": True, "Paused": False, "Pid": 4242,
              "ExitCode": 0, "Health": None},
    "Config": {"Hostname": "4f66ad9a0b2e", "Env": ["PATH=/usr/bin", "A=<b>&c"],
               "Labels": {"maintainer": "NGINX <docker-maint@nginx.com>", "a.b": "dotted"},
               "Tty": False, "StopTimeout": None},
    "Mounts": [{"Source": "/srv/www", "Destination": "/usr/share/nginx/html"},
               {"Source": "/var/log/nginx", "Destination": "/var/log/nginx"}],
}


# -- docker_format: Context.preFormat in cli/command/formatter/formatter.go

def test_docker_format_table_with_escaped_tab():
    assert docker_format("table {{.Names}}\\t{{.Status}}") == (True, "{{.Names}}\t{{.Status}}")


def test_docker_format_replaces_escapes_in_plain_formats_too():
    assert docker_format("{{.ID}}\\n{{.Image}}") == (False, "{{.ID}}\n{{.Image}}")


def test_docker_format_trims_only_spaces_and_knows_json():
    assert docker_format("  {{.ID}}\t ") == (False, "{{.ID}}\t")
    assert docker_format("json") == (False, "{{json .}}")
    assert docker_format("table") == (True, "")
    assert docker_format("tablefoo") == (True, "foo")


def test_docker_format_output_renders_with_real_tabs():
    _, text = docker_format("{{.Names}}\\t{{.Status}}")
    assert render(text, {"Names": "web", "Status": "Up 2 minutes"}) == "web\tUp 2 minutes"


# -- fields and Go's printing of values

def test_field_chains_on_nested_dicts():
    assert render("{{.State.Status}} {{.State.Pid}} {{.Config.Hostname}}", CONTAINER) == \
        "running 4242 4f66ad9a0b2e"


def test_dot_and_dollar():
    assert render("{{.}}", "plain") == "plain"
    assert render("{{range .Names}}{{$.Name}}:{{.}} {{end}}", CONTAINER) == "/web:web /web:frontend "


def test_print_list_map_bool_int():
    assert render("{{.Names}}", CONTAINER) == "[web frontend]"
    assert render("{{.Config.Labels}}", CONTAINER) == \
        "map[a.b:dotted maintainer:NGINX <docker-maint@nginx.com>]"
    assert render("{{.State.Running}} {{.State.Paused}} {{.State.ExitCode}}", CONTAINER) == \
        "true false 0"
    assert render("{{.}}", {"z": 1, "a": [1, 2], "m": {"k": True}}) == "map[a:[1 2] m:map[k:true] z:1]"
    assert render("{{.}}", []) == "[]"
    assert render("{{.}}", {}) == "map[]"


def test_missing_key_is_no_value_but_nil_is_nil():
    assert render("{{.Nope}}", CONTAINER) == "<no value>"
    assert render("{{.Nope.Deeper}}", CONTAINER) == "<no value>"
    assert render("{{.State.Health}}", CONTAINER) == "<nil>"
    assert render("{{.}}") == "<no value>"


def test_floats_print_like_go():
    floats = [1.0, 1.5, 0.1, 100000.0, 1e6, 1234567.0, 0.00012, 0.000012, 1e21, -0.0, 2.5e-300]
    assert render("{{range .}}{{.}} {{end}}", floats) == \
        "1 1.5 0.1 100000 1e+06 1.234567e+06 0.00012 1.2e-05 1e+21 -0 2.5e-300 "


def test_number_literals():
    assert render("{{1}} {{-2}} {{0x1F}} {{017}} {{1.5}} {{1e3}} {{'a'}} {{1_000}}") == \
        "1 -2 31 15 1.5 1000 97 1000"


def test_string_literals():
    assert render('{{"a\\tb\\u00e9"}}|{{`raw\\n`}}') == "a\tbé|raw\\n"


# -- json (templates.go: an Encoder with SetEscapeHTML(false), trailing newline trimmed)

def test_json_exact_bytes_keep_order_and_do_not_escape_html():
    assert render("{{json .Config}}", CONTAINER) == (
        '{"Hostname":"4f66ad9a0b2e","Env":["PATH=/usr/bin","A=<b>&c"],'
        '"Labels":{"maintainer":"NGINX <docker-maint@nginx.com>","a.b":"dotted"},'
        '"Tty":false,"StopTimeout":null}')


def test_json_matches_dockers_own_test():  # templates_test.go TestParseJSONFunctions
    assert render("{{json .Ports}}", {"Ports": "0.0.0.0:2->8/udp"}) == '"0.0.0.0:2->8/udp"'


def test_json_numbers_and_escapes():
    data = [1.0, 1e6, 1e21, 1e-7, 0.5, 3, True, None, "q\"\\\n\t\x01\u2028é"]
    assert render("{{json .}}", data) == \
        '[1,1000000,1e+21,1e-7,0.5,3,true,null,"q\\"\\\\\\n\\t\\u0001\\u2028é"]'


def test_json_of_missing_value_and_of_nan():
    assert render("{{json .Nope}}", {}) == "null"
    assert render("{{json .}}", float("nan")) == ""


# -- control structures

def test_range_over_list_of_dicts():
    assert render("{{range .Mounts}}{{.Source}} {{end}}", CONTAINER) == "/srv/www /var/log/nginx "


def test_if_else():
    assert render("{{if .State.Running}}up{{else}}down{{end}}", CONTAINER) == "up"
    assert render("{{if .State.Paused}}up{{else}}down{{end}}", CONTAINER) == "down"
    template = "{{if eq .S \"a\"}}A{{else if eq .S \"b\"}}B{{else}}other{{end}}"
    assert [render(template, {"S": s}) for s in "abc"] == ["A", "B", "other"]


def test_truth_of_values():
    template = "{{range .}}{{if .}}T{{else}}F{{end}}{{end}}"
    assert render(template, [0, 1, "", "x", [], [0], {}, {"a": 1}, None, 0.0, False, True]) == \
        "FTFTFTFTFFFT"


def test_range_with_index_and_map_sorted_by_key():
    assert render("{{range $i, $n := .Names}}{{$i}}={{$n}} {{end}}", CONTAINER) == "0=web 1=frontend "
    assert render("{{range $k, $v := .}}{{$k}}:{{$v}};{{end}}", {"b": 2, "a": 1, "c": 3}) == \
        "a:1;b:2;c:3;"
    assert render("{{range $v := .}}{{$v}}{{end}}", ["x", "y"]) == "xy"


def test_range_else_and_empty_values():
    template = "{{range .}}{{.}}{{else}}empty{{end}}"
    assert [render(template, v) for v in ([], {}, None, ["a"])] == ["empty", "empty", "empty", "a"]


def test_range_break_and_continue():
    template = "{{range .}}{{if eq . 2}}{{continue}}{{end}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}"
    assert render(template, [1, 2, 3, 4, 5]) == "13"


def test_with_sets_dot_and_has_else():
    assert render("{{with .State}}{{.Status}}/{{.Pid}}{{end}}", CONTAINER) == "running/4242"
    assert render("{{with .Nope}}yes{{else}}no{{end}}", CONTAINER) == "no"
    assert render("{{with .A}}a{{else with .B}}{{.}}{{end}}", {"B": "b"}) == "b"


def test_variables_declare_and_assign():
    assert render("{{$x := .Name}}{{$x}}{{$x = \"other\"}} {{$x}}", CONTAINER) == "/web other"
    assert render("{{$n := 0}}{{range .}}{{$n = .}}{{end}}{{$n}}", [1, 2, 3]) == "3"


def test_trim_markers_and_comments():
    assert render("a  {{- .}} b", "X") == "aX b"
    assert render("a {{. -}}  \n b", "X") == "a Xb"
    assert render("{{23 -}} < {{- 45}}") == "23<45"
    assert render("x{{/* a comment */}}y {{- /* trimmed */ -}} z") == "xyz"


def test_pipelines_and_parentheses():
    assert render("{{.Name | printf \"%s!\"}}", CONTAINER) == "/web!"
    assert render("{{.Names | len | printf \"%03d\"}}", CONTAINER) == "002"
    assert render("{{(index .Mounts 1).Source}}", CONTAINER) == "/var/log/nginx"
    assert render("{{printf \"%s-%s\" (upper .State.Status) (index .Names 0)}}", CONTAINER) == \
        "RUNNING-web"


# -- built-in functions

def test_printf_verbs_and_widths():
    assert render('{{printf "%-10s|" .Name}}', CONTAINER) == "/web      |"
    assert render('{{printf "%5d|%-5d|%05d|%x|%X|%o|%b" 42 42 42 255 255 8 5}}') == \
        "   42|42   |00042|ff|FF|10|101"
    assert render('{{printf "%q %v %t %s %d" "hi" 1.5 true .Names .State.Pid}}', CONTAINER) == \
        '"hi" 1.5 true [web frontend] 4242'
    assert render('{{printf "%.2f %e %g %8.3f| %x %c %T %%" 3.14159 1234.5 1e6 2.5 "hi" 65 .}}',
                  []) == "3.14 1.234500e+03 1e+06    2.500| 6869 A []interface {} %"
    assert render('{{printf "%+v %v" . .}}', GoStruct("T", A=1, B="x")) == "{A:1 B:x} {1 x}"


def test_printf_bad_verbs_missing_and_extra_arguments():
    assert render('{{printf "%d" "x"}}') == "%!d(string=x)"
    assert render('{{printf "%d %s"}}') == "%!d(MISSING) %!s(MISSING)"
    assert render('{{printf "%s" "a" 2 "b"}}') == "a%!(EXTRA int=2, string=b)"
    assert render('{{printf "%s" .Nope}}', {}) == "%!s(<nil>)"
    assert render('{{printf "%d"}}x{{printf "50%"}}') == "%!d(MISSING)x50%!(NOVERB)"


def test_print_and_println():
    assert render('{{print 1 2 "a" "b" 3}}') == "1 2ab3"
    assert render('{{println "a" 1}}') == "a 1\n"


def test_index_len_slice():
    assert render('{{index .Config.Labels "a.b"}}', CONTAINER) == "dotted"
    assert render('{{index .Config.Labels "missing"}}|', CONTAINER) == "|"
    assert render("{{index .Names 1}} {{index .Mounts 0 \"Source\"}}", CONTAINER) == "frontend /srv/www"
    assert render("{{len .Names}} {{len .Config.Labels}} {{len .Name}} {{len \"é\"}}", CONTAINER) == \
        "2 2 4 2"
    assert render('{{index "abc" 1}} {{slice "abcdef" 1 3}} {{slice .}} {{slice . 1}}', [1, 2, 3]) == \
        "98 bc [1 2 3] [2 3]"


def test_comparisons_and_logic():
    assert render("{{eq 1 1}} {{eq \"a\" \"b\" \"a\"}} {{ne 1 2}} {{lt 1 2}} {{le 2 2}} "
                  "{{gt 1.5 2.5}} {{ge \"b\" \"a\"}}") == "true true true true true false true"
    assert render("{{and 1 0 2}} {{and 1 2}} {{or 0 \"\" \"x\"}} {{or 0 \"\"}}| {{not .}}", []) == \
        "0 2 x | true"
    assert render("{{eq .Nope \"x\"}} {{eq .Nope nil}}", {}) == "false true"


def test_and_or_short_circuit():
    # the second argument would fail ("index of untyped nil") if it were evaluated
    assert render("{{or 1 (index .Nope 0)}} {{and 0 (index .Nope 0)}}", {}) == "1 0"


def test_html_js_urlquery():
    assert render('{{html "<a href=\\"x\\">&</a>"}}') == "&lt;a href=&#34;x&#34;&gt;&amp;&lt;/a&gt;"
    assert render("{{js \"it's <b>\"}}") == "it\\'s \\u003Cb\\u003E"
    assert render('{{urlquery "a b&c=d/é"}}') == "a+b%26c%3Dd%2F%C3%A9"


# -- Docker's functions (cli/templates/templates.go)

def test_join_split_upper_lower_title():
    assert render('{{join .Args ","}}', CONTAINER) == "-g,daemon off;"
    assert render('{{join (split . ":") "/"}}', "text:with:colon") == "text/with/colon"
    assert render("{{split . \"\"}}", "abc") == "[a b c]"
    assert render("{{upper .State.Status}} {{lower \"MiXed\"}}", CONTAINER) == "RUNNING mixed"
    assert render('{{title "hello wORLD-foo_bar x.y"}}') == "Hello WORLD-Foo_bar X.Y"
    assert render("{{upper \"straße\"}}") == "STRAßE"


def test_pad_and_truncate_match_dockers_tests():  # templates_test.go TestParseTruncateFunction
    source = "tupx5xzf6hvsrhnruz5cr8gwp"
    assert render("{{truncate . 5}}", source) == "tupx5"
    assert render("{{truncate . 25}}", source) == source
    assert render("{{truncate . 30}}", source) == source
    assert render("{{pad . 3 3}}", source) == "   tupx5xzf6hvsrhnruz5cr8gwp   "
    assert render("{{pad . 3 3}}|{{truncate . 2}}", "") == "|"
    assert render("{{pad .Name 1 2}}|", CONTAINER) == " /web  |"
    assert render("{{truncate .Id 5}}", CONTAINER) == "4f66a"


def test_docker_functions_on_nil_data_fail():  # TestParseTruncateFunction's "Nil Source" case
    assert exec_error("{{truncate . 5}}") == \
        'template: :1:11: executing "" at <.>: invalid value; expected string'


def test_header_functions_leave_the_header_alone():
    headers = {"Names": "NAMES", "Status": "STATUS"}
    template = compile("{{upper .Names}}\t{{truncate .Status 2}}\t{{json .Names}}\t{{pad .Names 1 1}}")
    assert template.execute(headers, header=True) == "NAMES\tSTATUS\tNAMES\t NAMES "
    assert template.execute(headers) == 'NAMES\tST\t"NAMES"\t NAMES '


# -- structs and objects

def test_go_struct_fields_printing_and_errors():
    ctx = GoStruct("*formatter.ContainerContext", {"ID": "abc", "Size": 3})
    assert render("{{.ID}} {{.}} {{json .}}", ctx) == 'abc {abc 3} {"ID":"abc","Size":3}'
    assert exec_error("{{.Nope}}", ctx) == ('template: :1:2: executing "" at <.Nope>: '
                                           "can't evaluate field Nope in type *formatter.ContainerContext")


def test_objects_expose_attributes_and_methods():
    class Context:
        __gotype__ = "*formatter.ContainerContext"

        def __init__(self):
            self.Image = "nginx"

        def ID(self):
            return "abc"

        def Label(self, name):
            return {"com.docker.compose.project": "shop"}.get(name, "")

    assert render('{{.ID}} {{.Image}} {{.Label "com.docker.compose.project"}}', Context()) == \
        "abc nginx shop"
    assert exec_error("{{.Label}}", Context()) == \
        'template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0'


def test_records_print_as_structs():
    @record
    class Port:
        PrivatePort: int
        Type: str

    assert render("{{.}} {{.Type}} {{printf \"%+v\" .}}", Port(80, "tcp")) == \
        "{80 tcp} tcp {PrivatePort:80 Type:tcp}"


# -- parse errors: the docker CLI wraps them as "template parsing error: ..."

@pytest.mark.parametrize("text, message", [
    ("{{foo}}", 'function "foo" not defined'),
    ("{{ .Name }", 'unexpected "}" in operand'),
    ("{{.Name", "unclosed action"),
    ("{{if .X}}yes", "unexpected EOF"),
    ("{{end}}", "unexpected {{end}}"),
    ("{{else}}", "unexpected {{else}}"),
    ("{{}}", "missing value for command"),
    ("{{.Name}", "bad character U+007D '}'"),
    ("{{$x}}", 'undefined variable "$x"'),
    ("{{1-2}}", 'bad number syntax: "1-2"'),
    ("{{.X | \"a\"}}", "non executable command in pipeline stage 2"),
    ("{{range $i, $v, $w := .}}{{end}}", "too many declarations in range"),
    ("{{$a, $b := .}}", "too many declarations in command"),
    ("{{(.X}}", "unclosed left paren"),
    ("{{.X)}}", "unexpected right paren"),
    ("{{\"abc}}", "unterminated quoted string"),
    ("{{`abc}}", "unterminated raw quoted string"),
    ("{{/* abc }}", "unclosed comment"),
    ("{{/* abc */ }}", "comment ends before closing delimiter"),
    ("{{if}}{{end}}", "missing value for if"),
    ("{{range .}}{{else}}{{else}}{{end}}", "expected end; found {{else}}"),
    ("{{break}}", "{{break}} outside {{range}}"),
    ("{{\"a\".X}}", 'unexpected . after term "\\"a\\""'),
    ("{{.X := 1}}", 'unexpected ":=" in operand'),
    ("{{$ :}}", "expected :="),
    ("{{print \"\\q\"}}", "invalid syntax"),
    ("{{.X ! }}", 'unexpected "!" in operand'),
    ("{{99999999999999999999}}", 'integer overflow: "99999999999999999999"'),
])
def test_parse_errors(text, message):
    assert parse_error(text) == "template parsing error: template: :1: " + message


def test_parse_error_line_numbers():
    assert parse_error("line one\n{{.A}}\n{{.B\n") == \
        "template parsing error: template: :4: unclosed action started at :3"
    assert parse_error("a\nb\n{{nope}}") == \
        'template parsing error: template: :3: function "nope" not defined'
    assert parse_error("{{if .A}}\n\n") == "template parsing error: template: :3: unexpected EOF"


def test_parse_error_names_the_template():
    with pytest.raises(TemplateError) as info:
        compile("{{.A", name="version")
    assert str(info.value) == "template parsing error: template: version:1: unclosed action"
    assert info.value.raw == "template: version:1: unclosed action"


# -- execution errors: Go's "template: NAME:LINE:COL: executing ..." text

def test_nil_pointer_in_a_field_chain():
    data = {"Nope": None, "State": {"Health": None}}
    assert exec_error("{{.Nope.X}}", data) == \
        'template: :1:7: executing "" at <.Nope.X>: nil pointer evaluating interface {}.X'
    # the column is that of the second field, as in real `docker inspect` output
    assert exec_error("{{.State.Health.Status}}", data) == ('template: :1:8: executing "" at '
                                                          '<.State.Health.Status>: nil pointer '
                                                          'evaluating interface {}.Status')


def test_missingkey_error_as_docker_inspect_retries_with():
    data = {"State": {"Status": "running"}}
    assert exec_error("{{.State.Health.Status}}", data, missingkey="error") == \
        'template: :1:8: executing "" at <.State.Health.Status>: map has no entry for key "Health"'
    assert render("{{.State.Status}}", data, missingkey="error") == "running"
    assert render("{{.State.Nope}}", data, missingkey="zero") == "<nil>"


@pytest.mark.parametrize("text, message", [
    ("{{len 3}}", ':1:2: executing "" at <len 3>: error calling len: len of type int'),
    ("{{len .State.Pid}}", ':1:2: executing "" at <len .State.Pid>: error calling len: len of type int'),
    ("{{index .Names 5}}", ':1:2: executing "" at <index .Names 5>: error calling index: '
                           'index out of range: 5'),
    ('{{index .Names "a"}}', ':1:2: executing "" at <index .Names "a">: error calling index: '
                             "cannot index slice/array with type string"),
    ("{{index .Config.Labels 1}}", ':1:2: executing "" at <index .Config.Labels 1>: error calling '
                                   "index: value has type int; should be string"),
    ("{{index .State.Pid 0}}", ':1:2: executing "" at <index .State.Pid 0>: error calling index: '
                               "can't index item of type int"),
    ("{{index .Nope 0}}", ':1:2: executing "" at <index .Nope 0>: error calling index: '
                          "index of untyped nil"),
    ("{{len .Nope}}", ':1:2: executing "" at <len .Nope>: error calling len: '
                      "reflect: call of reflect.Value.Type on zero Value"),
    ("{{len}}", ':1:2: executing "" at <len>: wrong number of args for len: want 1 got 0'),
    ("{{eq .State.Pid \"x\"}}", ':1:2: executing "" at <eq .State.Pid "x">: error calling eq: '
                                "incompatible types for comparison: int and string"),
    ("{{lt .Names 1}}", ':1:2: executing "" at <lt .Names 1>: error calling lt: '
                        "invalid type for comparison"),
    ("{{eq .State}}", ':1:2: executing "" at <eq .State>: error calling eq: '
                      "missing argument for comparison"),
    ("{{join .Name \",\"}}", ':1:7: executing "" at <.Name>: wrong type for value; '
                             "expected []string; got string"),
    ("{{upper .Nope}}", ':1:8: executing "" at <.Nope>: invalid value; expected string'),
    ("{{upper 1}}", ':1:8: executing "" at <1>: expected string; found 1'),
    ("{{truncate .Name \"5\"}}", ':1:17: executing "" at <"5">: expected integer; found "5"'),
    ("{{pad .Name 1}}", ':1:2: executing "" at <pad>: wrong number of args for pad: want 3 got 2'),
    ("{{truncate .Name -1}}", ':1:2: executing "" at <truncate .Name -1>: error calling truncate: '
                              "runtime error: slice bounds out of range [:-1]"),
    ("{{.Name.X}}", ':1:7: executing "" at <.Name.X>: can\'t evaluate field X in type string'),
    ("{{.Name 1}}", ':1:2: executing "" at <.Name>: Name is not a method but has arguments'),
    ("{{range .Name}}{{end}}", ':1:8: executing "" at <.Name>: range can\'t iterate over /web'),
    ("{{nil}}", ':1:2: executing "" at <nil>: nil is not a command'),
    ('{{"a" "b"}}', ':1:2: executing "" at <"a">: can\'t give argument to non-function "a"'),
    ("{{printf 1}}", ':1:9: executing "" at <1>: expected string; found 1'),
    ("\n  {{len 3}}", ':2:4: executing "" at <len 3>: error calling len: len of type int'),
    ("é {{len 3}}", ':1:5: executing "" at <len 3>: error calling len: len of type int'),
])
def test_exec_errors(text, message):
    assert exec_error(text, CONTAINER) == "template: " + message


def test_exec_error_prefix_for_commands_that_add_it():
    with pytest.raises(TemplateError) as info:
        compile("{{len 3}}").execute({})
    assert info.value.prefixed == ('template parsing error: template: :1:2: executing "" at '
                                   "<len 3>: error calling len: len of type int")


def test_extra_functions():
    template = compile("{{getDetailsOrder .}}", name="version", funcs={"getDetailsOrder": sorted})
    assert template.execute({"b": 1, "a": 2}) == "[a b]"


def test_template_is_reusable():
    template = compile("{{.Name}}")
    assert [template.execute({"Name": n}) for n in ("a", "b")] == ["a", "b"]
