"""review: groups of media items decided once, the analysts' decisions and their exposure
(vigil.store.review); a media item's group and the item whose decision it reused

Revision ID: analysts1
Revises: hardening1
Create Date: 2026-12-01 23:53:39.908174
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "analysts1"
down_revision = "hardening1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hotline_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "waiting", "disputed", "confirmed", name="group_state", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column(
            "verdict",
            sa.Enum(
                "baseline", "national", "not_illegal", name="verdict", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_user_id", sa.Integer(), nullable=True),
        sa.Column("lease_expires", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["lease_user_id"], ["users.id"], name=op.f("fk_hotline_groups_lease_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_groups")),
    )
    with op.batch_alter_table("hotline_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hotline_groups_state_id"), ["state", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_hotline_groups_lease_user_id"), ["lease_user_id"], unique=False
        )

    op.create_table(
        "hotline_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "analyst",
                "supervisor",
                "correction",
                "skip",
                name="decision_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "verdict",
            sa.Enum(
                "baseline", "national", "not_illegal", name="verdict", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column(
            "reason",
            sa.Enum(
                "adult",
                "not_sexual",
                "age_not_determinable",
                "other",
                name="not_illegal_reason",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "age_group",
            sa.Enum(
                "infant_toddler",
                "prepubescent",
                "pubescent",
                name="age_group",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "sex",
            sa.Enum("female", "male", "both", "unknown", name="sex", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("consensus", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["hotline_groups.id"],
            name=op.f("fk_hotline_decisions_group_id_hotline_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_hotline_decisions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_decisions")),
    )
    with op.batch_alter_table("hotline_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hotline_decisions_group_id_user_id"),
            ["group_id", "user_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_hotline_decisions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "hotline_exposure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("clearer", sa.Boolean(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("served_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seconds", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["hotline_groups.id"],
            name=op.f("fk_hotline_exposure_group_id_hotline_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["hotline_media.id"],
            name=op.f("fk_hotline_exposure_item_id_hotline_media"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_hotline_exposure_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_exposure")),
    )
    with op.batch_alter_table("hotline_exposure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hotline_exposure_item_id"), ["item_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_hotline_exposure_user_id_day"), ["user_id", "day"], unique=False
        )

    with op.batch_alter_table("hotline_media", schema=None) as batch_op:
        batch_op.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reused_from_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_hotline_media_group_id"), ["group_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_hotline_media_group_id_hotline_groups"),
            "hotline_groups",
            ["group_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_hotline_media_reused_from_id_hotline_media"),
            "hotline_media",
            ["reused_from_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("hotline_media", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_hotline_media_reused_from_id_hotline_media"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_hotline_media_group_id_hotline_groups"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_hotline_media_group_id"))
        batch_op.drop_column("reused_from_id")
        batch_op.drop_column("group_id")

    with op.batch_alter_table("hotline_exposure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hotline_exposure_user_id_day"))
        batch_op.drop_index(batch_op.f("ix_hotline_exposure_item_id"))

    op.drop_table("hotline_exposure")
    with op.batch_alter_table("hotline_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hotline_decisions_user_id"))
        batch_op.drop_index(batch_op.f("ix_hotline_decisions_group_id_user_id"))

    op.drop_table("hotline_decisions")
    with op.batch_alter_table("hotline_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hotline_groups_lease_user_id"))
        batch_op.drop_index(batch_op.f("ix_hotline_groups_state_id"))

    op.drop_table("hotline_groups")
