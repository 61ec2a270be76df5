"""errno values and the texts the C libraries print for them.

The simulated programs print ``strerror(errno)``, and the text depends on the
image's C library: glibc (debian, ubuntu, python, node, nginx) and musl
(alpine, busybox's musl build) word several of them differently. The texts
are kept here rather than taken from the host's ``os.strerror`` so that the
simulation prints the same thing on Linux, macOS and Windows.
"""

from ..errors import EngineError

EPERM = 1
ENOENT = 2
ESRCH = 3
EIO = 5
EBADF = 9
EAGAIN = 11
ENOMEM = 12
EACCES = 13
EBUSY = 16
EEXIST = 17
EXDEV = 18
ENOTDIR = 20
EISDIR = 21
EINVAL = 22
ENOSPC = 28
EROFS = 30
ENAMETOOLONG = 36
ENOTEMPTY = 39
ELOOP = 40

NAMES = {
    EPERM: "EPERM", ENOENT: "ENOENT", ESRCH: "ESRCH", EIO: "EIO", EBADF: "EBADF", EAGAIN: "EAGAIN",
    ENOMEM: "ENOMEM", EACCES: "EACCES", EBUSY: "EBUSY", EEXIST: "EEXIST",
    EXDEV: "EXDEV", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR", EINVAL: "EINVAL",
    ENOSPC: "ENOSPC", EROFS: "EROFS", ENAMETOOLONG: "ENAMETOOLONG",
    ENOTEMPTY: "ENOTEMPTY", ELOOP: "ELOOP",
}

GLIBC = {
    EPERM: "Operation not permitted",
    ENOENT: "No such file or directory",
    ESRCH: "No such process",
    EIO: "Input/output error",
    EBADF: "Bad file descriptor",
    EAGAIN: "Resource temporarily unavailable",
    ENOMEM: "Cannot allocate memory",
    EACCES: "Permission denied",
    EBUSY: "Device or resource busy",
    EEXIST: "File exists",
    EXDEV: "Invalid cross-device link",
    ENOTDIR: "Not a directory",
    EISDIR: "Is a directory",
    EINVAL: "Invalid argument",
    ENOSPC: "No space left on device",
    EROFS: "Read-only file system",
    ENAMETOOLONG: "File name too long",
    ENOTEMPTY: "Directory not empty",
    ELOOP: "Too many levels of symbolic links",
}

# musl 1.2's src/errno/__strerror.h (alpine) words these differently from glibc.
MUSL = dict(GLIBC)
MUSL.update({
    EIO: "I/O error",
    EAGAIN: "Resource temporarily unavailable",
    ENOMEM: "Out of memory",
    EBUSY: "Resource busy",
    EXDEV: "Cross-device link",
    ENAMETOOLONG: "Filename too long",
    ELOOP: "Symbolic link loop",
})

LIBCS = {"glibc": GLIBC, "musl": MUSL}


def strerror(code: int, libc: str = "glibc") -> str:
    return LIBCS[libc].get(code, f"Unknown error {code}")


class FSError(EngineError):
    """A failed file-system call: ``errno`` and the path it was about."""

    def __init__(self, code: int, path: str):
        self.errno = code
        self.path = path
        super().__init__(f"{path}: {strerror(code)}")

    @property
    def name(self) -> str:
        return NAMES.get(self.errno, str(self.errno))

    def strerror(self, libc: str = "glibc") -> str:
        return strerror(self.errno, libc)
