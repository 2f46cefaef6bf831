"""Directory, search-index and evaluation services on the in-memory unit of work."""

from __future__ import annotations

from datetime import date

import pytest
from tests.unit.services.fakes import FakeUnitOfWork
from tests.unit.services.fakes.directory import profile

from kakehashi.adapters.search.documents import IndexDocument
from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.directory import CompanyFilters, ProfileUpdate, TermLabel
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.search import SearchHit, SearchResults, TermMatch
from kakehashi.services import directory, evaluation, search

pytestmark = pytest.mark.unit

CYBER = TermLabel("sector", "cybersecurity", "Cybersecurity", "サイバーセキュリティ")
AGRI = TermLabel("sector", "agritech", "Agritech", "アグリテック")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    uow.directory.add(profile(1, "Shield Labs", country="IL", stage="seed", terms=[CYBER]))
    uow.directory.add(
        profile(2, "Vault Cyber", country="IL", stage="series_a", terms=[CYBER], founded_on=date(2015, 6, 1))
    )
    uow.directory.add(profile(3, "Sprout", country="IL", stage="seed", terms=[AGRI]))
    uow.directory.add(profile(4, "Toyo Motors", kind="corporation", country="JP", name_ja="東洋モーターズ"))
    uow.directory.add(profile(5, "Demo Day Office", kind="organizer", country="JP"))
    return uow


def _startup_member(organization_id: int = 1, role: Role = Role.MEMBER) -> Viewer:
    return Viewer(
        user_id=10, organization_id=organization_id, organization_kind=OrganizationKind.STARTUP, role=role
    )


# --- browsing -------------------------------------------------------------------------------------------


def test_list_companies_opens_the_unit_of_work_and_counts_other_sectors(uow: FakeUnitOfWork) -> None:
    page = directory.list_companies(uow, filters=CompanyFilters(kind="startup", sector="cybersecurity"))

    assert [c.name for c in page.items] == ["Shield Labs", "Vault Cyber"]
    assert {f.value: f.count for f in page.facets["sector"]} == {"cybersecurity": 2, "agritech": 1}
    assert (uow.entered, uow.commits) == (1, 0)


def test_list_companies_never_lists_the_organizer(uow: FakeUnitOfWork) -> None:
    page = directory.list_companies(uow, filters={"country": "jp"})

    assert ([c.name for c in page.items], page.total) == (["Toyo Motors"], 1)


def test_list_companies_text_matches_a_japanese_name(uow: FakeUnitOfWork) -> None:
    page = directory.list_companies(uow, filters=CompanyFilters(text="東洋"))

    assert [c.name for c in page.items] == ["Toyo Motors"]


