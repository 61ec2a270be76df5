"""The engine's error family.

Every failure the engine reports is one of these. The message is the text the
Docker daemon sends (the CLI adds "Error response from daemon: " in front), and
``exit_code`` is the status the docker CLI would end with.
"""


class EngineError(Exception):
    """Base class: ``str(err)`` is Docker's message for the failure."""

    exit_code = 1
    from_client = False  # found by the docker client itself: no "Error response from daemon"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(EngineError):
    """An object the request names does not exist (HTTP 404 in Docker)."""


class NoSuchContainer(NotFound):
    def __init__(self, ref: str):
        super().__init__(f"No such container: {ref}")
        self.ref = ref


class NoSuchImage(NotFound):
    def __init__(self, ref: str):
        super().__init__(f"No such image: {ref}")
        self.ref = ref


class Conflict(EngineError):
    """The request clashes with the current state (HTTP 409 in Docker)."""


class InvalidParameter(EngineError):
    """The request itself is malformed (HTTP 400 in Docker)."""


class EmptyName(InvalidParameter):
    """An empty container name or ID: the docker client's API library refuses it."""

    from_client = True

    def __init__(self):
        super().__init__("invalid container name or ID: value is empty")


class ExecError(EngineError):
    """The container's process could not be started (``docker run`` exits 125-127).

    ``exit_code`` follows Docker: 127 when the program is not found, 126 when it
    cannot be executed, 125 for any other failure of the runtime.
    """

    def __init__(self, message: str, exit_code: int = 125):
        super().__init__(message)
        self.exit_code = exit_code
