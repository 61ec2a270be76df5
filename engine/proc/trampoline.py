"""Calls between generators without Python's stack: the interpreters' recursion.

A program written as generators calls another with ``yield from``, which nests
Python frames: an interpreter that recurses once per call of *its* language (a
shell function calling itself) would need Python's stack as deep as the user's
program, and every resume walks the whole chain. Instead, a recursive call
point yields the generator it wants run::

    status = yield self.run(function_body)      # not: yield from ...

and ``trampoline`` (wrapped around the program's main generator) keeps those
generators on a list of its own: it runs the newest, sends its result (or throws
its exception) into the one that asked, and passes every other value - the
scheduler's requests - up and the answers back down. Python's stack stays as
deep as one level of the interpreted program, whatever its recursion depth.
"""

from __future__ import annotations

from types import GeneratorType

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Any, Generator, List


def trampoline(root: Generator) -> Generator[Any, Any, Any]:
    """Run ``root`` and every generator it (or they) yield, as calls; its result."""
    stack: List[Generator] = [root]
    value: Any = None
    error: BaseException = None
    while True:
        top = stack[-1]
        try:
            if error is not None:
                thrown, error = error, None
                item = top.throw(thrown)
            else:
                item = top.send(value)
        except StopIteration as done:
            stack.pop()
            if not stack:
                return done.value
            value = done.value
            continue
        except BaseException as exc:  # the call failed: its caller gets the exception
            stack.pop()
            if not stack:
                raise
            error = exc
            continue
        if type(item) is GeneratorType:
            stack.append(item)
            value = None
            continue
        try:
            value = yield item
        except GeneratorExit:
            for generator in reversed(stack):
                generator.close()
            raise
        except BaseException as exc:  # thrown in by the scheduler: into the running call
            error = exc


def run_now(gen: Generator) -> Any:
    """Run ``gen`` (and its calls) to its end at once, answering every request with
    None: work that takes no time, such as a shell's trap handler."""
    runner = trampoline(gen)
    try:
        next(runner)
        while True:
            runner.send(None)
    except StopIteration as done:
        return done.value


__all__ = ["trampoline", "run_now"]
