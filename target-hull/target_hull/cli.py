"""`hull`: look at the unified profiles in a target-hull store."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from sqlalchemy import Engine

from target_hull.normalize import normalize_domain, normalize_email
from target_hull.store import queries
from target_hull.store.engine import DEFAULT_DATABASE_URL, open_engine
from target_hull.store.schema import accounts, users


def _engine(ctx: click.Context) -> Engine:
    return ctx.obj["engine"]


def _print(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, default=str, ensure_ascii=False) + "\n")


@click.group()
@click.option("--database-url", envvar="HULL_DATABASE_URL", help="SQLAlchemy URL of the store.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False),
    help="A target-hull config JSON file; its `database_url` is used.",
)
@click.pass_context
def main(ctx: click.Context, database_url: str | None, config_file: str | None) -> None:
    """Export, show and count the profiles of a target-hull store."""
    if database_url is None and config_file:
        database_url = json.loads(Path(config_file).read_text()).get("database_url")
    url = database_url or DEFAULT_DATABASE_URL
    if url == DEFAULT_DATABASE_URL and not Path("output/hull.db").exists():
        raise click.ClickException(
            "no store at output/hull.db: pass --database-url or --config (the target's config)"
        )
    ctx.obj = {"engine": open_engine(url)}


@main.command()
@click.argument("kind", type=click.Choice(["users", "accounts", "events"]))
@click.pass_context
def export(ctx: click.Context, kind: str) -> None:
    """Write every user, account or event as one JSON object per line."""
    with _engine(ctx).connect() as conn:
        rows = {
            "users": queries.iter_users,
            "accounts": queries.iter_accounts,
            "events": queries.iter_events,
        }[kind](conn)
        for row in rows:
            _print(row)


@main.command()
@click.option("--email", help="E-mail of the user to show.")
@click.option("--domain", help="Domain of the account to show.")
@click.option("--events", "event_limit", default=10, show_default=True, help="Latest events.")
@click.pass_context
def show(ctx: click.Context, email: str | None, domain: str | None, event_limit: int) -> None:
    """One profile with its account (or users), attribute groups and latest events."""
    if bool(email) == bool(domain):
        raise click.UsageError("give exactly one of --email or --domain")
    with _engine(ctx).connect() as conn:
        if email:
            user = next(queries.iter_users(conn, users.c.email == normalize_email(email)), None)
            if user is None:
                raise click.ClickException(f"no user with email {email!r}")
            account = None
            if user["account_id"]:
                account = next(queries.iter_accounts(conn, accounts.c.id == user["account_id"]))
            latest = list(queries.iter_events(conn, user["id"], event_limit))
            _print_profile("user", user)
            if account:
                _print_profile("account", account)
            click.echo(f"latest events ({len(latest)}):")
            for event in latest:
                click.echo(f"  {event['created_at']}  {event['event']}  {event['properties']}")
        else:
            account = next(
                queries.iter_accounts(conn, accounts.c.domain == normalize_domain(domain)), None
            )
            if account is None:
                raise click.ClickException(f"no account with domain {domain!r}")
            _print_profile("account", account)
            members = list(queries.iter_users(conn, users.c.account_id == account["id"]))
            click.echo(f"users ({len(members)}): " + ", ".join(str(u["email"]) for u in members))


def _print_profile(kind: str, profile: dict[str, Any]) -> None:
    claim = "email" if kind == "user" else "domain"
    shell = " (shell)" if profile["shell"] else ""
    click.echo(f"{kind} {profile['id']}{shell}")
    click.echo(f"  {claim}: {profile[claim]}  external_id: {profile['external_id']}")
    click.echo(f"  anonymous_ids: {', '.join(profile['anonymous_ids'])}")
    groups: dict[str, dict[str, Any]] = {}
    for name, value in sorted(profile["attributes"].items()):
        group, _, attr = name.rpartition("/")
        groups.setdefault(group or "(top level)", {})[attr] = value
    for group, attrs in groups.items():
        click.echo(f"  [{group}]")
        for attr, value in attrs.items():
            click.echo(f"    {attr}: {json.dumps(value, default=str, ensure_ascii=False)[:100]}")


@main.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Count users, accounts, shells, events, merges and skips."""
    with _engine(ctx).connect() as conn:
        click.echo(json.dumps(queries.counts(conn), indent=2))
