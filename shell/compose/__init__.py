"""Docker Compose v2 for crsim: the compose file model (files, project name, .env,
interpolation, merging, normalisation) and its YAML output. The engine knows nothing
of Compose: `compose up` drives the engine's ordinary container/network/volume calls.

PyYAML is imported only here (and only when a compose command runs)."""
