"""`esep serve`: the year's job on a local web page, in the browser, for whoever started it."""

from __future__ import annotations

import os

import click

from model.errors import EsepError

from .cli import cli, write_atomically

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
        raise EsepError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
                        "give another --port, or leave it out to take a free one") from None
    return sock


@cli.command()
@click.argument("workspace", required=False, type=click.Path(file_okay=False),
                envvar="ESEP_WORKSPACE")
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port to listen on (default: a free one).")
@click.option("--host", default="127.0.0.1",
              help="Address to listen on; other than 127.0.0.1 only with a password set.")
@click.option("--no-browser", is_flag=True, help="Do not open the browser; print the address only.")
@click.option("--db", "db_url", envvar="ESEP_DB", metavar="URL",
              help="The workspace's database on a PostgreSQL server (or ESEP_DB; default: "
                   "esep.sqlite in the workspace).")
@click.option("--set-password", is_flag=True,
              help="Ask for a password for the page (kept as its scrypt hash), then stop.")
def serve(workspace: str | None, port: int, host: str, no_browser: bool, db_url: str | None,
          set_password: bool) -> None:
    """Open the year's work on a page in the browser: plan, forms, inbox, progress, report.

    WORKSPACE is the folder esep keeps everything in (default: ./esep-workspace, or
    ESEP_WORKSPACE); it is made if missing. The page is for this computer only: its address
    holds a secret made at each start. Stop the page with Ctrl+C.

    \b
    Example:
      esep serve dept-workspace
    """
    import logging
    import threading
    import webbrowser

    from esep.web.app import create_app
    from esep.web.security import (LOCAL_HOSTS, PASSWORD_FILE, hash_password, new_secret,
                                   read_password_hash)
    from esep.web.workspace import PageWorkspace

    ws = PageWorkspace.open(workspace or DEFAULT_WORKSPACE, db_url)
    if set_password:
        password = click.prompt("Password for the page", hide_input=True,
                                confirmation_prompt=True)
        if len(password) < 10:
            raise EsepError("the password is shorter than 10 characters; choose a longer one")
        write_atomically(ws.path(PASSWORD_FILE), hash_password(password) + "\n")
        click.echo(f"the password is set (its hash is in {ws.path(PASSWORD_FILE)})")
        return
    password_hash = read_password_hash(ws.folder)
    local = host in LOCAL_HOSTS
    if not local and not password_hash:
        raise EsepError(f"--host {host} would open the page to other computers: set a password "
                        f"first with `esep serve {workspace or DEFAULT_WORKSPACE} --set-password`")
    sock = _bind(host, port)
    port = sock.getsockname()[1]
    hosts = (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}") if local else ()
    secret = new_secret()
    app = create_app(ws, secret, password_hash=None if local else password_hash, hosts=hosts)
    shown = "127.0.0.1" if host in ("127.0.0.1", "localhost") else f"[{host}]" if ":" in host \
        else host
    url = f"http://{shown}:{port}/?key={secret}"
    click.echo(f"esep serves {ws.folder} at\n  {url}\n"
               "Open that address (it holds this run's secret); stop with Ctrl+C.")
    if not local:
        click.echo("Other computers sign in with the password.")
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
        click.echo("stopped")
    finally:
        server.close()
