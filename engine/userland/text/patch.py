"""patch: apply a unified diff, as GNU patch (Debian) and BusyBox's applet (Alpine) do.

Both read the diff from standard input or -i FILE, strip -p N leading path parts,
and apply each hunk where its old lines are found, nearest the line it names
(an offset is reported by GNU patch, which then also keeps FILE.orig). What is
simulated is exact matching (no fuzz). A hunk that cannot be applied fails: GNU
writes it to FILE.rej and says so; BusyBox prints it. A patch that applies only
backwards is "Reversed (or previously applied)": GNU skips it (its questions get
their default answers, there being no terminal to ask), -R applies it backwards.
Files added (--- /dev/null) are created and files emptied by +++ /dev/null removed.
"""

from __future__ import annotations

import re
from typing import List, NamedTuple, Optional, Tuple

from ...proc.api import Context, decode, encode, program
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, parse
from ..coreutils.common import new_file

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
LONG = {"strip=": "p", "input=": "i", "reverse": "R", "forward": "N", "dry-run": "dry", "directory=": "d",
        "quiet": "s", "silent": "s", "batch": "t", "force": "f", "no-backup-if-mismatch": "nobackup",
        "backup": "b", "unified": "u"}
NULL = "/dev/null"


class Hunk(NamedTuple):
    old_start: int
    new_start: int
    lines: List[str]  # " x", "-x", "+x" (without newlines)
    header: str

    def side(self, new: bool) -> List[str]:
        keep = "+" if new else "-"
        return [line[1:] for line in self.lines if line[:1] in (" ", keep)]


class FilePatch(NamedTuple):
    old: str
    new: str
    old_header: str
    new_header: str
    hunks: List[Hunk]
    line: int  # where its first hunk starts (GNU names it when it can't find the file)


def read_patch(text: str) -> List[FilePatch]:
    lines = text.split("\n")
    patches: List[FilePatch] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("--- ") and i + 1 < len(lines) and lines[i + 1].startswith("+++ "):
            old_header, new_header = lines[i], lines[i + 1]
            i += 2
            hunks: List[Hunk] = []
            first = i + 1
            while i < len(lines):
                m = HUNK.match(lines[i])
                if not m:
                    break
                old_len = int(m.group(2)) if m.group(2) is not None else 1
                new_len = int(m.group(4)) if m.group(4) is not None else 1
                header, body = lines[i], []
                i += 1
                olds = news = 0
                while i < len(lines) and (olds < old_len or news < new_len):
                    line = lines[i] if lines[i] else " "
                    if line.startswith("\\"):
                        i += 1
                        continue
                    body.append(line)
                    olds += line[0] in " -"
                    news += line[0] in " +"
                    i += 1
                hunks.append(Hunk(int(m.group(1)), int(m.group(3)), body, header))
            patches.append(FilePatch(_name(old_header), _name(new_header), old_header, new_header, hunks, first))
        else:
            i += 1
    return patches


def _name(header: str) -> str:
    return header[4:].split("\t")[0].strip()


def _strip(name: str, count: Optional[int]) -> str:
    if count is None:
        return name.rsplit("/", 1)[-1]
    parts = name.split("/")
    return "/".join(parts[count:]) if count < len(parts) else parts[-1]


def _find(content: List[str], wanted: List[str], near: int) -> Optional[int]:
    """Where ``wanted`` occurs in ``content``, the nearest to ``near`` (0-based)."""
    limit = len(content) - len(wanted)
    for distance in range(0, max(limit, 0) + len(content) + 1):
        for at in (near - distance, near + distance) if distance else (near,):
            if 0 <= at <= limit and content[at:at + len(wanted)] == wanted:
                return at
    return None


class Result(NamedTuple):
    content: List[str]
    failed: List[int]
    offsets: List[Tuple[int, int, int]]  # (hunk number, line applied at, offset)


def apply(content: List[str], hunks: List[Hunk], reverse: bool) -> Result:
    failed, offsets = [], []
    delta = 0
    for number, hunk in enumerate(hunks, 1):
        old, new = hunk.side(reverse), hunk.side(not reverse)
        expected = (hunk.new_start if reverse else hunk.old_start) - 1 + delta
        if not old:
            expected += 1  # an insertion at 0 means "after line 0"
        at = _find(content, old, max(expected, 0))
        if at is None:
            failed.append(number)
            continue
        if at != max(expected, 0):
            offsets.append((number, at + 1, at - expected))
        content = content[:at] + new + content[at + len(old):]
        delta += len(new) - len(old)
    return Result(content, failed, offsets)