@pytest.mark.parametrize(
    ("kwargs", "msgid"),
    [
        (
            {"filters": CompanyFilters(founded_from=2020, founded_to=2010)},
            "The founding year range is reversed.",
        ),
        (
            {"filters": CompanyFilters(country="Israel")},
            "Country must be a two-letter code such as IL or JP.",
        ),
        ({"filters": {"colour": "blue"}}, "Unknown filter."),
        ({"limit": 500}, "Page size must be between 1 and 200."),
    ],
)
def test_list_companies_bad_input_is_refused_before_reading(
    uow: FakeUnitOfWork, kwargs: dict[str, object], msgid: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        directory.list_companies(uow, **kwargs)  # type: ignore[arg-type]

    assert (refused.value.msgid, uow.entered) == (msgid, 0)


def test_get_summaries_leaves_unknown_ids_out(uow: FakeUnitOfWork) -> None:
    cards = directory.get_summaries(uow, organization_ids=[2, 999])

    assert {i: c.name for i, c in cards.items()} == {2: "Vault Cyber"}


def test_term_labels_and_list_terms_give_both_languages(uow: FakeUnitOfWork) -> None:
    labels = directory.term_labels(uow, facet="sector", slugs=["cybersecurity", "nope"])
    terms = directory.list_terms(uow, facet="sector")

    assert {slug: t.label("ja") for slug, t in labels.items()} == {"cybersecurity": "サイバーセキュリティ"}
    assert [t.slug for t in terms] == ["agritech", "cybersecurity"]


# --- one profile ----------------------------------------------------------------------------------------


def test_get_company_shows_the_founding_date_at_its_precision(uow: FakeUnitOfWork) -> None:
    uow.directory.add(profile(6, "Month Co", founded_on=date(2017, 7, 1), founded_precision="month"))

    assert directory.get_company(uow, organization_id=6).founded == "2017-07"


@pytest.mark.parametrize("organization_id", [999, 5])
def test_get_company_unknown_or_organizer_is_not_found(uow: FakeUnitOfWork, organization_id: int) -> None:
    with pytest.raises(NotFound) as missing:
        directory.get_company(uow, organization_id=organization_id)

    assert missing.value.msgid == "No such company."


# --- a startup edits its own profile --------------------------------------------------------------------


def test_update_own_profile_saves_cleaned_fields_and_commits_once(uow: FakeUnitOfWork) -> None:
    update = ProfileUpdate(
        description_ja="工場向けゼロトラスト", website="shield.example.com", city=" Haifa "
    )

    saved = directory.update_own_profile(uow, viewer=_startup_member(), update=update)

    assert (saved.description_ja, saved.website, saved.city) == (
        "工場向けゼロトラスト",
        "https://shield.example.com",
        "Haifa",
    )
    assert uow.directory.domains[1] == "shield.example.com"
    assert (uow.entered, uow.commits) == (1, 1)


def test_update_own_profile_of_another_organization_is_refused(uow: FakeUnitOfWork) -> None:
    with pytest.raises(PermissionDenied) as refused:
        directory.update_own_profile(
            uow, viewer=_startup_member(1), organization_id=2, update=ProfileUpdate(description_en="hacked")
        )

    assert refused.value.msgid == "an organization may edit only its own profile"
    assert (uow.directory.companies[2].description_en, uow.commits) == (None, 0)


@pytest.mark.parametrize(
    "viewer",
    [
        Viewer(
            user_id=11, organization_id=4, organization_kind=OrganizationKind.CORPORATION, role=Role.MEMBER
        ),
        _startup_member(role=Role.VIEWER),
    ],
)
def test_update_own_profile_by_a_corporation_or_read_only_member_is_refused(
    uow: FakeUnitOfWork, viewer: Viewer
) -> None:
    with pytest.raises(PermissionDenied) as refused:
        directory.update_own_profile(uow, viewer=viewer, name_en="Renamed")

    assert refused.value.msgid == "Only members of a startup can edit its profile."
    assert uow.commits == 0


def test_update_own_profile_oversized_description_changes_nothing(uow: FakeUnitOfWork) -> None:
    update = ProfileUpdate(name_en="New", description_en="x" * 10_001)

    with pytest.raises(InvalidInput) as refused:
        directory.update_own_profile(uow, viewer=_startup_member(), update=update)

    assert refused.value.msgid == "The English description is too long (10,000 characters at most)."
    assert (uow.directory.companies[1].name_en, uow.commits) == (None, 0)


def test_update_own_profile_refuses_a_website_that_is_not_an_address(uow: FakeUnitOfWork) -> None:
    with pytest.raises(InvalidInput) as refused:
        directory.update_own_profile(uow, viewer=_startup_member(), website="not a site")

    assert refused.value.msgid == "The website must be a web address such as https://example.com."


# --- the search index and evaluation ----------------------------------------------------------------------


class FakeEngine:
    """What the search services ask of the engine: documents in a dict, commits counted."""

    def __init__(self, documents: dict[int, IndexDocument] | None = None) -> None:
        self.documents = dict(documents or {})
        self.commits = 0

    def upsert(self, documents: list[IndexDocument], commit: bool = True) -> None:
        self.documents.update({d.id: d for d in documents})

    def delete(self, ids: list[int], commit: bool = True) -> None:
        for i in ids:
            self.documents.pop(i, None)

    def commit(self) -> None:
        self.commits += 1

    def count(self) -> int:
        return len(self.documents)

    def indexed_ids(self) -> set[int]:
        return set(self.documents)


def test_index_organizations_reindexes_those_that_exist_and_drops_the_rest(uow: FakeUnitOfWork) -> None:
    engine = FakeEngine({77: IndexDocument(id=77, name="Gone")})

    done = search.index_organizations(uow, engine, ids=[1, 77])  # type: ignore[arg-type]

    assert (done, sorted(engine.documents), engine.commits) == (1, [1], 1)
    assert engine.documents[1].taxonomy[0].slug == "cybersecurity"


def test_sync_index_adds_what_the_index_lacks(uow: FakeUnitOfWork) -> None:
    engine = FakeEngine({1: IndexDocument(id=1, name="Shield Labs"), 99: IndexDocument(id=99, name="Old")})

    changed = search.sync_index(uow, engine)  # type: ignore[arg-type]

    assert (changed, sorted(engine.documents)) == (5, [1, 2, 3, 4, 5])


def test_resolve_documents_by_external_id_name_and_domain(uow: FakeUnitOfWork) -> None:
    uow.directory.external_ids[2] = "crunch-vault"
    uow.directory.domains[3] = "sprout.example"

    found = evaluation.resolve_documents(uow, ["crunch-vault", "shield labs", "SPROUT.example", "nobody"])

    assert found == {"crunch-vault": 2, "shield labs": 1, "SPROUT.example": 3}


def test_present_results_is_the_shape_every_entry_point_shows() -> None:
    hit = SearchHit(
        id=7,
        name="Shieldline",
        score=0.123456789,
        why=["matched: セキュリティ"],
        matched_terms=[TermMatch("security", "description_en", source="セキュリティ")],
    )
    results = SearchResults(
        query="セキュリティ", took_ms=1.23456, total=1, hits=[hit], facets={"kind": [("startup", 1)]}
    )

    shown = search.present_results(results).as_dict()

    assert shown["items"] == shown["results"]
    assert shown["items"][0]["score"] == 0.123457
    assert shown["items"][0]["matched_terms"] == ["セキュリティ → security"]
    assert (shown["took_ms"], shown["facets"]) == (1.235, {"kind": [{"value": "startup", "count": 1}]})
