"""organizer_shares: an organization's consent that one organizer reads its private data; missions without
an owner are given to the install's organizer when there is exactly one

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 16:00:00.000000

Backfill rule (issue 11, organizer scope): before this revision every organizer saw every mission, so a
mission stored without an owner (`kakehashi schedule import` without --organizer) belonged to all of them.
When the install has exactly one organizer organization, such missions become that organization's (nothing
changes for a single agency). With none or several, they stay without an owner: only the command line sees
them until an administrator assigns them. No data share is created here: reading a corporation's private
data needs that corporation's consent (`kakehashi admin share` or PUT /api/v1/sharing/{organizer_id}).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "organizer_shares",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("organizer_organization_id", sa.Integer(), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organizer_shares_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organizer_organization_id"],
            ["organizations.id"],
            name=op.f("fk_organizer_shares_organizer_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_organizer_shares_created_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "organizer_organization_id", name=op.f("pk_organizer_shares")
        ),
    )
    with op.batch_alter_table("organizer_shares", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organizer_shares_organizer_organization_id"),
            ["organizer_organization_id"],
            unique=False,
        )

    connection = op.get_bind()
    organizers = connection.execute(sa.text("SELECT id FROM organizations WHERE kind = 'organizer'")).all()
    if len(organizers) == 1:
        connection.execute(
            sa.text(
                "UPDATE missions SET organizer_organization_id = :owner WHERE organizer_organization_id IS NULL"
            ),
            {"owner": organizers[0][0]},
        )


def downgrade() -> None:
    """Downgrade schema (owners given by the backfill stay: they were visible to that organizer before)."""
    with op.batch_alter_table("organizer_shares", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organizer_shares_organizer_organization_id"))
    op.drop_table("organizer_shares")
