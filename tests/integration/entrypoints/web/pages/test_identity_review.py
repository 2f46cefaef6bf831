"""The review page: organizers see both records side by side with the reasons, accept, reject and undo;
members of a corporation are refused."""

from __future__ import annotations

from kakehashi.domain.identity import Link
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import identity


def _post(client, csrf, path: str):
    return client.post(path, data={"csrf_token": csrf(client, "/")}, follow_redirects=False)


def test_organizer_reviews_accepts_rejects_and_undoes(
    client, login, csrf, catalogue, context: AppContext
) -> None:
    resolver = identity.fixed_resolver(
        suggestions=[
            Link(catalogue.shield, catalogue.vault, 0.8, ("names share a word",)),
            Link(catalogue.sprout, catalogue.toyo, 0.6, ("same city",)),
        ]
    )
    identity.resolve_identities(context.uow(), viewer=None, resolver=resolver)
    accept, reject = identity.list_suggestions(context.uow(), viewer=None)
    login(client, "organizer")

    page = client.get("/identity")
    assert page.status_code == 200
    assert "Shield Labs" in page.text and "Vault Cyber" in page.text and "names share a word" in page.text

    assert _post(client, csrf, f"/identity/suggestions/{accept.id}/accept").status_code == 303
    assert _post(client, csrf, f"/identity/suggestions/{reject.id}/reject").status_code == 303
    [merge] = identity.list_merges(context.uow(), viewer=None)
    assert (merge.survivor_id, merge.merged_id) == (catalogue.shield, catalogue.vault)
    assert identity.list_suggestions(context.uow(), viewer=None) == []

    assert _post(client, csrf, f"/identity/merges/{merge.id}/undo").status_code == 303
    assert identity.list_merges(context.uow(), viewer=None) == []
    assert client.get(f"/companies/{catalogue.vault}").status_code == 200


def test_a_corporate_member_is_refused(client, login, csrf, catalogue) -> None:
    login(client, "scout")
    assert client.get("/identity").status_code == 403
    assert _post(client, csrf, "/identity/merges/1/undo").status_code == 403
