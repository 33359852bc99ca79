"""The ``vigil`` command. Each room's commands live in their own module and are added here."""

from __future__ import annotations

import typer

from vigil.cli import (
    cases,
    database,
    figures,
    hashing,
    hotline,
    hotline_reports,
    hotline_takedowns,
    report,
    review,
    stats,
    transfer,
    users,
    web,
)

app = typer.Typer(
    name="vigil",
    help="Vigil: case work, the abuse-material hotline and the yearly figures.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
database.register(app)
stats.register(app)
hashing.register(app)
web.register(app)
app.add_typer(cases.app, name="cases")
app.add_typer(users.app, name="users")
app.add_typer(transfer.import_app, name="import")
app.add_typer(transfer.export_app, name="export")
app.add_typer(figures.app, name="figures")
hotline_reports.register(hotline.app, app)
hotline_takedowns.register(hotline.app)
review.register(hotline.app)
app.add_typer(hotline.app, name="hotline")
app.add_typer(report.app, name="report")


def main() -> None:
    app()
