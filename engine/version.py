"""crsim's version: what `version` prints and what a state file records (engine/world.py)."""

VERSION = "0.1.0"
