"""Pictures of what the kernel and the runtime hide, built from the engine's own state."""
