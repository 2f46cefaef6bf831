"""Database failures leave the unit of work as domain errors a user can read, in both languages."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, ProgrammingError

from kakehashi.adapters.db.unit_of_work import translate_database_error
from kakehashi.domain.errors import Conflict, InvalidInput, SchemaOutOfDate, ServiceUnavailable

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OperationalError("SELECT", {}, Exception("no such table: organization")), SchemaOutOfDate),
        (ProgrammingError("SELECT", {}, Exception('relation "need" does not exist')), SchemaOutOfDate),
        (IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed")), Conflict),
        (OperationalError("SELECT", {}, Exception("connection refused")), ServiceUnavailable),
        (DataError("INSERT", {}, Exception("value too long for type character varying(30)")), InvalidInput),
    ],
)
def test_a_database_failure_becomes_the_domain_error_it_means(error: Exception, expected: type) -> None:
    assert type(translate_database_error(error)) is expected


def test_a_refused_value_says_nothing_was_written_and_why() -> None:
    error = translate_database_error(
        DataError("INSERT", {}, Exception("value too long for type varchar(30)\nDETAIL"))
    )

    assert str(error) == "database error, nothing was written: value too long for type varchar(30)"


def test_a_programming_error_is_not_hidden_as_a_user_error() -> None:
    assert translate_database_error(ValueError("a bug")) is None