@program("patch")
def patch(ctx: Context):
    gnu = ctx.flavour == "gnu"
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "p:i:RNd:stfbuE", LONG)
    except OptionError as err:
        return bad_option(ctx, err)
    flags = dict(opts)
    strip = int(flags["p"]) if "p" in flags and flags["p"].isdigit() else None
    cwd = ctx.cwd if "d" not in flags else flags["d"]
    if "i" in flags or len(operands) > 1:
        source = flags.get("i") or operands[1]
        try:
            text = decode(ctx.fs.read(source, ctx.cwd))
        except FSError as err:
            ctx.stderr.write(f"{ctx.name}: can't open patch file {source}: {err.strerror(ctx.libc)}\n" if gnu
                             else f"patch: can't open '{source}': {err.strerror(ctx.libc)}\n")
            return 2
    else:
        text = yield from ctx.read_all()
    ctx.charge(len(text) * 20e-9)
    dry = "dry" in flags
    status = 0
    for file_patch in read_patch(text):
        status = max(status, _one(ctx, file_patch, strip, cwd, flags, gnu, dry, operands))
    return status


def _one(ctx: Context, fp: FilePatch, strip: Optional[int], cwd: str, flags, gnu: bool, dry: bool,
         operands: List[str]) -> int:
    reverse = "R" in flags
    creating = fp.old == NULL
    name = operands[0] if operands else _strip(fp.new if creating or fp.new != NULL else fp.old, strip)
    if not creating and fp.new != NULL and not ctx.fs.exists(name, cwd):
        other = _strip(fp.old, strip)
        name = other if ctx.fs.exists(other, cwd) else name
    count = len(fp.hunks)
    plural = "hunk" if count == 1 else "hunks"
    say = (lambda text: None) if "s" in flags else ctx.out
    try:
        original = decode(ctx.fs.read(name, cwd)) if not (creating and not reverse) else ""
    except FSError as err:
        if not gnu:
            ctx.out(f"patching file {name}\n")
            ctx.stderr.write(f"patch: can't open '{name}': {err.strerror(ctx.libc)}\n")
            return 1
        ctx.out(f"can't find file to patch at input line {fp.line}\nPerhaps you used the wrong -p or --strip "
                f"option?\nThe text leading up to this was:\n--------------------------\n|{fp.old_header}\n"
                f"|{fp.new_header}\n--------------------------\nFile to patch: \nSkip this patch? [y] \n"
                f"Skipping patch.\n{count} out of {count} {plural} ignored\n")
        return 1
    lines = original.split("\n")
    trailing = lines[-1] == ""
    if trailing:
        lines = lines[:-1]
    if not gnu and creating:
        say(f"creating {name}\n")
    else:
        say(f"{'checking' if dry else 'patching'} file {name}\n")
    result = apply(lines, fp.hunks, reverse)
    if result.failed and len(result.failed) == count and not apply(lines, fp.hunks, not reverse).failed:
        if not gnu:
            for number in result.failed:
                _busybox_failed(ctx, fp.hunks[number - 1], number)
            return 1
        say("Reversed (or previously applied) patch detected!  " +
            ("Skipping patch.\n" if "N" in flags else "Assume -R? [n] \nApply anyway? [n] \nSkipping patch.\n"))
        if not dry:
            _rejects(ctx, fp, name, cwd, range(1, count + 1))
        say(f"{count} out of {count} {plural} ignored" + ("" if dry else f" -- saving rejects to file {name}.rej")
            + "\n")
        return 1
    if gnu:
        for number, at, offset in result.offsets:
            unit = "line" if abs(offset) == 1 else "lines"
            say(f"Hunk #{number} succeeded at {at} (offset {offset} {unit}).\n")
        for number in result.failed:
            start = fp.hunks[number - 1].old_start
            say(f"Hunk #{number} FAILED at {start}.\n")
    else:
        for number in result.failed:
            _busybox_failed(ctx, fp.hunks[number - 1], number)
        if result.failed:
            return 1  # BusyBox leaves the file as it was
    if dry:
        return 1 if result.failed else 0
    content = "\n".join(result.content) + ("\n" if result.content and (trailing or creating) else "")
    if gnu and (result.offsets or result.failed) and "nobackup" not in flags:
        ctx.fs.write(f"{name}.orig", encode(original), cwd, **new_file(ctx))
    if fp.new == NULL and not reverse and not content:
        ctx.fs.unlink(name, cwd)
    else:
        ctx.fs.write(name, encode(content), cwd, **new_file(ctx))
    if result.failed:
        if gnu:
            _rejects(ctx, fp, name, cwd, result.failed)
            failed = len(result.failed)
            say(f"{failed} out of {count} {plural} FAILED -- saving rejects to file {name}.rej\n")
        return 1
    return 0


def _busybox_failed(ctx: Context, hunk: Hunk, number: int) -> None:
    ctx.stderr.write(f"Hunk {number} FAILED {hunk.old_start}/{hunk.new_start}.\n" +
                     "".join(line + "\n" for line in hunk.lines))


def _rejects(ctx: Context, fp: FilePatch, name: str, cwd: str, numbers) -> None:
    stamp_old = fp.old_header[4:][len(fp.old):]
    stamp_new = fp.new_header[4:][len(fp.new):]
    text = f"--- {name}{stamp_old}\n+++ {name}{stamp_new}\n"
    for number in numbers:
        hunk = fp.hunks[number - 1]
        text += hunk.header + "\n" + "".join(line + "\n" for line in hunk.lines)
    ctx.fs.write(f"{name}.rej", encode(text), cwd, **new_file(ctx))
