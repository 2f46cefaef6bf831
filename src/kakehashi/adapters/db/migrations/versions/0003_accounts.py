"""accounts and workspace (users, roles, shortlists, notes, pipeline)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 09:40:52.322567

"""

from collections.abc import Sequence

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass
