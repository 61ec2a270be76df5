"""Containers: configuration, state machine, registry, lifecycle and file transfer."""
