"""identity_merges and identity_suggestions: merges that can be undone, suggestions a person reviews

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 17:00:00.000000

A merge keeps, as JSON, the merged organization's row, the survivor's fields it filled, and every row that
pointed at the merged organization (moved, or removed where the survivor already had the same link), so
`kakehashi identity undo` restores all of it. A rejected suggestion stays, so the pair is never proposed
again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "identity_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("merged_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("merged_by_user_id", sa.Integer(), nullable=True),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merged_by_user_id"],
            ["users.id"],
            name=op.f("fk_identity_merges_merged_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_merges")),
    )
    with op.batch_alter_table("identity_merges", schema=None) as batch_op:
        batch_op.create_index("ix_identity_merges_survivor_id", ["survivor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_identity_merges_merged_id"), ["merged_id"], unique=False)

    op.create_table(
        "identity_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_a_id", sa.Integer(), nullable=False),
        sa.Column("organization_b_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["users.id"],
            name=op.f("fk_identity_suggestions_decided_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_suggestions")),
        sa.UniqueConstraint(
            "organization_a_id",
            "organization_b_id",
            name=op.f("uq_identity_suggestions_organization_a_id_organization_b_id"),
        ),
    )
    with op.batch_alter_table("identity_suggestions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_suggestions_status"), ["status"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("identity_suggestions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_suggestions_status"))
    op.drop_table("identity_suggestions")
    with op.batch_alter_table("identity_merges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_merges_merged_id"))
        batch_op.drop_index("ix_identity_merges_survivor_id")
    op.drop_table("identity_merges")
