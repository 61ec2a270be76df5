"""`demo` works from an installed copy (a wheel), not only from a checkout."""

import glob
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_installed_package_carries_the_lessons(tmp_path):
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                            str(wheels), str(ROOT)], capture_output=True, text=True)
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip()[-200:]}")
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), glob.glob(str(wheels / "*.whl"))[0]], check=True)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import shell.main as m; "
            "assert 'scripts' not in m.__file__; sys.exit(m.main(['-c', 'demo']))")
    done = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("# Lesson 1: your first container\n")
    listed = subprocess.run([sys.executable, "-c", code.replace("'demo'", "'exercise'"),
                             str(target)], capture_output=True, text=True, cwd=tmp_path,
                            timeout=120)
    assert "\n01-first-container " in listed.stdout  # the exercises are installed too
    data = ("import sys; sys.path.insert(0, sys.argv[1]); "
            "from shell.render.inspect_types import _types; "
            "from engine.image.registry.builders.busybox_build import USAGES; "
            "assert _types() and USAGES")
    assert subprocess.run([sys.executable, "-c", data, str(target)], cwd=tmp_path,
                          timeout=60).returncode == 0  # the generated data is installed too
