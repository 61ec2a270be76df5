"""Programs that reshape lines: tac (last line first), rev (each line backwards),
nl (numbered lines), fold (lines cut to a width) and base64 - GNU's and BusyBox's.

They read their files, or standard input for none or "-", whole, and charge per
byte like cat. A file that cannot be read is reported and the rest go on (status 1).
"""

from __future__ import annotations

import base64 as _base64
import binascii
from typing import Iterator, List, Optional, Tuple

from ...proc.api import Context, decode, encode, program
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, error, parse, quote, busybox_usage
from .io import read_bytes

CPU_PER_BYTE = 2e-9  # like cat: these programs only move bytes


def _inputs(ctx: Context, operands: List[str],
            gnu_open: bool = False) -> Iterator[Tuple[str, Optional[bytes]]]:
    """(name, bytes) for each input; bytes is None after its error was reported
    (GNU tac says it failed to open the file for reading)."""
    for name in operands or ["-"]:
        try:
            data = encode(ctx.stdin.read()) if name == "-" else read_bytes(ctx, name)
        except FSError as err:
            if gnu_open and ctx.flavour == "gnu":
                error(ctx, f"failed to open {quote(name)} for reading: {ctx.strerror(err)}")
            else:
                error(ctx, f"{name}: {ctx.strerror(err)}")
            yield name, None
            continue
        ctx.charge(CPU_PER_BYTE * len(data))
        yield name, data


