"""GnuPG as official images' Dockerfiles call it: gpg (2.2), gpg1 (1.4) and gpgconf.

What is simulated: the home directory and its keyring files as gpg creates them, and
what gpg says when it cannot reach a keyserver. The simulated world has no network to
keyservers, so `--recv-keys` fails as real gpg fails without DNS (exit 2), and with no
key fetched `--verify` cannot succeed either: gpg's own messages for a missing file or
data that is not OpenPGP. Real signature checking (parsing keys and signatures) is not
simulated; any other operation says so (exit 2).
"""

from __future__ import annotations

from typing import Dict, List, Tuple

from ...proc.api import Context, program
from ...vfs.errno import FSError

VERSION_2 = ("gpg (GnuPG) 2.2.40\nlibgcrypt 1.10.1\nCopyright (C) 2022 g10 Code GmbH\n"
             "License GNU GPL-3.0-or-later <https://gnu.org/licenses/gpl.html>\n"
             "This is free software: you are free to change and redistribute it.\n"
             "There is NO WARRANTY, to the extent permitted by law.\n\n"
             "Home: {home}\nSupported algorithms:\nPubkey: RSA, ELG, DSA, ECDH, ECDSA, EDDSA\n"
             "Cipher: IDEA, 3DES, CAST5, BLOWFISH, AES, AES192, AES256, TWOFISH,\n"
             "        CAMELLIA128, CAMELLIA192, CAMELLIA256\n"
             "Hash: SHA1, RIPEMD160, SHA256, SHA384, SHA512, SHA224\n"
             "Compression: Uncompressed, ZIP, ZLIB, BZIP2\n")
VERSION_1 = ("gpg (GnuPG) 1.4.23\nCopyright (C) 2015 Free Software Foundation, Inc.\n"
             "License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n"
             "This is free software: you are free to change and redistribute it.\n"
             "There is NO WARRANTY, to the extent permitted by law.\n\n"
             "Home: ~/.gnupg\nSupported algorithms:\nPubkey: RSA, RSA-E, RSA-S, ELG-E, DSA\n"
             "Cipher: IDEA, 3DES, CAST5, BLOWFISH, AES, AES192, AES256, TWOFISH,\n"
             "        CAMELLIA128, CAMELLIA192, CAMELLIA256\n"
             "Hash: MD5, SHA1, RIPEMD160, SHA256, SHA384, SHA512, SHA224\n"
             "Compression: Uncompressed, ZIP, ZLIB, BZIP2\n")
# options that take a value (the rest are flags or commands)
VALUED = {"--keyserver", "--keyserver-options", "--homedir", "--output", "-o", "--recipient", "-r",
          "--local-user", "-u", "--default-key", "--trust-model", "--status-fd", "--logger-fd",
          "--passphrase", "--passphrase-fd", "--pinentry-mode", "--keyring", "--primary-keyring",
          "--no-default-keyring-file", "--digest-algo", "--cipher-algo"}
COMMANDS = {"--recv-keys", "--receive-keys", "--recv-key", "--verify", "--version", "--import", "--export",
            "--list-keys", "-k", "--list-public-keys", "--dearmor", "--enarmor", "--fingerprint",
            "--fetch-keys", "--search-keys", "--refresh-keys", "--sign", "-s", "--encrypt", "-e",
            "--decrypt", "-d", "--gen-key", "--full-generate-key", "--quick-generate-key", "--list-secret-keys",
            "-K", "--delete-keys", "--armor-only", "--detach-sign", "-b", "--clearsign", "--symmetric", "-c"}


def _parse(args: List[str]) -> Tuple[Dict[str, str], List[str], List[str]]:
    options, commands, operands = {}, [], []
    i = 0
    while i < len(args):
        word = args[i]
        name, eq, value = word.partition("=")
        if word == "--":
            operands.extend(args[i + 1:])
            break
        if name in VALUED:
            if not eq:
                i += 1
                value = args[i] if i < len(args) else ""
            options[name] = value
        elif word in COMMANDS:
            commands.append(word)
        elif word.startswith("-"):
            options[word] = ""
        else:
            operands.append(word)
        i += 1
    return options, commands, operands


def _home(ctx: Context, options: Dict[str, str]) -> Tuple[str, bool]:
    """The home directory and whether it is the default ~/.gnupg (created when missing)."""
    if "--homedir" in options:
        return options["--homedir"], False
    if ctx.env.get("GNUPGHOME"):
        return ctx.env["GNUPGHOME"], False
    return ctx.env.get("HOME", "/root").rstrip("/") + "/.gnupg", True


