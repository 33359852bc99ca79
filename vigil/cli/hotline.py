"""`vigil hotline ...`: the abuse-material hotline from the command line.

`networks` loads and asks the offline networks database (where an address is hosted);
`contacts` keeps whom notices go to; `notices preview` prints a notice's text for reading.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.table import Table

from vigil.cli.context import actor, console, current_settings, reports_errors, session
from vigil.domain.contacts import ContactKind
from vigil.errors import InputError
from vigil.hotline import contacts as contacts_service
from vigil.hotline import networks
from vigil.hotline.notices import Classification, Notice, Sender, render_notice
from vigil.store.models import Contact

app = typer.Typer(help="The abuse-material hotline.", no_args_is_help=True)
networks_app = typer.Typer(
    help="The networks database: in which country, and by which operator, an address is hosted.",
    no_args_is_help=True,
)
contacts_app = typer.Typer(
    help="Whom notices go to: hosts' abuse desks, the police, partner hotlines.",
    no_args_is_help=True,
)
notices_app = typer.Typer(help="The notices' texts.", no_args_is_help=True)
app.add_typer(networks_app, name="networks")
app.add_typer(contacts_app, name="contacts")
app.add_typer(notices_app, name="notices")


# -- networks ----------------------------------------------------------------------------------


@networks_app.command("import")
@reports_errors
def networks_import(
    files: list[Path] | None = typer.Argument(
        None,
        help="The registries' delegated-extended files (all five, or the NRO's combined "
        "file); they replace the countries loaded before.",
        exists=True,
        dir_okay=False,
    ),
    mmdb: Path | None = typer.Option(
        None,
        "--mmdb",
        help="A MaxMind-format database of autonomous systems (e.g. GeoLite2-ASN.mmdb); it "
        "replaces the operators loaded before.",
        exists=True,
        dir_okay=False,
    ),
) -> None:
    """Load where addresses are hosted, from files downloaded by hand (see
    docs/operating.md). All of it or nothing is loaded."""
    batch_size = current_settings().import_batch_size
    with session() as s:
        summary = networks.import_networks(s, files or [], mmdb, by=actor(), batch_size=batch_size)
    if summary.ranges is not None:
        merged = f" ({summary.merged:,} overlapping blocks merged)" if summary.merged else ""
        console.print(f"Loaded {summary.ranges:,} country ranges{merged}.", highlight=False)
    if summary.operators is not None:
        console.print(f"Loaded {summary.operators:,} operator ranges.", highlight=False)


@networks_app.command("lookup")
@reports_errors
def networks_lookup(
    address: str = typer.Argument(..., help="An IPv4 or IPv6 address."),
    reverse: bool = typer.Option(
        False, "--reverse-dns", help="Also ask the system's resolver for its reverse DNS name."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Where ADDRESS is hosted: its country and operator, from the loaded database."""
    with session() as s:
        hosting = networks.lookup(s, address)
        loaded = networks.is_loaded(s)
    name = networks.reverse_dns(hosting.address) if reverse else None
    if as_json:
        record = hosting.as_record() | ({"reverse_dns": name} if reverse else {})
        print(json.dumps(record))
        return
    country = f"{hosting.country} ({hosting.rir})" if hosting.country else "unknown"
    console.print(f"{hosting.address}: country {country}", highlight=False)
    if hosting.asn is not None:
        console.print(f"operator: AS{hosting.asn} {hosting.as_name or ''}".rstrip())
    if reverse:
        console.print(f"reverse DNS: {name or 'none'}", highlight=False)
    if not loaded:
        console.print("No networks are loaded: run `vigil hotline networks import`.")


# -- contacts ----------------------------------------------------------------------------------


