"""insights: how each round's USD amount was obtained, deal amounts and place, time series, insights indexes

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 18:10:00.000000

funding_rounds keep the ECB rate and its date next to the original amount and currency (usd_source 'given'
when the file had the USD amount); deals gain the amount as announced, its currency and rate, and the
country where an R&D centre or branch opens; series_points hold imported time series (one value per
indicator and period). Covering indexes let the insights aggregations read rounds, investor links and
investor countries from indexes alone.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("funding_rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("usd_source", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("usd_rate", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("rate_on", sa.Date(), nullable=True))
        batch_op.create_index("ix_funding_rounds_announced_on", ["announced_on"], unique=False)
        batch_op.create_index(
            "ix_funding_rounds_insights",
            ["organization_id", "announced_on", "amount_usd", "round_type"],
            unique=False,
        )
    with op.batch_alter_table("round_investors", schema=None) as batch_op:
        batch_op.create_index(
            "ix_round_investors_insights", ["round_id", "is_lead", "investor_id"], unique=False
        )
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.create_index("ix_organizations_id_country", ["id", "country"], unique=False)
    with op.batch_alter_table("deals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amount", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("currency", sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column("usd_rate", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("rate_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("country", sa.String(length=2), nullable=True))
    op.create_table(
        "series_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_series_points_batch_id_import_batches"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series_points")),
        sa.UniqueConstraint("indicator", "period", name=op.f("uq_series_points_indicator_period")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("series_points")
    with op.batch_alter_table("deals", schema=None) as batch_op:
        batch_op.drop_column("country")
        batch_op.drop_column("rate_on")
        batch_op.drop_column("usd_rate")
        batch_op.drop_column("currency")
        batch_op.drop_column("amount")
    with op.batch_alter_table("round_investors", schema=None) as batch_op:
        batch_op.drop_index("ix_round_investors_insights")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_index("ix_organizations_id_country")
    with op.batch_alter_table("funding_rounds", schema=None) as batch_op:
        batch_op.drop_index("ix_funding_rounds_insights")
        batch_op.drop_index("ix_funding_rounds_announced_on")
        batch_op.drop_column("rate_on")
        batch_op.drop_column("usd_rate")
        batch_op.drop_column("usd_source")