def _open_home(ctx: Context, home: str, default: bool, legacy: bool) -> bool:
    """Create the home (when default) and the keyring files gpg creates on first use;
    False when the home is missing (gpg goes on without a keyring)."""
    if not ctx.fs.exists(home, ctx.cwd):
        if not default:
            for name in (("secring.gpg", "pubring.gpg") if legacy else ("pubring.kbx",)):
                what = "keyblock resource `%s': file open error" if legacy else \
                    "keyblock resource '%s': No such file or directory"
                ctx.stderr.write(f"gpg: {what % (home + '/' + name)}\n")
            return False
        try:
            ctx.fs.mkdir(home, ctx.cwd, mode=0o700, uid=ctx.uid, gid=ctx.gid)
        except FSError as e:
            ctx.stderr.write(f"gpg: Fatal: can't create directory '{home}': {ctx.strerror(e)}\n")
            return False
        ctx.stderr.write(f"gpg: directory '{home}' created\n" if not legacy
                         else f"gpg: directory `{home}' created\n")
    names = ("secring.gpg", "pubring.gpg") if legacy else ("pubring.kbx",)
    for name in names:
        path = f"{home}/{name}"
        if not ctx.fs.exists(path, ctx.cwd):
            ctx.fs.write(path, b"" if legacy else b"\x00\x00\x00\x20\x01\x01\x00\x00KBXf" + bytes(20), ctx.cwd)
            ctx.stderr.write(f"gpg: keyring `{path}' created\n" if legacy else f"gpg: keybox '{path}' created\n")
    return True


def _recv_keys(ctx: Context, options: Dict[str, str], keys: List[str], legacy: bool) -> int:
    server = options.get("--keyserver", "")
    if not legacy:  # dirmngr cannot resolve the keyserver's name
        ctx.stderr.write("gpg: keyserver receive failed: No name\n")
        return 2
    if not server:
        ctx.stderr.write("gpg: no keyserver known (use option --keyserver)\n"
                         "gpg: keyserver receive failed: bad URI\n")
        return 2
    host = server.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    scheme = server.split("://", 1)[0] if "://" in server else "hkp"
    for key in keys:
        ctx.stderr.write(f"gpg: requesting key {key[-8:].upper()} from {scheme} server {host}\n")
    ctx.stderr.write("gpg: no valid OpenPGP data found.\ngpg: Total number processed: 0\n"
                     "gpg: keyserver communications error: keyserver helper internal error\n"
                     "gpg: keyserver communications error: general error\n"
                     "gpg: keyserver receive failed: general error\n")
    return 2


def _verify(ctx: Context, operands: List[str]) -> int:
    if not operands:
        ctx.stderr.write("gpg: no signed data\ngpg: can't hash datafile: No data\n")
        return 2
    quote = "`" if ctx.name == "gpg1" else "'"
    for path in operands:
        if not ctx.fs.exists(path, ctx.cwd):
            ctx.stderr.write(f"gpg: can't open {quote}{path}': No such file or directory\n"
                             "gpg: verify signatures failed: No such file or directory\n")
            return 2
    # no key can be in the keyring (none was fetched), and no signature data is simulated
    ctx.stderr.write("gpg: no valid OpenPGP data found.\ngpg: the signature could not be verified.\n"
                     "Please remember that the signature file (.sig or .asc)\n"
                     "should be the first file given on the command line.\n")
    return 2


def _gpg(ctx: Context, legacy: bool) -> int:
    options, commands, operands = _parse(ctx.argv[1:])
    if "--version" in commands:
        home, _ = _home(ctx, options)
        ctx.out(VERSION_1 if legacy else VERSION_2.format(home=home.replace(ctx.env.get("HOME", "\0"), "~", 1)))
        return 0
    command = commands[0] if commands else None
    home, default = _home(ctx, options)
    if command in ("--recv-keys", "--receive-keys", "--recv-key"):
        _open_home(ctx, home, default, legacy)
        return _recv_keys(ctx, options, operands, legacy)
    if command == "--verify":
        _open_home(ctx, home, default, legacy)
        return _verify(ctx, operands)
    ctx.stderr.write(f"{ctx.name}: {command or 'this operation'} is not simulated by crsim yet "
                     "(keys and signatures are not modelled)\n")
    return 2


@program("gpg")
def gpg(ctx: Context) -> int:
    return _gpg(ctx, legacy=False)


@program("gpg1")
def gpg1(ctx: Context) -> int:
    """gpg 1.4 runs a keyserver helper (gpgkeys_hkp) whose complaint goes to stdout."""
    options, commands, _ = _parse(ctx.argv[1:])
    server = options.get("--keyserver", "")
    if server and commands[:1] and commands[0] in ("--recv-keys", "--receive-keys", "--recv-key"):
        host = server.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
        ctx.out(f"gpgkeys: HTTP fetch error 6: Could not resolve host: {host}\n")
    return _gpg(ctx, legacy=True)


@program("gpgconf")
def gpgconf(ctx: Context) -> int:
    """gpgconf --kill: no agent or dirmngr keeps running here, so there is nothing to stop."""
    args = ctx.argv[1:]
    if args[:1] == ["--kill"] or args[:1] == ["-K"]:
        return 0
    ctx.stderr.write(f"{ctx.name}: {' '.join(args[:1]) or 'this'} is not simulated by crsim yet\n")
    return 2
