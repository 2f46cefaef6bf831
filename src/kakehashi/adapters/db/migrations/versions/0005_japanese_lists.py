"""organizations: address, prefecture, municipality, corporate number, securities code; source ids per row

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 16:30:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("prefecture", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("municipality", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("corporate_number", sa.String(length=13), nullable=True))
        batch_op.add_column(sa.Column("securities_code", sa.String(length=8), nullable=True))
        batch_op.create_index(batch_op.f("ix_organizations_corporate_number"), ["corporate_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_organizations_securities_code"), ["securities_code"], unique=False)
    op.create_table(
        "organization_source_ids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("source_key", sa.String(length=300), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_source_ids_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_source_ids")),
        sa.UniqueConstraint("source", "source_key", name=op.f("uq_organization_source_ids_source_source_key")),
    )
    with op.batch_alter_table("organization_source_ids", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organization_source_ids_organization_id"), ["organization_id"], unique=False
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("organization_source_ids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_source_ids_organization_id"))
    op.drop_table("organization_source_ids")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organizations_securities_code"))
        batch_op.drop_index(batch_op.f("ix_organizations_corporate_number"))
        batch_op.drop_column("securities_code")
        batch_op.drop_column("corporate_number")
        batch_op.drop_column("municipality")
        batch_op.drop_column("prefecture")
        batch_op.drop_column("address")