def _lines(data: bytes) -> List[bytes]:
    """Lines with their newlines; the last may lack one."""
    parts = data.split(b"\n")
    lines = [part + b"\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _write(ctx: Context, data: bytes) -> None:
    ctx.out(decode(data))


@program("tac")
def tac(ctx: Context) -> int:
    try:
        _, operands = parse(ctx, ctx.argv[1:], "")
    except OptionError as err:
        return bad_option(ctx, err)
    status = 0
    for _, data in _inputs(ctx, operands, gnu_open=True):
        if data is None:
            status = 1
            continue
        # GNU and BusyBox both put a last line without a newline first, glued to the next.
        _write(ctx, b"".join(reversed(_lines(data))))
    return status


@program("rev")
def rev(ctx: Context) -> int:
    try:
        _, operands = parse(ctx, ctx.argv[1:], "")
    except OptionError as err:
        return bad_option(ctx, err)
    status = 0
    for _, data in _inputs(ctx, operands):
        if data is None:
            status = 1
            continue
        out = []
        for line in _lines(data):
            body, newline = (line[:-1], b"\n") if line.endswith(b"\n") else (line, b"")
            out.append(encode(decode(body)[::-1]) + newline)
        _write(ctx, b"".join(out))
    return status


@program("nl")
def nl(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    long = {"body-numbering=": "b", "line-increment=": "i", "number-separator=": "s",
            "starting-line-number=": "v", "number-width=": "w", "number-format=": "n"} \
        if gnu else None
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "b:i:s:v:w:n:" if gnu else "b:i:s:v:w:", long)
    except OptionError as err:
        return bad_option(ctx, err)
    style, step, separator, number, width, layout = "t", 1, "\t", 1, 6, "rn"
    for key, value in opts:
        if key == "b":
            if value not in ("a", "t", "n") and gnu:
                error(ctx, f"invalid body numbering style: {quote(value)}")
                ctx.stderr.write("Try 'nl --help' for more information.\n")
                return 1
            style = value if value in ("a", "t") else "n"  # BusyBox: anything else is none
        elif key == "s":
            separator = value
        elif key == "n":
            layout = value
        elif key in "iwv":
            try:
                amount = int(value)
            except ValueError:
                what = {"i": "line number increment", "w": "line number field width",
                        "v": "starting line number"}[key]
                error(ctx, f"invalid {what}: {quote(value)}" if gnu else
                      f"invalid number {quote(value)}")
                return 1
            if key == "i":
                step = amount
            elif key == "w":
                width = amount
            else:
                number = amount
    status = 0
    out = []
    for _, data in _inputs(ctx, operands):
        if data is None:
            status = 1
            continue
        for line in _lines(data):
            text = decode(line)
            if not text.endswith("\n"):
                text += "\n"  # both end the last line
            empty = text == "\n"
            if style == "n" or (style == "t" and empty):
                # GNU pads unnumbered lines to the number's width; BusyBox too
                out.append(" " * (width + len(separator)) + text)
                continue
            digits = {"ln": f"{number:<{width}}", "rz": f"{number:0{width}}"}.get(
                layout, f"{number:>{width}}")
            out.append(f"{digits}{separator}{text}")
            number += step
    ctx.out("".join(out))
    return status


@program("fold")
def fold(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    long = {"bytes": "b", "spaces": "s", "width=": "w"} if gnu else None
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "bsw:", long)
    except OptionError as err:
        return bad_option(ctx, err)
    width, at_spaces = 80, False
    for key, value in opts:
        if key == "w":
            if not value.isdigit():
                error(ctx, f"invalid number of columns: {quote(value)}" if gnu else
                      f"invalid number {quote(value)}")
                return 1
            width = int(value)
            if not 1 <= width <= 10000 and not (gnu and width):
                error(ctx, f"invalid number of columns: {quote(value)}: Numerical result out of "
                           f"range" if gnu else f"number {value} is not in 1..10000 range")
                return 1
        elif key == "s":
            at_spaces = True
    status = 0
    out = []
    for _, data in _inputs(ctx, operands):
        if data is None:
            status = 1
            continue
        for line in _lines(data):
            text = decode(line)
            newline = text.endswith("\n")
            body = text[:-1] if newline else text
            while len(body) > width:
                cut = width
                if at_spaces:
                    space = body.rfind(" ", 0, width)
                    if space >= 0:
                        cut = space + 1
                out.append(body[:cut] + "\n")
                body = body[cut:]
            out.append(body + ("\n" if newline else ""))
    ctx.out("".join(out))
    return status


@program("base64")
def base64(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    long = {"decode": "d", "ignore-garbage": "i", "wrap=": "w"} if gnu else None
    try:
        opts, operands = parse(ctx, args, "diw:" if gnu else "dw:", long)
    except OptionError as err:
        return bad_option(ctx, err)
    decode_it, wrap = False, 76
    for key, value in opts:
        if key == "d":
            decode_it = True
        elif key == "w":
            if not value.isdigit():
                error(ctx, f"invalid wrap size: {quote(value)}" if gnu else
                      f"invalid number {quote(value)}")
                return 1
            wrap = int(value)
    if len(operands) > 1:
        if gnu:
            error(ctx, f"extra operand {quote(operands[1])}")
            ctx.stderr.write("Try 'base64 --help' for more information.\n")
            return 1
        return busybox_usage(ctx)
    for _, data in _inputs(ctx, operands):
        if data is None:
            return 1
        if decode_it:
            return _base64_decode(ctx, data, gnu)
        text = _base64.b64encode(data).decode()
        if wrap:
            text = "\n".join(text[i:i + wrap] for i in range(0, len(text), wrap))
        ctx.out(text + "\n" if text and wrap else text)
    return 0


def _base64_decode(ctx: Context, data: bytes, gnu: bool) -> int:
    alphabet = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
    if not gnu:  # BusyBox skips what is not in the alphabet
        cleaned = bytes(c for c in data if c in alphabet)
        usable = len(cleaned) - len(cleaned) % 4
        _write(ctx, _base64.b64decode(cleaned[:usable]) if usable else b"")
        if len(cleaned) % 4:  # an incomplete last group is dropped
            error(ctx, "truncated input")
            return 1
        return 0
    cleaned = bytes(c for c in data if c not in b"\n")
    good = 0
    while good < len(cleaned) and cleaned[good] in alphabet:
        good += 1
    usable = good - good % 4
    try:
        _write(ctx, _base64.b64decode(cleaned[:usable]) if usable else b"")
    except binascii.Error:
        pass
    if good != len(cleaned) or good % 4:
        if good % 4 and good == len(cleaned):  # a short last group: decode what it holds
            try:
                _write(ctx, _base64.b64decode(cleaned[usable:] + b"=" * (-good % 4)))
            except binascii.Error:
                pass
        error(ctx, "invalid input")
        return 1
    return 0


__all__ = ["tac", "rev", "nl", "fold", "base64"]
