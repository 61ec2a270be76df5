# Metadata lives in setup.cfg. This file maps the lessons in scripts/lessons and the
# exercises in scripts/exercises into the installed packages ``crsim_lessons`` and
# ``crsim_exercises``, so `demo`, `lesson` and `exercise` work after `pip install .`,
# and chooses crsim-shell's launcher for the system it installs on.
import os

from setuptools import find_packages, setup

# crsim-shell: a plain script on POSIX (shell/crsim-shell says why), pip's wrapper on Windows
LAUNCHER = ({"entry_points": {"console_scripts": ["crsim-shell = shell.main:main"]}} if os.name == "nt"
            else {"scripts": ["shell/crsim-shell"]})

setup(
    packages=find_packages(include=["engine", "engine.*", "shell", "shell.*"]) + ["crsim_lessons", "crsim_exercises"],
    package_dir={"crsim_lessons": "scripts/lessons", "crsim_exercises": "scripts/exercises"},
    package_data={"crsim_lessons": ["*.crs"], "crsim_exercises": ["*.crs"], "engine.image.registry": ["hub/*.json.gz", "hub/*/*.json.gz", "hub/*/*/*.json.gz"],
                  "engine.userland.pkg.catalogue": ["data/*.tsv.xz", "pypi_index.tsv.gz", "npm_index.tsv.gz"],
                  "engine.userland.system": ["hello_message.txt"],
                  "shell.render": ["inspect_types.json"], "shell.compose": ["compose_spec.json"]},
    **LAUNCHER,
)
