"""crsim's jq and the real jq 1.6 side by side: the same filter on the same JSON, output
and status compared byte for byte. Skipped where jq 1.6 is not installed."""

import shutil
import subprocess

import pytest

from engine import Engine

JQ = shutil.which("jq")


def _version() -> str:
    return subprocess.run([JQ, "--version"], capture_output=True, text=True).stdout.strip() \
        if JQ else ""


pytestmark = pytest.mark.skipif(_version() != "jq-1.6", reason="jq 1.6 is not installed")

DOC = ('[{"Id":"abc","Name":"/web","State":{"Running":true,"Pid":42},"Config":{"Env":["A=1",'
       '"B=2"],"Labels":{"b":"2","a":"1"},"Image":"nginx"},"Ports":[80,443],"Size":1.5},'
       '{"Id":"def","Name":"/db","State":{"Running":false,"Pid":0},"Config":{"Env":null,'
       '"Labels":{},"Image":"postgres"},"Ports":[],"Size":2}]')

CASES = [
    ".", "-c .", ".[0].Name", "-r .[0].Name", ".[].Name", "-r '.[] | .Name'", ".[0].Config.Env",
    ".[0].Config.Env[1]", ".[1].Config.Env", ".[0].State", "-c '.[] | {n: .Name, r: .State.Running}'",
    "'.[] | select(.State.Running) | .Id'", "-r '.[] | select(.State.Running | not) | .Name'",
    "length", "'.[0] | keys'", "'.[0].Config.Labels | keys_unsorted'", "-S '.[0].Config.Labels'",
    "-c 'map(.Name)'", "-c '[.[] | .Ports | length]'", "'.[0].Ports | add'", "'.[0].Size * 2'",
    "'.[1].Size / 4'", "'.[0].Ports[0] + 1'", "-c '.[0].Ports[1:]'", "-c '.[] | .Ports[-1]'",
    "'.[0].Config.Env | join(\",\")'", "-r '.[0].Name | ltrimstr(\"/\")'",
    "-c '.[0].Config.Env | map(split(\"=\"))'", "'.[0].Config.Labels | to_entries'",
    "-c '.[0].Config.Labels | with_entries(select(.key == \"a\"))'", "'.[] | .Name | test(\"w\")'",
    "-r '\"\\(.[0].Name) runs \\(.[0].Config.Image)\"'", "'.[2].Name'", "'.[0].Nope // \"none\"'",
    "'.[0].Name.x'", "'.[0] | has(\"Id\")'", "-c 'sort_by(.Name) | map(.Id)'",
    "'if .[0].State.Running then \"up\" else \"down\" end'", "'.[0].State.Pid > 40'",
    "-c '[.[] | .Config.Image] | sort'", "'.[] | .State.Running and true'", "-c '[..|numbers?]'",
    "nosuch", "'.a b'", "-e '.[1].State.Running'", "-j '.[].Name'", "'.[0].Name | length'",
    "-c 'map(.Config.Image) | unique'", "-n '1 + 2'", "--arg who me -r '$who'",
    "'.[0].Ports[0] | tostring'", "'.[] | .Id | ascii_upcase'", "'.[0].Config.Env | first'",
    "-c '[.[].State.Pid] | min, max'", "'.[0].Config | .Image, .Env[0]'",
]


def real(args: str) -> tuple:
    done = subprocess.run(f"{JQ} {args}", shell=True, input=DOC, capture_output=True, text=True)
    return done.stdout, done.stderr, done.returncode


def simulated(engine: Engine, args: str) -> tuple:
    import shlex
    return engine.run_on_host(["jq", *shlex.split(args)], DOC)


@pytest.fixture(scope="module")
def engine():
    return Engine.deterministic()


@pytest.mark.parametrize("args", CASES)
def test_same_as_jq(engine, args):
    assert simulated(engine, args) == real(args)
