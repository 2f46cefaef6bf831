"""The solve summary in words (issue 14): what compact days cost in placed weight is said whenever it is
not nothing, with the tolerance the organizer allowed; older versions without the figures still read."""

from __future__ import annotations

from kakehashi.domain.planning import trade_summary

STATS = {
    "weight": 970,
    "weight_bound": 1000,
    "idle_slots": 12,
    "city_changes": 3,
    "min_share": 0.5,
    "min_share_bound": 0.625,
    "weight_tolerance": 0.05,
    "heaviest_weight": 1000,
    "compactness_cost": 30,
    "greedy": {"weight": 950, "min_share": 0.25, "idle_slots": 40, "city_changes": 9},
}


def test_summary_says_what_compact_days_cost_and_the_tolerance() -> None:
    assert [str(line) for line in trade_summary(STATS)] == [
        "Placed weight 970 of at most 1,000 (gap 3.0%); the greedy planner places 950.",
        "Compact days and few city changes cost 30 of placed weight (3.0% of 1,000; the tolerance allows 5.0%).",
        "12 idle slots and 3 city changes (the greedy planner: 40 and 9).",
        "The worst-served team gets 50.0% of the weight it asked for (at most 62.5% is possible; "
        "the greedy planner: 25.0%).",
    ]


def test_summary_of_an_older_version_without_greedy_figures() -> None:
    old = {"weight": 7.5, "weight_bound": 10, "idle_slots": 0, "city_changes": 0}

    assert [str(line) for line in trade_summary(old)] == [
        "Placed weight 7.50 of at most 10 (gap 25.0%).",
        "0 idle slots and 0 city changes.",
    ]
    assert trade_summary({}) == []


def test_summary_translates_each_line() -> None:
    catalog = {"Compact days and few city changes cost no placed weight.": "失った重みはありません。"}
    lines = trade_summary({**STATS, "compactness_cost": 0})

    assert lines[1].message(lambda msgid: catalog.get(msgid, msgid)) == "失った重みはありません。"
