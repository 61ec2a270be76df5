"""Images to and from registries: push and manifest inspect (pull is in images.py)."""

from __future__ import annotations

from engine import EngineError

from ..parser import PROGRAM
from ..spec import COMPLETE_IMAGE, Arg, Flag, command
from .run_options import check_platform


@command("push", "Upload an image to a registry", "[OPTIONS] NAME[:TAG]",
         flags=(Flag("all-tags", "a", help="Push all tags of an image to the repository"),
                Flag("disable-content-trust", help="Skip image signing", default=True),
                Flag("platform", kind="string",
                     help="Push a platform-specific manifest as a single-platform image to the "
                          "registry.\nImage index won't be pushed, meaning that other manifests, "
                          "including attestations won't be preserved.\n'os[/arch[/variant]]': "
                          "Explicit platform (eg. linux/amd64)"),
                Flag("quiet", "q", help="Suppress verbose output")),
         args=(Arg("NAME", COMPLETE_IMAGE),), aliases=("image push",), min_args=1, max_args=1,
         exact_args=True, group="Common Commands")
def push(ctx, opts, args):
    check_platform(opts["platform"])
    last = ""
    for line in ctx.engine.push(args[0], opts["all-tags"]):
        if not opts["quiet"]:
            ctx.out.line(line)
        last = line
    if opts["quiet"] and last:
        from engine.image.reference import parse_normalized
        ctx.out.line(str(parse_normalized(args[0]).with_default_tag()))
    return 0


EXPERIMENTAL = f"""EXPERIMENTAL:
  {PROGRAM} manifest inspect is an experimental feature.
  Experimental features provide early access to product functionality. These
  features may change between releases without warning, or can be removed from a
  future release. Learn more about experimental features in our documentation:
  https://docs.docker.com/go/experimental/"""


@command("manifest inspect", "Display an image manifest, or manifest list",
         "[OPTIONS] [MANIFEST_LIST] MANIFEST", description=EXPERIMENTAL,
         flags=(Flag("insecure", help="Allow communication with an insecure registry"),
                Flag("verbose", "v", help="Output additional info including layers and platform")),
         args=(Arg("MANIFEST", COMPLETE_IMAGE),), min_args=1, max_args=2)
def manifest_inspect(ctx, opts, args):
    from engine.image.reference import parse_normalized
    from engine.image.registry.errors import ManifestUnknown
    from engine.image.remote.manifest import indent_for_cli
    name = args[-1]
    try:
        raw = ctx.engine.manifest(name)
    except ManifestUnknown:
        ctx.out.error(f"no such manifest: {parse_normalized(name).with_default_tag()}")
        return 1
    except EngineError as err:  # the CLI talks to the registry itself: no daemon in the message
        ctx.out.error(str(err))
        return 1
    ctx.out.line(indent_for_cli(raw))
    return 0





CREDENTIALS_WARNING = ("\nWARNING! Your credentials are stored unencrypted in '/root/.docker/config.json'.\n"
                       "Configure a credential helper to remove this warning. See\n"
                       "https://docs.docker.com/go/credential-store/\n")


@command("login", "Authenticate to a registry", "[OPTIONS] [SERVER]",
         flags=(Flag("password", "p", "string", "Password or Personal Access Token (PAT)"),
                Flag("password-stdin", help="Take the Password or Personal Access Token (PAT) from stdin"),
                Flag("username", "u", "string", "Username")),
         args=(Arg("SERVER", optional=True),), max_args=1, group="Common Commands",
         description="Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.")
def login(ctx, opts, args):
    from ..parser import UsageError
    password = opts["password"]
    if opts["password-stdin"]:
        if password:
            raise UsageError("conflicting options: cannot specify both --password and --password-stdin", 1)
        if not opts["username"]:
            raise UsageError("the --password-stdin option requires --username to be set", 1)
        password = ctx.stdin.rstrip("\r\n")
    elif password:
        ctx.out.error("WARNING! Using --password via the CLI is insecure. Use --password-stdin.")
    if not opts["username"] or not password:  # the CLI would prompt: a script cannot answer
        raise UsageError("Error: Cannot perform an interactive login from a non TTY device", 1)
    ctx.engine.login(args[0] if args else "", opts["username"], password)
    ctx.out.error(CREDENTIALS_WARNING)
    ctx.out.line("Login Succeeded")
    return 0


@command("logout", "Log out from a registry", "[SERVER]", args=(Arg("SERVER", optional=True),),
         max_args=1, group="Common Commands",
         description="Log out from a registry.\nIf no server is specified, the default is defined by the daemon.")
def logout(ctx, opts, args):
    server = args[0] if args else "https://index.docker.io/v1/"
    if ctx.engine.logout(server):
        ctx.out.line(f"Removing login credentials for {server}")
    else:
        ctx.out.line(f"Not logged in to {server}")
    return 0
__all__ = ["push", "manifest_inspect", "login", "logout"]