@contacts_app.command("add")
@reports_errors
def contacts_add(
    name: str = typer.Argument(..., help="Who it is, e.g. 'Example Hosting abuse desk'."),
    kind: ContactKind = typer.Option(..., "--kind", help="host_abuse, police or partner_hotline."),
    country: str = typer.Option(..., "--country", help="Its country, e.g. BE (ISO 3166)."),
    language: str = typer.Option(..., "--language", help="nl, fr, de or en."),
    asn: int | None = typer.Option(
        None, "--asn", help="For host_abuse: the AS number of the operator it answers for."
    ),
    email: str | None = typer.Option(None, "--email", help="Send notices to this address."),
    webhook: str | None = typer.Option(None, "--webhook", help="Or POST them to this URL."),
    secret_file: Path | None = typer.Option(
        None,
        "--secret-file",
        help="A file holding the webhook's shared secret (without it, one is made and shown).",
        exists=True,
        dir_okay=False,
    ),
) -> None:
    """Add a contact that notices go to."""
    secret = _secret(secret_file) if webhook else None
    if secret_file and not webhook:
        raise InputError("--secret-file is only for a --webhook", field="webhook_secret")
    with session() as s:
        contact = contacts_service.add_contact(
            s,
            kind=kind,
            name=name,
            country=country,
            language=language,
            asn=asn,
            email=email,
            webhook_url=webhook,
            webhook_secret=secret,
            by=actor(),
        )
    console.print(f"Added contact {contact.id}: {contacts_service.describe(contact)}.")
    if webhook and secret_file is None:
        console.print(
            f"Its webhook secret, to give to the partner (shown once): {secret}",
            highlight=False,
        )


def _secret(path: Path | None) -> str:
    if path is None:
        return secrets.token_hex(32)
    return path.read_text(encoding="utf-8").strip()


@contacts_app.command("list")
@reports_errors
def contacts_list(
    as_json: bool = typer.Option(False, "--json", help="Print JSON Lines, one per contact."),
) -> None:
    """The contacts notices go to (never their webhook secrets)."""
    with session() as s:
        found = contacts_service.list_contacts(s, by=actor())
    if as_json:
        for c in found:
            print(json.dumps(_record(c)))
        return
    if not found:
        console.print("No contacts yet: add them with `vigil hotline contacts add`.")
        return
    table = Table(title="Contacts")
    for column in ("id", "kind", "country", "AS", "language", "name", "sent to"):
        table.add_column(column)
    for c in found:
        asn = str(c.asn) if c.asn is not None else ""
        table.add_row(
            str(c.id), c.kind.value, c.country, asn, c.language, c.name, c.email or c.webhook_url
        )
    console.print(table)


def _record(contact: Contact) -> dict[str, object]:
    return {
        "id": contact.id,
        "kind": contact.kind.value,
        "country": contact.country,
        "asn": contact.asn,
        "language": contact.language,
        "name": contact.name,
        "email": contact.email,
        "webhook_url": contact.webhook_url,
    }


@contacts_app.command("remove")
@reports_errors
def contacts_remove(contact_id: int = typer.Argument(..., help="The contact's id.")) -> None:
    """Stop sending notices to a contact (the notices once sent keep naming it)."""
    with session() as s:
        contact = contacts_service.remove_contact(s, contact_id, by=actor())
    console.print(f"Removed contact {contact.id}: {contacts_service.describe(contact)}.")


# -- notices -----------------------------------------------------------------------------------


@notices_app.command("preview")
@reports_errors
def notices_preview(
    kind: ContactKind = typer.Option(..., "--kind", help="host_abuse, police or partner_hotline."),
    language: str = typer.Option(..., "--language", help="nl, fr, de or en."),
    reminder: bool = typer.Option(False, "--reminder", help="As sent again, still online."),
) -> None:
    """Print a notice's subject and text with example values, for reading them over."""
    settings = current_settings()
    sender = Sender(settings.organisation or "Example Foundation", settings.country)
    at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    notice = Notice(
        url="https://files.example.com/a/1234.html",
        classification=Classification.BASELINE,
        reference="HL-2026-000123",
        reported_at=at,
        assessed_at=at.replace(hour=14, minute=5),
        first_notice_at=at.replace(day=3) if reminder else None,
    )
    rendered = render_notice(notice, kind, language, sender)
    print(f"Subject: {rendered.subject}\n\n{rendered.body}", end="")
