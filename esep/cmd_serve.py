"""`esep serve`: the year's job on a local web page, in the browser, for whoever started it."""

from __future__ import annotations

import os

import click

from model.errors import EsepError
from model.i18n import N_, _

from .cli import EnvArgument, EnvOption, cli, write_atomically

DEFAULT_WORKSPACE = "esep-workspace"


def _bind(host: str, port: int):
    """Return a socket bound to `host`:`port` (port 0: a free one), or raise EsepError."""
    import socket  # the page's modules load when it is served, not for every command
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if os.name != "nt":  # on Windows it would let another program take the same port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))  # port 0: the system picks a free one
    except OSError as exc:
        sock.close()
        raise EsepError(_("cannot listen on {host}:{port} ({reason}); give another --port, or "
                          "leave it out to take a free one")
                        .format(host=host, port=port, reason=exc.strerror or exc)) from None
    return sock


SERVE_HELP = N_("""Open the year's work on a page in the browser: plan, forms, inbox, progress, report.

    WORKSPACE is the folder esep keeps everything in (default: ./esep-workspace, or
    ESEP_WORKSPACE); it is made if missing. The page is for this computer only: its address
    holds a secret made at each start. Stop the page with Ctrl+C.

    \b
    Example:
      esep serve dept-workspace
    """)


@cli.command(help=SERVE_HELP)
@click.argument("workspace", required=False, type=click.Path(file_okay=False),
                envvar="ESEP_WORKSPACE", cls=EnvArgument)
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help=N_("Port to listen on (default: a free one)."))
@click.option("--host", default="127.0.0.1",
              help=N_("Address to listen on; other than 127.0.0.1 only with a password set."))
@click.option("--no-browser", is_flag=True,
              help=N_("Do not open the browser; print the address only."))
@click.option("--db", "db_url", envvar="ESEP_DB", metavar="URL", cls=EnvOption,
              help=N_("The workspace's database on a PostgreSQL server (or ESEP_DB; default: "
                      "esep.sqlite in the workspace)."))
@click.option("--set-password", is_flag=True,
              help=N_("Ask for a password for the page (kept as its scrypt hash), then stop."))
def serve(workspace: str | None, port: int, host: str, no_browser: bool, db_url: str | None,
          set_password: bool) -> None:
    """Run `esep serve` (its help is SERVE_HELP, in the messages' language)."""
    import logging
    import threading
    import webbrowser

    from esep.web.app import create_app
    from esep.web.security import (LOCAL_HOSTS, PASSWORD_FILE, hash_password, new_secret,
                                   read_password_hash)
    from esep.web.workspace import PageWorkspace

    ws = PageWorkspace.open(workspace or DEFAULT_WORKSPACE, db_url)
    if set_password:
        password = click.prompt(_("Password for the page"), hide_input=True,
                                confirmation_prompt=True)
        if len(password) < 10:
            raise EsepError(_("the password is shorter than 10 characters; choose a longer one"))
        write_atomically(ws.path(PASSWORD_FILE), hash_password(password) + "\n")
        click.echo(_("the password is set (its hash is in {path})")
                   .format(path=ws.path(PASSWORD_FILE)))
        return
    password_hash = read_password_hash(ws.folder)
    local = host in LOCAL_HOSTS
    if not local and not password_hash:
        raise EsepError(_("--host {host} would open the page to other computers: set a "
                          "password first with `esep serve {workspace} --set-password`")
                        .format(host=host, workspace=workspace or DEFAULT_WORKSPACE))
    sock = _bind(host, port)
    port = sock.getsockname()[1]
    hosts = (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}") if local else ()
    secret = new_secret()
    app = create_app(ws, secret, password_hash=None if local else password_hash, hosts=hosts)
    shown = "127.0.0.1" if host in ("127.0.0.1", "localhost") else f"[{host}]" if ":" in host \
        else host
    url = f"http://{shown}:{port}/?key={secret}"
    click.echo(_("esep serves {folder} at\n  {url}\nOpen that address (it holds this run's "
                 "secret); stop with Ctrl+C.").format(folder=ws.folder, url=url))
    if not local:
        click.echo(_("Other computers sign in with the password."))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from waitress import create_server
    from esep.web.app import MAX_REQUEST_MB
    # waitress buffers a whole request body: refused beyond the page's own limit
    server = create_server(app, sockets=[sock], threads=8, ident="esep",
                           max_request_body_size=MAX_REQUEST_MB * 2 ** 20)
    if not no_browser and not os.environ.get("ESEP_NO_BROWSER"):
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo(_("stopped"))
    finally:
        server.close()
