"""Building the corpus of real Dockerfiles (tests/corpus/dockerfiles) with crsim's engine.

One fresh deterministic engine per entry: its context is read from the host like
`crsim-shell build DIR` reads it, built, and the image run once with its own
command. The outcome is "builds" or "fails" with the first error line and the
instruction that failed; `classify` sorts failures by what is missing.
"""

from __future__ import annotations

import os
import re
from typing import List, NamedTuple

CORPUS = os.path.join(os.path.dirname(__file__), "dockerfiles")


class Outcome(NamedTuple):
    name: str
    result: str  # "builds" or "fails"
    error: str  # the first line of the error ("" when it builds)
    step: str  # the instruction that failed
    detail: str  # the last line the failing step printed (the program's own complaint)
    run: str  # what running the image gave ("exit N", "running", or an error)


def entries() -> List[str]:
    return sorted(n for n in os.listdir(CORPUS) if os.path.isdir(os.path.join(CORPUS, n)))


def build(name: str) -> Outcome:
    from engine import Engine
    from shell.commands.build import read_host_context

    root = os.path.join(CORPUS, name)
    with open(os.path.join(root, "Dockerfile"), encoding="utf-8") as f:
        dockerfile = f.read()
    engine = Engine.deterministic()
    result = engine.build(dockerfile, read_host_context(root), tags=[f"corpus/{name}:latest"])
    if result.image is None:
        error = (result.error or "").strip().splitlines()
        step = detail = ""
        for line in result.lines:
            m = re.match(r"#\d+ \[[^\]]*\] (.*)$", line)
            if m:
                step = m.group(1)
            m = re.match(r"#\d+ \d+\.\d+ (.*)$", line)
            if m and not _EXPLAINS.search(detail):  # the first explanation wins, else the last line
                detail = " ".join(m.group(1).split())[:200]
        # one line, blanks squeezed, bounded: what EXPECTED.tsv records
        first = " ".join(error[0].split())[:240] if error else "unknown error"
        return Outcome(name, "fails", first, step, detail, "")
    try:
        container = engine.run(f"corpus/{name}:latest", name="probe")
        engine.wait_until(lambda: not container.state.running, timeout=5)  # still up after 5 s: a service
        state = container.state
        run = "running" if state.running else f"exit {state.exit_code}"
    except Exception as e:  # an engine error is a finding, reported as it reads
        run = f"error: {e}"
    return Outcome(name, "builds", "", "", "", run)


# a line that says why a step failed: a program or package crsim lacks, or the network
_EXPLAINS = re.compile(r"not simulated|crsim simulates|applet not found|Unable to locate package|no such package"
                       r"|No matching distribution|required by: world\[|unable to resolve host|bad address"
                       r"|Could not resolve host|Temporary failure in name resolution|keyserver receive failed")


def classify(outcome: Outcome) -> str:
    text = outcome.error + " " + outcome.detail
    if outcome.result == "builds":
        return "builds"
    if "manifest for" in text or "pull access denied" in text or "no matching manifest" in text:
        return "base image"
    if "not simulated" in text or "crsim simulates" in text or "applet not found" in text:
        return "program not simulated"
    if ("Unable to locate package" in text or "no such package" in text or "No matching distribution" in text
            or "required by: world[" in text):
        return "package missing"
    if "network" in text or "bad address" in text or "Could not resolve host" in text \
            or "unable to resolve host" in text.lower() or "Temporary failure in name resolution" in text \
            or "keyserver receive failed" in text:
        return "network download"
    return "other"
