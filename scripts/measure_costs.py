#!/usr/bin/env python3
"""Measure the real CPU cost of shell / userland operations on this machine.

The numbers feed crsim's CPU cost model: simulated programs (ash, bash, awk,
sed, grep, sort, find, cat, dd, gzip, ...) charge simulated CPU time per
operation or per byte at the rates printed here.

Run:  python3 scripts/measure_costs.py [--json PATH] [--md PATH] [--runs N]
          [--scale F] [--only SECTIONS] [--wait-idle S] [--keep]
      python3 scripts/measure_costs.py --merge RUN1.json RUN2.json ... [--json P] [--md P]

About 2 minutes on an idle 2-CPU machine.  Other load (or hypervisor steal)
only ever makes cases slower; the header reports both, per section.  On a
shared machine run it several times and --merge the JSON outputs: per row the
merge takes the minimum totals over the runs and redoes the arithmetic.

Pitfalls the cases avoid: GNU grep exits at the first match when stdout is
/dev/null, GNU tar does not read file data when the archive is /dev/null,
GNU wc -c on a regular file only stats it, busybox cat to /dev/null is a
sendfile() that copies nothing (all reported, or written to real files).

Method
------
* Every case runs a real tool with ``subprocess`` under ``LC_ALL=C``.
* Each command runs ``--runs`` times (default 3; up to 4 more while the two
  best runs differ by more than 3%); the best (minimum) wall time
  and the best CPU time (user + sys of the child and all its reaped
  descendants, from ``getrusage(RUSAGE_CHILDREN)``) are kept.
* Costs are *marginal*: every case is paired with a baseline run of the same
  tool doing no work (empty loop / empty input / count 0), and the baseline
  is subtracted, so process start-up is not in the per-op numbers.  The
  start-up costs themselves are reported in the ``startup`` section.
* Shell per-command costs repeat the command K times in the body of a
  counted loop ``while [ $i -lt N ]; do <cmd> x K; i=$((i+1)); done`` and
  subtract the same loop with an empty body.  N is calibrated so that each
  run takes about ``TARGET`` seconds.
* Per-line vs per-byte costs (sed, grep, awk) are separated by running the
  same number of bytes once as short lines and once as long (~4 KiB) lines
  and solving  t = a * lines + b * bytes.
* Byte rates are reported in MB/s (1 MB = 10^6 bytes); "wall" divides by the
  elapsed time, "cpu" by the CPU time of all processes of the case (for a
  pipeline that is the sum of both ends).

Only the Python standard library is used.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

ENV = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
ENV.update(LC_ALL="C", LANG="C")
ENV.pop("LANGUAGE", None)
ENV.pop("POSIXLY_CORRECT", None)
ENV.pop("GREP_OPTIONS", None)

MB = 1e6
MiB = 1 << 20

RUNS = 3
SCALE = 1.0
TARGET = 0.2  # seconds of marginal work per calibrated run
TOL = 0.03  # two best runs must agree within 3% ...
EXTRA_RUNS = 4  # ... else up to this many more runs
ROWS: List[dict] = []
SECTION_INFO: Dict[str, dict] = {}
BASE_CACHE: Dict[tuple, Tuple[float, float]] = {}
LOG = sys.stderr


def log(msg: str) -> None:
    print(msg, file=LOG, flush=True)


def have(prog: str) -> bool:
    return shutil.which(prog) is not None


# --------------------------------------------------------------------------
# running and timing

@dataclass
class Cmd:
    argv: List[str]
    stdin: Optional[str] = None          # path; None = /dev/null
    stdout: Optional[str] = None         # path (truncated); None = /dev/null
    ok: Tuple[int, ...] = (0,)
    pre: Optional[Callable[[], None]] = None   # run (untimed) before each run
    capture: bool = False                # capture stdout (returned)

    def key(self) -> tuple:
        return (tuple(self.argv), self.stdin, self.stdout)


def run_once(cmd: Cmd) -> Tuple[float, float, bytes]:
    """Run once; return (wall s, cpu s, stdout)."""
    if cmd.pre:
        cmd.pre()
    fin = open(cmd.stdin, "rb") if cmd.stdin else subprocess.DEVNULL
    if cmd.capture:
        fout = subprocess.PIPE
    elif cmd.stdout:
        fout = open(cmd.stdout, "wb")
    else:
        fout = subprocess.DEVNULL
    try:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(cmd.argv, stdin=fin, stdout=fout, stderr=subprocess.PIPE, env=ENV)
        t1 = time.perf_counter()
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        if fin is not subprocess.DEVNULL:
            fin.close()
        if fout not in (subprocess.DEVNULL, subprocess.PIPE):
            fout.close()
    if p.returncode not in cmd.ok:
        raise RuntimeError(f"{cmd.argv[:4]}... exited {p.returncode}: {p.stderr[-300:]!r}")
    cpu = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    return t1 - t0, cpu, p.stdout or b""


def best(cmd: Cmd, runs: Optional[int] = None) -> Tuple[float, float]:
    """Best (minimum) wall and CPU time over `runs` runs; if the two best wall
    times still differ by more than TOL (noise from other load), run up to
    EXTRA_RUNS more times."""
    walls, cpus = [], []
    n = runs or RUNS
    while True:
        w, c, _ = run_once(cmd)
        walls.append(w)
        cpus.append(c)
        if len(walls) < n:
            continue
        a, b = sorted(walls)[:2] if len(walls) > 1 else (walls[0], walls[0])
        if b - a <= TOL * a or len(walls) >= n + EXTRA_RUNS or n == 1:
            break
    return min(walls), min(cpus)


def base(cmd: Cmd, runs: Optional[int] = None) -> Tuple[float, float]:
    """Best-of timing of a baseline command.  Baselines are shared between
    cases; each reuse adds one more sample, so the minimum keeps improving
    and the baseline is not stuck with one noisy moment."""
    k = cmd.key()
    if k not in BASE_CACHE:
        BASE_CACHE[k] = best(cmd, (runs or RUNS) + 2)
    else:
        w, c, _ = run_once(cmd)
        ow, oc = BASE_CACHE[k]
        BASE_CACHE[k] = (min(w, ow), min(c, oc))
    return BASE_CACHE[k]


def add_row(section: str, tool: str, case: str, n, unit: str, wall: Optional[float],
            cpu: Optional[float], note: str = "", **extra) -> dict:
    key = re.sub(r"[^a-z0-9]+", "_", f"{section}.{tool}.{case}".lower()).strip("_")
    row = dict(key=key, section=section, tool=tool, case=case, n=n, unit=unit,
               wall=wall, cpu=cpu, note=note)
    row.update(extra)
    ROWS.append(row)
    return row


def marginal(a: Cmd, b: Cmd) -> Tuple[float, float, Tuple[float, float], Tuple[float, float]]:
    ta = best(a)
    tb = base(b)
    return ta[0] - tb[0], ta[1] - tb[1], ta, tb


def per_op(section: str, tool: str, case: str, a: Cmd, b: Cmd, ops: int, note: str = "") -> dict:
    dw, dc, ta, tb = marginal(a, b)
    return add_row(section, tool, case, ops, "us/op", dw / ops * 1e6, dc / ops * 1e6, note,
                   total_ms=[ta[0] * 1e3, ta[1] * 1e3], base_ms=[tb[0] * 1e3, tb[1] * 1e3])


def rate(section: str, tool: str, case: str, a: Cmd, b: Cmd, nbytes: int, note: str = "") -> dict:
    dw, dc, ta, tb = marginal(a, b)
    if dw < max(0.02 * tb[0], 0.5e-3):  # no measurable work per byte
        note = (note + "; " if note else "") + "no per-byte work measurable (O(1) in size)"
        dw = dc = None
    mbps = lambda d: (nbytes / d / MB) if d and d > 0 else None
    return add_row(section, tool, case, nbytes, "MB/s", mbps(dw), mbps(dc), note,
                   total_ms=[ta[0] * 1e3, ta[1] * 1e3], base_ms=[tb[0] * 1e3, tb[1] * 1e3])


def startup_row(tool: str, case: str, cmd: Cmd) -> None:
    w, c = base(cmd)
    add_row("startup", tool, case, 1, "ms", w * 1e3, c * 1e3,
            "empty run incl. Python spawn overhead")


def quantize(n: float, lo: int = 1, unit: int = 1000) -> int:
    """Round to unit * 2^k (keeps the set of N small so baselines are shared)."""
    n = max(n, lo)
    k = round(math.log2(max(n / unit, 1e-9)))
    return max(lo, int(unit * 2 ** k)) if n >= unit else max(lo, int(2 ** round(math.log2(n))))


# --------------------------------------------------------------------------
# data files

class Data:
    def __init__(self, root: str):
        self.root = root
        self._cache: Dict[tuple, str] = {}
        rnd = random.Random(20240601)
        letters = "abcdefghijklmnopqrstuvwxyz"
        self.vocab = ["".join(rnd.choice(letters) for _ in range(rnd.randint(2, 9)))
                      for _ in range(5000)]
        self.rnd = rnd
        self._lines: List[str] = []

    def path(self, name: str) -> str:
        return os.path.join(self.root, name)

    def lines(self, count: int) -> List[str]:
        """count distinct-ish random text lines (3-10 words, ~40 bytes avg)."""
        while len(self._lines) < count:
            need = count - len(self._lines)
            nw = [self.rnd.randint(3, 10) for _ in range(need)]
            words = self.rnd.choices(self.vocab, k=sum(nw))
            pos = 0
            for k in nw:
                self._lines.append(" ".join(words[pos:pos + k]))
                pos += k
        return self._lines[:count]

    def _write_repeat(self, path: str, chunk: bytes, size: int) -> None:
        with open(path, "wb") as f:
            left = size
            while left > 0:
                part = chunk[:left]
                f.write(part)
                left -= len(part)

    def text(self, mb: float, kind: str = "short") -> str:
        """Text file of ~mb MiB; kind 'short' (~40 B lines) or 'long' (~4 KiB lines).
        Built by repeating an 8 MiB block of random lines (whole lines only)."""
        size = int(mb * MiB)
        key = ("text", size, kind)
        if key in self._cache:
            return self._cache[key]
        block = self._block(kind)
        reps, rest = divmod(size, len(block))
        path = self.path(f"text_{kind}_{size}.txt")
        with open(path, "wb") as f:
            for _ in range(reps):
                f.write(block)
            if rest:
                cut = block.rfind(b"\n", 0, rest) + 1
                f.write(block[:cut])
        self._cache[key] = path
        return path

    def _block(self, kind: str) -> bytes:
        key = ("block", kind)
        if key not in self._cache:
            lines = []
            n = 0
            for line in self.lines(220000):
                lines.append(line)
                n += len(line) + 1
                if n >= 8 * MiB:
                    break
            if kind == "short":
                data = ("\n".join(lines) + "\n").encode()
            else:  # join ~100 short lines into one ~4 KiB line
                joined = [" ".join(lines[i:i + 100]) for i in range(0, len(lines), 100)]
                data = ("\n".join(joined) + "\n").encode()
            self._cache[key] = data
        return self._cache[key]  # type: ignore[return-value]

    def sort_input(self, nlines: int) -> str:
        key = ("sort", nlines)
        if key not in self._cache:
            path = self.path(f"sort_{nlines}.txt")
            with open(path, "w") as f:
                f.write("\n".join(self.lines(nlines)) + "\n")
            self._cache[key] = path
        return self._cache[key]

    def zeros(self, mb: float) -> str:
        size = int(mb * MiB)
        key = ("zeros", size)
        if key not in self._cache:
            path = self.path(f"zeros_{size}.bin")
            self._write_repeat(path, bytes(MiB), size)
            self._cache[key] = path
        return self._cache[key]

    def empty(self) -> str:
        path = self.path("empty")
        if not os.path.exists(path):
            open(path, "wb").close()
        return path

    def empty_dir(self) -> str:
        path = self.path("emptydir")
        os.makedirs(path, exist_ok=True)
        return path

    def gz(self, src: str) -> str:
        dst = src + ".gz"
        if not os.path.exists(dst):
            with open(src, "rb") as fi, open(dst, "wb") as fo:
                subprocess.run(["gzip", "-6", "-c"], stdin=fi, stdout=fo, check=True)
        return dst

    def tree(self, nfiles: int) -> Tuple[str, int]:
        """Directory tree: 10 x 10 dirs, nfiles empty files spread evenly.
        Returns (path, number of entries below it, dirs + files)."""
        key = ("tree", nfiles)
        if key not in self._cache:
            root = self.path(f"tree_{nfiles}")
            per_leaf = max(1, nfiles // 100)
            entries = 0
            for a in range(10):
                for b in range(10):
                    d = os.path.join(root, f"d{a}", f"e{b}")
                    os.makedirs(d)
                    for c in range(per_leaf):
                        fd = os.open(os.path.join(d, f"file{c:05d}.txt"),
                                     os.O_CREAT | os.O_WRONLY, 0o644)
                        os.close(fd)
            entries = 10 + 100 + 100 * per_leaf
            self._cache[key] = (root, entries)  # type: ignore[assignment]
        return self._cache[key]  # type: ignore[return-value]

    def data_dir(self, nfiles: int, mb_each: float) -> Tuple[str, int]:
        key = ("datadir", nfiles, mb_each)
        if key not in self._cache:
            root = self.path(f"datadir_{nfiles}x{mb_each}")
            os.makedirs(root)
            src = self.text(mb_each)
            total = 0
            for i in range(nfiles):
                dst = os.path.join(root, f"f{i}.txt")
                shutil.copyfile(src, dst)
                total += os.path.getsize(dst)
            self._cache[key] = (root, total)  # type: ignore[assignment]
        return self._cache[key]  # type: ignore[return-value]


def lines_bytes(path: str) -> Tuple[int, int]:
    with open(path, "rb") as f:
        data = f.read()
    return data.count(b"\n"), len(data)


def solve_fit(ts: float, tl: float, b0: float, ls: int, bs: int, ll: int, bl: int
              ) -> Tuple[float, float, float]:
    """Solve [ls bs; ll bl] [a b]^T = [ts-b0, tl-b0]; return (all-in s/line, a s/line, b s/byte)."""
    s, l_ = ts - b0, tl - b0
    det = ls * bl - ll * bs
    a = (s * bl - l_ * bs) / det
    b = (ls * l_ - ll * s) / det
    return s / ls, a, b


def line_byte_fit(section: str, tool: str, case: str, mk: Callable[[str], Cmd],
                  short: str, long: str, empty: str, note: str = "") -> None:
    """Run mk(file) on short- and long-line files with the same byte count and
    fit t = a*lines + b*bytes.  Rows: all-in per line, per line excl. bytes, per byte."""
    ls, bs = lines_bytes(short)
    ll, bl = lines_bytes(long)
    b0 = base(mk(empty))
    ts = best(mk(short))
    tl = best(mk(long))
    res = {name: solve_fit(ts[i], tl[i], b0[i], ls, bs, ll, bl)
           for i, name in ((0, "wall"), (1, "cpu"))}
    avg = bs / ls
    extra = dict(short_ms=[ts[0] * 1e3, ts[1] * 1e3], long_ms=[tl[0] * 1e3, tl[1] * 1e3],
                 base_ms=[b0[0] * 1e3, b0[1] * 1e3], fit=dict(ls=ls, bs=bs, ll=ll, bl=bl))
    add_row(section, tool, f"{case}: per line, all-in ({avg:.0f} B lines)", ls, "us/op",
            res["wall"][0] * 1e6, res["cpu"][0] * 1e6, note, **extra)
    add_row(section, tool, f"{case}: per line excl. bytes (fit)", ls, "us/op",
            res["wall"][1] * 1e6, res["cpu"][1] * 1e6, "t = a*lines + b*bytes", **extra)
    mbps = lambda b: (1 / b / MB) if b > 0 else None
    add_row(section, tool, f"{case}: per byte (fit, ~4 KiB lines)", bl, "MB/s",
            mbps(res["wall"][2]), mbps(res["cpu"][2]), "t = a*lines + b*bytes", **extra)


# --------------------------------------------------------------------------
# sections

def shells() -> List[Tuple[str, List[str]]]:
    out = []
    if have("busybox"):
        out.append(("busybox ash", ["busybox", "sh"]))
    if have("bash"):
        out.append(("bash", ["bash"]))
    if have("dash"):
        out.append(("dash", ["dash"]))
    return out


SETUP = "j=0; x=abc; f() { :; }; "
CHEAP_OPS = [
    (":", "builtin :"),
    ("true", "builtin true"),
    ("x=1", "assignment x=1"),
    ("j=$((j+1))", "arith expansion j=$((j+1))"),
    ("[ $j -lt 5 ]", "test [ $j -lt 5 ] (builtin)"),
    ("y=$x", "param expansion y=$x"),
    ("y=${x#a}", "pattern expansion y=${x#a}"),
    ("echo x >/dev/null", "echo x >/dev/null (builtin + redirect)"),
    ("f", "function call f() { :; }"),
    ("case $x in foo) ;; bar) ;; abc) ;; esac", "case, match 3rd pattern"),
]
FORK_OPS = [
    ("/bin/true", "fork+exec /bin/true (coreutils)"),
    ("busybox true", "fork+exec busybox true"),
    ("( : )", "subshell ( : )"),
    ("y=$(:)", "command substitution y=$(:)"),
]
K_CHEAP = 10


def sh_loop(n: int, body: str = "") -> str:
    return SETUP + f"i=0; while [ $i -lt {n} ]; do {body}i=$((i+1)); done"


def section_shell(data: Data) -> None:
    for name, argv in shells():
        log(f"[shell] {name}")
        mk = lambda script: Cmd(argv + ["-c", script])
        startup_row(name, "sh -c ':'", mk(":"))
        # counted loop: calibrate the iteration cost
        b0 = base(mk(sh_loop(0)))
        probe = best(mk(sh_loop(2000)), 1)
        it = max((probe[0] - b0[0]) / 2000, 1e-7)
        n_loop = quantize(TARGET * SCALE / it)
        per_op("shell", name, "counted loop iteration (test + arith + while)",
               mk(sh_loop(n_loop)), mk(sh_loop(0)), n_loop,
               "while [ $i -lt N ]; do i=$((i+1)); done")
        loop_row = ROWS[-1]
        comp = {}
        for ops, label, k, n0 in ([(o, l, K_CHEAP, 1000) for o, l in CHEAP_OPS]
                                  + [(o, l, 1, 20) for o, l in FORK_OPS]):
            body = (ops + "; ") * k
            # probe to pick N such that the run takes ~TARGET s
            pw = best(mk(sh_loop(n0, body)), 1)[0] - b0[0]
            per_iter = max(pw / n0, 1e-7)
            n = quantize(TARGET * SCALE / per_iter, lo=20, unit=1000 if k > 1 else 100)
            row = per_op("shell", name, label, mk(sh_loop(n, body)), mk(sh_loop(n)), n * k,
                         f"{k} per loop iteration, N={n}, minus empty loop")
            comp[ops] = row
        # bare loop iteration, derived
        t, a = comp["[ $j -lt 5 ]"], comp["j=$((j+1))"]
        add_row("shell", name, "bare while iteration (derived)", loop_row["n"], "us/op",
                loop_row["wall"] - t["wall"] - a["wall"], loop_row["cpu"] - t["cpu"] - a["cpu"],
                "counted loop iteration - test - arith assignment; the parts are "
                "measured as 10-command ';' lists, the loop as single commands, so the "
                "costs are not strictly additive and this can come out <= 0")
        # for loop over words, from a script file (the word list is long)
        m = 50000
        words = " ".join(["w"] * m)
        fa = data.path(f"forwords_{m}.sh")
        fb = data.path(f"forwords_{m}_break.sh")
        with open(fa, "w") as f:
            f.write(f"x='{words}'\nfor w in $x; do :; done\n")
        with open(fb, "w") as f:
            f.write(f"x='{words}'\nfor w in $x; do break; done\n")
        per_op("shell", name, "for-loop iteration over words (body :)",
               Cmd(argv + [fa]), Cmd(argv + [fb]), m - 1,
               f"for w in $x over {m} words minus same loop with break")
        # the full benchmark, total time including start-up
        bench = "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done"
        w, c = best(mk(bench))
        add_row("shell", name, "BENCH i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done",
                100000, "ms total", w * 1e3, c * 1e3, "total incl. start-up")


def awks() -> List[Tuple[str, List[str], float]]:
    out = []
    if have("mawk"):
        out.append(("mawk", ["mawk"], 32))
    if have("gawk"):
        out.append(("gawk", ["gawk"], 16))
    if have("original-awk"):
        out.append(("original-awk", ["original-awk"], 16))
    if have("busybox"):
        out.append(("busybox awk", ["busybox", "awk"], 16))
    return out


def section_awk(data: Data) -> None:
    empty = data.empty()
    for name, argv, mb in awks():
        log(f"[awk] {name}")
        mk = lambda prog, *files: Cmd(argv + [prog, *files])
        startup_row(name, "BEGIN{}", mk("BEGIN{}"))
        loop = lambda n, body="": mk(f"BEGIN {{ for (i = 0; i < {n}; i++) {{ {body} }} }}")
        b0 = base(loop(0))
        pw = best(loop(100000), 1)[0] - b0[0]
        n = quantize(TARGET * SCALE / max(pw / 100000, 1e-9), unit=1000)
        per_op("awk", name, "for-loop iteration (empty body)", loop(n), loop(0), n,
               "BEGIN { for (i=0;i<N;i++) {} }")
        for stmt, label in (("x++", "statement x++"), ("y = i * 2 + 1", "statement y = i*2+1"),
                            ('s = "ab" i', "statement s = \"ab\" i (concat)")):
            body = "; ".join([stmt] * K_CHEAP)
            pw = best(loop(10000, body), 1)[0] - b0[0]
            n = quantize(TARGET * SCALE / max(pw / 10000, 1e-9), unit=1000)
            per_op("awk", name, label, loop(n, body), loop(n), n * K_CHEAP,
                   f"{K_CHEAP} per iteration, minus empty loop")
        short, long = data.text(mb * SCALE, "short"), data.text(mb * SCALE, "long")
        line_byte_fit("awk", name, "{ n++ }", lambda f: mk("{ n++ } END { print n }", f),
                      short, long, empty)
        line_byte_fit("awk", name, "{ s += NF } (field split)",
                      lambda f: mk("{ s += NF } END { print s }", f), short, long, empty)


def section_sed(data: Data) -> None:
    empty = data.empty()
    tools = [("GNU sed", ["sed"], 16)] if have("sed") else []
    if have("busybox"):
        tools.append(("busybox sed", ["busybox", "sed"], 16))
    for name, argv, mb in tools:
        log(f"[sed] {name}")
        startup_row(name, "sed p </dev/null", Cmd(argv + ["p"]))
        short, long = data.text(mb * SCALE, "short"), data.text(mb * SCALE, "long")
        line_byte_fit("sed", name, "s/a/b/", lambda f: Cmd(argv + ["s/a/b/", f]), short, long, empty)
        line_byte_fit("sed", name, "s/zq/b/ (no match)", lambda f: Cmd(argv + ["s/zq/b/", f]),
                      short, long, empty)
        nbytes = os.path.getsize(long)
        rate("sed", name, "s/a/b/g on ~4 KiB lines", Cmd(argv + ["s/a/b/g", long]),
             Cmd(argv + ["s/a/b/g", empty]), nbytes, "all-in byte rate")


def section_grep(data: Data) -> None:
    empty = data.empty()
    out = data.path("grep.out")
    tools = []
    if have("grep"):
        tools.append(("GNU grep", ["grep"], 128, 16))
    if have("busybox"):
        tools.append(("busybox grep", ["busybox", "grep"], 32, 8))
    for name, argv, mb_fast, mb_slow in tools:
        log(f"[grep] {name}")
        startup_row(name, "grep x </dev/null", Cmd(argv + ["x"], ok=(1,)))
        cases = [
            ("-F zzqx (no match)", ["-F", "zzqx"], (1,), mb_fast, None),
            ("-E 'fo[o0]+ba.r' (no match)", ["-E", "fo[o0]+ba.r"], (1,), mb_fast if name.startswith("GNU") else mb_slow, None),
            ("-E 'q[a-z]*zzz$' (no match, anchored)", ["-E", "q[a-z]*zzz$"], (1,), mb_slow, None),
            ("' ' (every line matches, printed to a file)", [" "], (0,), mb_slow, out),
        ]
        for label, args, ok, mb, stdout in cases:
            short, long = data.text(mb * SCALE, "short"), data.text(mb * SCALE, "long")
            line_byte_fit("grep", name, label,
                          lambda f, args=args, ok=ok, stdout=stdout: Cmd(argv + args + [f], ok=ok + (1,), stdout=stdout),
                          short, long, empty)


def section_sort(data: Data) -> None:
    empty = data.empty()
    tools = [("GNU sort", ["sort"])] if have("sort") else []
    if have("busybox"):
        tools.append(("busybox sort", ["busybox", "sort"]))
    for name, argv in tools:
        log(f"[sort] {name}")
        startup_row(name, "sort </dev/null", Cmd(argv + [empty]))
        for n in (100000, 1000000):
            n = int(n * SCALE) if SCALE < 1 else n
            f = data.sort_input(n)
            row = per_op("sort", name, f"sort {n} lines (~40 B, random words)",
                         Cmd(argv + [f]), Cmd(argv + [empty]), n, "")
            c_wall = row["wall"] / math.log2(n) * 1e3
            c_cpu = row["cpu"] / math.log2(n) * 1e3
            row["note"] = f"per n*log2(n): {c_wall:.1f} ns wall, {c_cpu:.1f} ns cpu"
            row["per_nlog2n_ns"] = [c_wall, c_cpu]


def section_find(data: Data) -> None:
    tree, entries = data.tree(int(50000 * min(SCALE, 1.0)))
    emptyd = data.empty_dir()
    out = data.path("find.out")
    tools = [("GNU find", ["find"])] if have("find") else []
    if have("busybox"):
        tools.append(("busybox find", ["busybox", "find"]))
    for name, argv in tools:
        log(f"[find] {name}")
        startup_row(name, "find emptydir", Cmd(argv + [emptyd]))
        for label, extra, stdout in (("find D (print all, to a file)", [], out),
                                     ("find D -name '*.nomatch'", ["-name", "*.nomatch"], None),
                                     ("find D -type f (print, to a file)", ["-type", "f"], out),
                                     ("find D -size +0 (needs stat)", ["-size", "+0"], None)):
            per_op("find", name, label + " per entry", Cmd(argv + [tree] + extra, stdout=stdout),
                   Cmd(argv + [emptyd] + extra, stdout=stdout), entries,
                   f"{entries} entries (100 dirs x {entries // 100 - 1} empty files)")
    # tar per entry of the same tree
    tar_out = data.path("tree.tar")
    rm = lambda: os.path.exists(tar_out) and os.unlink(tar_out)
    tars = [("GNU tar", ["tar"])] if have("tar") else []
    if have("busybox"):
        tars.append(("busybox tar", ["busybox", "tar"]))
    parent = os.path.dirname(tree)
    for name, argv in tars:
        log(f"[find] {name} per entry")
        per_op("find", name, "tar cf (50k empty files) per entry",
               Cmd(argv + ["cf", tar_out, "-C", parent, os.path.basename(tree)], pre=rm),
               Cmd(argv + ["cf", tar_out, "-C", parent, os.path.basename(emptyd)], pre=rm),
               entries, "archive written to a file on /tmp")


def section_bytes(data: Data) -> None:
    shell = "dash" if have("dash") else "sh"
    empty = data.empty()
    big = data.text(256 * SCALE)
    mid = data.text(32 * SCALE)
    small = data.text(8 * SCALE)
    zmid = data.zeros(64 * SCALE)
    small_gz = data.gz(data.text(32 * SCALE))
    zmid_gz = data.gz(zmid)
    ddir, ddir_bytes = data.data_dir(8, 16 * SCALE)
    emptyd = data.empty_dir()
    cp_dst = data.path("cp.dst")
    tar_out = data.path("data.tar")

    def rm(path):
        return lambda: os.path.exists(path) and os.unlink(path)

    suites = []
    if have("cat"):
        suites.append(("GNU", lambda t: [t]))
    if have("busybox"):
        suites.append(("busybox", lambda t: ["busybox", t]))
    for suite, bb in suites:
        log(f"[bytes] {suite}")
        # busybox head/wc work a byte at a time: smaller inputs keep the run short
        slow = suite == "busybox"
        wcfile = mid if slow else big
        j = lambda t: " ".join(bb(t))
        gzip_name = "gzip"
        tool = lambda t: f"{suite} {t}" if suite == "GNU" else f"busybox {t}"
        size = os.path.getsize
        # cat
        rate("bytes", tool("cat"), "cat file >/dev/null", Cmd(bb("cat") + [big]),
             Cmd(bb("cat") + [empty]), size(big),
             "busybox cat uses sendfile(): to /dev/null no bytes are copied" if slow else "")
        rate("bytes", tool("cat"), "cat file > file", Cmd(bb("cat") + [big], stdout=cp_dst, pre=rm(cp_dst)),
             Cmd(bb("cat") + [empty], stdout=cp_dst, pre=rm(cp_dst)), size(big), "output file on /tmp")
        rate("bytes", tool("cat"), "cat file | cat >/dev/null (pipe)",
             Cmd([shell, "-c", f"{j('cat')} {big} | {j('cat')} >/dev/null"]),
             Cmd([shell, "-c", f"{j('cat')} {empty} | {j('cat')} >/dev/null"]), size(big),
             "cpu = both cats")
        # dd
        count = int(32768 * SCALE)
        rate("bytes", tool("dd"), "dd if=/dev/zero of=/dev/null bs=64k",
             Cmd(bb("dd") + ["if=/dev/zero", "of=/dev/null", "bs=64k", f"count={count}"]),
             Cmd(bb("dd") + ["if=/dev/zero", "of=/dev/null", "bs=64k", "count=0"]), count * 65536)
        # head | wc
        n = int((32 if slow else 256) * MiB * SCALE)
        rate("bytes", tool("head"), "head -c N /dev/zero | wc -c",
             Cmd([shell, "-c", f"{j('head')} -c {n} /dev/zero | {j('wc')} -c"]),
             Cmd([shell, "-c", f"{j('head')} -c 0 /dev/zero | {j('wc')} -c"]), n, "cpu = head + wc")
        # wc
        rate("bytes", tool("wc"), "wc -c file", Cmd(bb("wc") + ["-c", wcfile]),
             Cmd(bb("wc") + ["-c", empty]), size(wcfile))
        rate("bytes", tool("wc"), "cat file | wc -c",
             Cmd([shell, "-c", f"{j('cat')} {wcfile} | {j('wc')} -c"]),
             Cmd([shell, "-c", f"{j('cat')} {empty} | {j('wc')} -c"]), size(wcfile), "cpu = cat + wc")
        rate("bytes", tool("wc"), "wc -l file", Cmd(bb("wc") + ["-l", wcfile]),
             Cmd(bb("wc") + ["-l", empty]), size(wcfile))
        rate("bytes", tool("wc"), "wc -w file", Cmd(bb("wc") + ["-w", mid]),
             Cmd(bb("wc") + ["-w", empty]), size(mid))
        # hashes
        for h in ("sha256sum", "md5sum"):
            rate("bytes", tool(h), f"{h} file", Cmd(bb(h) + [mid]), Cmd(bb(h) + [empty]), size(mid))
        # gzip
        g = bb(gzip_name)
        rate("bytes", tool("gzip"), "gzip -6 -c text >/dev/null", Cmd(g + ["-6", "-c", small]),
             Cmd(g + ["-6", "-c", empty]), size(small), "input bytes/s")
        rate("bytes", tool("gzip"), "gzip -6 -c zeros >/dev/null", Cmd(g + ["-6", "-c", zmid]),
             Cmd(g + ["-6", "-c", empty]), size(zmid), "input bytes/s")
        gun = bb("gunzip")
        egz = data.gz(empty)
        rate("bytes", tool("gunzip"), "gunzip -c text.gz >/dev/null", Cmd(gun + ["-c", small_gz]),
             Cmd(gun + ["-c", egz]), size(small_gz[:-3]), "uncompressed bytes/s")
        rate("bytes", tool("gunzip"), "gunzip -c zeros.gz >/dev/null", Cmd(gun + ["-c", zmid_gz]),
             Cmd(gun + ["-c", egz]), size(zmid), "uncompressed bytes/s")
        # tar
        parent = os.path.dirname(ddir)
        rate("bytes", tool("tar"), "tar cf out.tar dir (8 x 16 MiB text)",
             Cmd(bb("tar") + ["cf", tar_out, "-C", parent, os.path.basename(ddir)], pre=rm(tar_out)),
             Cmd(bb("tar") + ["cf", tar_out, "-C", parent, os.path.basename(emptyd)], pre=rm(tar_out)),
             ddir_bytes, "archive written to a file on /tmp")
        # cp
        rate("bytes", tool("cp"), "cp bigfile dst", Cmd(bb("cp") + [big, cp_dst], pre=rm(cp_dst)),
             Cmd(bb("cp") + [empty, cp_dst], pre=rm(cp_dst)), size(big), "dst on /tmp (same fs)")
        rm(cp_dst)()
        rm(tar_out)()
        # yes
        yes_rates(tool("yes"), bb("yes"), shell, j("yes"), j("wc"))


def yes_rates(name: str, argv: List[str], shell: str, yes_cmd: str, wc_cmd: str) -> None:
    dur = 0.3 * max(SCALE, 0.5)
    walls, cpus = [], []
    for _ in range(RUNS):
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, env=ENV)
        time.sleep(0.05)  # past start-up

        def sample():
            with open(f"/proc/{p.pid}/io") as f:
                io = dict(line.split(": ") for line in f.read().splitlines())
            with open(f"/proc/{p.pid}/stat") as f:
                st = f.read().rsplit(")", 1)[1].split()
            tick = os.sysconf("SC_CLK_TCK")
            return time.perf_counter(), int(io["wchar"]), (int(st[11]) + int(st[12])) / tick

        t0, w0, c0 = sample()
        time.sleep(dur)
        t1, w1, c1 = sample()
        p.send_signal(signal.SIGTERM)
        p.wait()
        walls.append((w1 - w0) / (t1 - t0) / MB)
        if c1 > c0:
            cpus.append((w1 - w0) / (c1 - c0) / MB)
    add_row("bytes", name, "yes >/dev/null", None, "MB/s", max(walls), max(cpus) if cpus else None,
            "bytes from /proc/PID/io wchar over a window; cpu from /proc stat ticks (coarse)")
    walls, cpus = [], []
    for _ in range(RUNS):
        w, c, out = run_once(Cmd([shell, "-c", f"timeout {dur} {yes_cmd} | {wc_cmd} -c"], capture=True))
        nbytes = int(out.split()[0])
        walls.append(nbytes / dur / MB)
        cpus.append(nbytes / c / MB)
    add_row("bytes", name, "timeout T yes | wc -c (pipe)", None, "MB/s", max(walls), max(cpus),
            "bytes counted by wc over T; cpu = yes + wc (+ start-up)")


SECTIONS = {
    "shell": section_shell,
    "awk": section_awk,
    "sed": section_sed,
    "grep": section_grep,
    "sort": section_sort,
    "find": section_find,
    "bytes": section_bytes,
}


# --------------------------------------------------------------------------
# machine description

def first_line(argv: Sequence[str]) -> Optional[str]:
    try:
        p = subprocess.run(list(argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=ENV, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in p.stdout.decode(errors="replace").splitlines():
        if line.strip():
            return line.strip()
    return None


def cpu_times() -> Dict[str, int]:
    """Aggregate /proc/stat jiffies (to report steal / busy time during the run)."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return {}
    names = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"]
    return dict(zip(names, v))


