"""How long `record stop` takes: every lesson's commands are recorded in a session (seed 1,
so the live ids differ from the replay's), then `record stop` replays them as --check will
and writes the lesson; the lesson written is then checked. Prints one line per lesson:
commands, seconds for record stop, and whether the lesson checks."""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import Engine  # noqa: E402
from engine.clock import VirtualClock  # noqa: E402
from shell import script  # noqa: E402
from shell.lessons import CHECKOUT_DIR  # noqa: E402
from shell.session import Session  # noqa: E402


def main() -> int:
    failures = 0
    with tempfile.TemporaryDirectory() as directory:
        for path in sorted(CHECKOUT_DIR.glob("*.crs")):
            parsed = script.parse(path.read_text(encoding="utf-8"), path.name)
            session = Session(Engine(VirtualClock(), seed=1))
            target = Path(directory) / path.name
            session.execute(f"record {target}")
            for item in parsed.items:
                if isinstance(item, script.Narration):
                    session.execute(f"#: {item.text}")
                else:
                    session.execute(item.command)
            started = time.perf_counter()
            out, status = session.execute("record stop")
            seconds = time.perf_counter() - started
            printed = []
            checked = script.replay(script.parse(target.read_text(), target.name),
                                    Session(Engine.deterministic()).execute, printed.append, check=True)
            warnings = [line for line in out.splitlines() if not line.startswith("record: wrote")]
            failures += bool(checked)
            print(f"{path.name:32} {len(parsed.steps):3} commands  record stop {seconds:5.2f} s  "
                  f"{'checks' if checked == 0 else 'FAILS'}  {len(warnings)} warnings")
            for line in warnings:
                print("    " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
