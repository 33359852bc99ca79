"""sign-in brakes: failures counted per name, client and known device, not per account row

A locked account answered "locked until ..." at once while an unknown name took the time
of a hash, and five wrong passwords from anyone locked the owner out. The failures are
now rows with the digest of the name typed and of the device (vigil.accounts.throttle);
the account's own counter and lock go.

Revision ID: k2keys
Revises: k1keys
Create Date: 2026-12-01 09:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "k2keys"
down_revision = "k1keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("account", sa.String(length=64), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("device", sa.String(length=64), server_default="", nullable=False)
        )
        batch_op.create_index(
            batch_op.f("ix_sign_in_failures_account_at"), ["account", "at"], unique=False
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_failures_account_at"))
        batch_op.drop_column("device")
        batch_op.drop_column("account")
