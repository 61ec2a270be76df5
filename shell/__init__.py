"""crsim-shell: the front end (REPL, scripts, commands, rendering)."""