def busy_between(c0: Dict[str, int], c1: Dict[str, int]) -> Tuple[float, float]:
    """(all-CPU busy %, steal %) between two cpu_times() samples."""
    if not c0 or not c1:
        return float("nan"), float("nan")
    d = {k: c1[k] - c0[k] for k in c0}
    tot = sum(d.values()) or 1
    return (round(100 * (tot - d["idle"] - d["iowait"]) / tot, 1),
            round(100 * d.get("steal", 0) / tot, 1))


def wait_idle(max_s: float, threshold: float = 15.0) -> float:
    """Wait (up to max_s) for a 1 s window with all-CPU busy below threshold %.
    Returns the seconds waited."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < max_s:
        c0 = cpu_times()
        time.sleep(1.0)
        busy, _ = busy_between(c0, cpu_times())
        if busy < threshold:
            break
    return time.perf_counter() - t0


def loadavg() -> Optional[str]:
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return None


def machine() -> dict:
    cpu = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if ":" in line:
                    k, v = (s.strip() for s in line.split(":", 1))
                    if k in ("model name", "cpu MHz", "cache size", "flags") and k not in cpu:
                        cpu[k] = v
    except OSError:
        pass
    flags = set(cpu.pop("flags", "").split())
    os_name = None
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    os_name = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    versions = {}
    probes = {
        "bash": ["bash", "--version"],
        "busybox": ["busybox"],
        "dash": ["dpkg-query", "-W", "-f=dash ${Version}", "dash"],
        "mawk": ["mawk", "-W", "version"],
        "gawk": ["gawk", "--version"],
        "coreutils": ["cat", "--version"],
        "grep": ["grep", "--version"],
        "sed": ["sed", "--version"],
        "findutils": ["find", "--version"],
        "gzip": ["gzip", "--version"],
        "tar": ["tar", "--version"],
    }
    for name, argv in probes.items():
        if have(argv[0]) and (name != "dash" or have("dash")) and (name != "gawk" or have("gawk")):
            versions[name] = first_line(argv)
        else:
            versions[name] = None
    return dict(cpu_model=cpu.get("model name"), cpu_mhz=cpu.get("cpu MHz"),
                cache=cpu.get("cache size"), nproc=os.cpu_count(),
                cpu_flags_of_note=sorted(flags & {"avx2", "avx512f", "sha_ni", "aes", "pclmulqdq",
                                                  "bmi2", "hypervisor"}),
                kernel=platform.release(), os=os_name, python=platform.python_version(),
                versions=versions, locale="LC_ALL=C")


# --------------------------------------------------------------------------
# output

def fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        if math.isinf(v):
            return "inf"
        a = abs(v)
        if a >= 1000:
            return f"{v:,.0f}"
        if a >= 100:
            return f"{v:.0f}"
        if a >= 10:
            return f"{v:.1f}"
        if a >= 1:
            return f"{v:.2f}"
        return f"{v:.3f}"
    return str(v)


def table(info: dict, elapsed: float) -> str:
    out = ["# crsim CPU cost measurements", ""]
    out.append(f"- CPU: {info['cpu_model']} ({info['nproc']} cpus, {info['cpu_mhz']} MHz, "
               f"cache {info['cache']}, flags {' '.join(info['cpu_flags_of_note'])})")
    out.append(f"- OS: {info['os']}, kernel {info['kernel']}, Python {info['python']}, {info['locale']}")
    for k, v in info["versions"].items():
        out.append(f"- {k}: {v or 'not installed'}")
    if info.get("merged_from"):
        out.append(f"- merged from {len(info['merged_from'])} full runs of this script "
                   f"(total {elapsed:.0f} s); per row the best run (median for fitted/derived rows)")
        for m in info["merged_from"]:
            d = m.get("during_run") or {}
            out.append(f"  - {m['path']}: {m['elapsed_s']} s, all-CPU busy "
                       f"{d.get('busy_pct_all_cpus', '?')}%, steal {d.get('steal_pct', '?')}%")
    else:
        out.append(f"- runs per case: best of {RUNS} (+ up to {EXTRA_RUNS} if the 2 best differ > {TOL:.0%}); scale {SCALE}; script time {elapsed:.0f} s")
    if info.get("during_run"):
        d = info["during_run"]
        out.append(f"- during the run: load average {d['loadavg_start']} -> {d['loadavg_end']}, "
                   f"all-CPU busy {d['busy_pct_all_cpus']}%, steal {d['steal_pct']}% "
                   f"(this script keeps ~1 CPU busy; more means other load)")
    if SECTION_INFO:
        parts = [f"{k} {v['seconds']:.0f} s ({v['busy_pct']:.0f}% busy, steal {v['steal_pct']:.0f}%)"
                 for k, v in SECTION_INFO.items()]
        out.append("- per section: " + "; ".join(parts))
        out.append(f"  (on this {info['nproc']}-cpu machine the script alone is "
                   f"~{100 / (info['nproc'] or 1):.0f}% busy; anything clearly above that is "
                   "other load and inflates the numbers)")
    out.append("- wall = elapsed; cpu = user+sys of all processes of the case; "
               "per-op numbers are marginal (baseline with no work subtracted)")
    out.append("")
    order = ["startup"] + [s for s in SECTIONS]
    order += [r["section"] for r in ROWS if r["section"] not in order]
    for section in order:
        rows = [r for r in ROWS if r["section"] == section]
        if not rows:
            continue
        out += ["", f"## {section}", "", "| tool | case | N | unit | wall | cpu | note |",
                "|---|---|---:|---|---:|---:|---|"]
        for r in rows:
            out.append(row_line(r))
    return "\n".join(out) + "\n"


def row_line(r: dict) -> str:
    case = r["case"].replace("|", "\\|")
    note = (r.get("note") or "").replace("|", "\\|")
    return (f"| {r['tool']} | {case} | {fmt(r['n'])} | {r['unit']} | {fmt(r['wall'])} | "
            f"{fmt(r['cpu'])} | {note} |")


def recompute(out: dict, rs: List[dict]) -> bool:
    """Merge rows of several runs from their raw best totals (min over runs of
    the case and, separately, of its baseline), then redo the arithmetic.
    Only when every run used the same N; returns False if not possible."""
    if len({json.dumps(r.get("n")) for r in rs}) != 1:
        return False
    fitted = [r for r in rs if "fit" in r and "short_ms" in r]
    if fitted and len(fitted) < len(rs):  # older outputs lack the raw fit inputs
        rs = fitted
    mins = lambda f, i: min(r[f][i] for r in rs) / 1e3
    if all("total_ms" in r and "base_ms" in r for r in rs) and out["n"]:
        dw = mins("total_ms", 0) - mins("base_ms", 0)
        flat = out["unit"] == "MB/s" and dw < max(0.02 * mins("base_ms", 0), 0.5e-3)
        for i, f in ((0, "wall"), (1, "cpu")):
            d = mins("total_ms", i) - mins("base_ms", i)
            if flat:
                out[f] = None
            elif out["unit"] == "MB/s":
                out[f] = out["n"] / d / MB if d > 0 else None
            else:
                out[f] = d / out["n"] * 1e6
            out[f + "_runs"] = [r[f] for r in rs]
        if "per_nlog2n_ns" in out:
            lg = math.log2(out["n"])
            out["per_nlog2n_ns"] = [out["wall"] / lg * 1e3, out["cpu"] / lg * 1e3]
            out["note"] = (f"per n*log2(n): {out['per_nlog2n_ns'][0]:.1f} ns wall, "
                           f"{out['per_nlog2n_ns'][1]:.1f} ns cpu")
        out["total_ms"] = [mins("total_ms", 0) * 1e3, mins("total_ms", 1) * 1e3]
        out["base_ms"] = [mins("base_ms", 0) * 1e3, mins("base_ms", 1) * 1e3]
    elif all("fit" in r and "short_ms" in r for r in rs):
        ft = rs[0]["fit"]
        which = 0 if "all-in" in out["case"] else 1 if "per line excl" in out["case"] else 2
        for i, f in ((0, "wall"), (1, "cpu")):
            v = solve_fit(mins("short_ms", i), mins("long_ms", i), mins("base_ms", i),
                          ft["ls"], ft["bs"], ft["ll"], ft["bl"])[which]
            if which == 2:
                out[f] = 1 / v / MB if v > 0 else None
            else:
                out[f] = v * 1e6
            out[f + "_runs"] = [r[f] for r in rs]
    else:
        return False
    out["note"] = ((out.get("note") or "") + "; " if out.get("note") else "") + \
        f"min totals of {len(rs)} runs, recomputed"
    return True


def merge(paths: List[str]) -> Tuple[dict, List[dict]]:
    """Combine several --json outputs of this script.  Other load on the machine
    only ever makes a case slower, so per row the best run is kept (lowest
    us/op or ms, highest MB/s); fitted / derived rows, which can err either
    way, take the median.  Each row records its spread (worst / best) in note."""
    docs = [json.load(open(p)) for p in paths]
    info = dict(docs[0]["machine"])
    info["merged_from"] = [dict(path=p, elapsed_s=round(d.get("elapsed_s", 0)),
                                during_run=d["machine"].get("during_run"),
                                sections=d.get("sections")) for p, d in zip(paths, docs)]
    info.pop("during_run", None)
    order: List[str] = []
    by_key: Dict[str, List[dict]] = {}
    for d in docs:
        for r in d["rows"]:
            if r["key"] not in by_key:
                order.append(r["key"])
                by_key[r["key"]] = []
            by_key[r["key"]].append(r)
    rows = []
    for k in order:
        rs = by_key[k]
        out = dict(rs[0])
        derived = "(fit" in out["case"] or "derived" in out["case"]
        if recompute(out, rs):
            rows.append(out)
            continue
        # calibrated N differs between runs: use the largest group with one N
        groups: Dict[str, List[dict]] = {}
        for r in rs:
            groups.setdefault(json.dumps(r.get("n")), []).append(r)
        if len(groups) > 1:
            grp = max(groups.values(), key=len)
            trial = dict(grp[0])
            if len(grp) > 1 and recompute(trial, grp):
                trial["note"] += f" (the {len(grp)} of {len(rs)} runs with N={trial['n']})"
                rows.append(trial)
                continue
        for f in ("wall", "cpu"):
            vals = [r[f] for r in rs if isinstance(r.get(f), (int, float))]
            if not vals:
                out[f] = None
                continue
            if derived:
                out[f] = sorted(vals)[len(vals) // 2]
            elif out["unit"] == "MB/s":
                out[f] = max(vals)
            else:
                out[f] = min(vals)
            out[f + "_runs"] = vals
        cpus = [v for v in out.get("cpu_runs", []) if v and v > 0]
        spread = (max(cpus) / min(cpus)) if len(cpus) > 1 else None
        how = "median" if derived else "best"
        extra = f"{how} of {len(rs)} runs" + (f", cpu spread x{spread:.2f}" if spread else "")
        base_note = out.get("note") or ""
        out["note"] = f"{base_note}; {extra}" if base_note else extra
        rows.append(out)
    # derived shell rows: recompute from the merged parts
    for r in rows:
        if r["case"] == "bare while iteration (derived)":
            part = {p["case"].split(" (")[0].split(" [")[0]: p for p in rows
                    if p["tool"] == r["tool"] and p["section"] == "shell"}
            loop, test, arith = (part.get("counted loop iteration"), part.get("test"),
                                 part.get("arith expansion j=$((j+1))"))
            if loop and test and arith:
                r["n"] = loop["n"]
                for f in ("wall", "cpu"):
                    r[f] = loop[f] - test[f] - arith[f]
                r["note"] = r["note"].split("; median")[0] + "; from the merged parts"
    return info, rows


def main() -> int:
    global RUNS, SCALE
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    ap.add_argument("--md", metavar="PATH", help="also write the table to a file")
    ap.add_argument("--runs", type=int, default=3, help="runs per case, best kept (default 3)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply work sizes (default 1)")
    ap.add_argument("--only", help="comma-separated sections: " + ",".join(SECTIONS))
    ap.add_argument("--keep", action="store_true", help="keep the data directory")
    ap.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                    help="before each section wait up to SECONDS for the machine to be idle")
    ap.add_argument("--tmp", default="/tmp", help="where to put data files (default /tmp)")
    ap.add_argument("--merge", nargs="+", metavar="JSON",
                    help="do not measure: combine earlier --json outputs (best run per row)")
    args = ap.parse_args()
    if args.merge:
        info, rows = merge(args.merge)
        ROWS[:] = rows
        text = table(info, sum(m["elapsed_s"] for m in info["merged_from"]))
        print(text)
        if args.md:
            with open(args.md, "w") as f:
                f.write(text)
        if args.json:
            with open(args.json, "w") as f:
                json.dump(dict(machine=info, merged=True, rows=ROWS), f, indent=1)
        return 0
    RUNS, SCALE = max(1, args.runs), args.scale
    wanted = args.only.split(",") if args.only else list(SECTIONS)
    for w in wanted:
        if w not in SECTIONS:
            ap.error(f"unknown section {w}")
    root = tempfile.mkdtemp(prefix="crsim-costs-", dir=args.tmp)
    load0, ct0 = loadavg(), cpu_times()
    data = Data(root)
    start = time.perf_counter()
    try:
        for name in wanted:
            waited = wait_idle(args.wait_idle) if args.wait_idle > 0 else 0.0
            t0, c0 = time.perf_counter(), cpu_times()
            try:
                SECTIONS[name](data)
            except Exception as e:  # keep going; report the failure
                log(f"[{name}] FAILED: {e!r}")
                add_row(name, "-", f"FAILED: {e}", None, "-", None, None)
            busy, steal = busy_between(c0, cpu_times())
            SECTION_INFO[name] = dict(seconds=round(time.perf_counter() - t0, 1), busy_pct=busy,
                                      steal_pct=steal, waited_idle_s=round(waited, 1))
            log(f"[{name}] {SECTION_INFO[name]}")
    finally:
        if args.keep:
            log(f"data kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    elapsed = time.perf_counter() - start
    info = machine()
    ct1 = cpu_times()
    if ct0 and ct1:
        d = {k: ct1[k] - ct0[k] for k in ct0}
        tot = sum(d.values()) or 1
        info["during_run"] = dict(
            loadavg_start=load0, loadavg_end=loadavg(),
            busy_pct_all_cpus=round(100 * (tot - d["idle"] - d["iowait"]) / tot, 1),
            steal_pct=round(100 * d.get("steal", 0) / tot, 2))
    text = table(info, elapsed)
    print(text)
    if args.md:
        with open(args.md, "w") as f:
            f.write(text)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(machine=info, runs=RUNS, scale=SCALE, elapsed_s=elapsed,
                           sections=SECTION_INFO, rows=ROWS),
                      f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
