"""true, false, sleep and the file programs, as GNU coreutils (debian, ubuntu) and
BusyBox (alpine, busybox) run them.

Modules: ``basics`` (true, false, sleep, nginx in the foreground), ``files`` (cat,
mkdir, rmdir, rm, touch, cp, mv, ln, pwd, readlink, realpath, basename, dirname,
chmod, chown, tee), ``checksums`` (md5sum, sha1sum, sha256sum, sha512sum), ``find``, ``ls``, ``resize`` (truncate,
fallocate), ``stat`` (stat, du, df, mount) and ``common``
(what they share: usage texts, quoting, accounts, modes, sizes, times).
"""
