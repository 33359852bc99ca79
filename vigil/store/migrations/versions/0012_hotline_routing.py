"""hotline routing: where an address is hosted (network ranges and operators), and the
contacts notices go to

Revision ID: n1notices
Revises: a3audit
Create Date: 2026-12-01 08:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "n1notices"
down_revision = "a3audit"
branch_labels = None
depends_on = None


def _address() -> sa.types.TypeEngine[str]:
    return sa.String(length=32).with_variant(sa.String(length=32, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "hotline_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "host_abuse",
                "police",
                "partner_hotline",
                name="contact_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("asn", sa.BigInteger(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("webhook_url", sa.String(length=2000), nullable=True),
        sa.Column("webhook_secret", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_contacts")),
    )
    with op.batch_alter_table("hotline_contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hotline_contacts_kind_asn"), ["kind", "asn"])
        batch_op.create_index(batch_op.f("ix_hotline_contacts_kind_country"), ["kind", "country"])

    op.create_table(
        "network_operators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first", _address(), nullable=False),
        sa.Column("last", _address(), nullable=False),
        sa.Column("asn", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_operators")),
    )
    with op.batch_alter_table("network_operators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_network_operators_first"), ["first"])

    op.create_table(
        "network_ranges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first", _address(), nullable=False),
        sa.Column("last", _address(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("rir", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_ranges")),
    )
    with op.batch_alter_table("network_ranges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_network_ranges_first"), ["first"])


def downgrade() -> None:
    with op.batch_alter_table("network_ranges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_ranges_first"))
    op.drop_table("network_ranges")
    with op.batch_alter_table("network_operators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_operators_first"))
    op.drop_table("network_operators")
    with op.batch_alter_table("hotline_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hotline_contacts_kind_country"))
        batch_op.drop_index(batch_op.f("ix_hotline_contacts_kind_asn"))
    op.drop_table("hotline_contacts")
