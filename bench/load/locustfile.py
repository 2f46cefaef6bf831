"""Mixed traffic for Kakehashi's load benchmark (run by bench/bench_load.py; locust is a bench-only tool).

Users wait 1-5 s between requests, as the issue asks:
- Visitor (signed out): the search page in English and Japanese, company profiles, the directory page.
- Scout (a corporate user, signed in with a session cookie and a bearer token): the search page, a need
  with its matches (page and API), company profiles, the JSON search and directory APIs.
- Planner (one user): re-plans a mission through the API now and then: the planner run in the background.

Configuration comes from the JSON file named by $KAKEHASHI_LOAD_CONFIG (written by bench_load.py): the
web workers' base URLs (each simulated user sticks to one, as behind a proxy with sticky connections), the
accounts, the needs, the mission and a sample of company ids. Request names group the statistics per
endpoint kind rather than per URL.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

CONFIG: dict[str, Any] = json.loads(Path(os.environ["KAKEHASHI_LOAD_CONFIG"]).read_text(encoding="utf-8"))
QUERIES_EN: list[str] = CONFIG["queries_en"]
QUERIES_JA: list[str] = CONFIG["queries_ja"]
COMPANY_IDS: list[int] = CONFIG["company_ids"]
_next_host = itertools.cycle(CONFIG["hosts"])


class KakehashiUser(HttpUser):
    abstract = True
    wait_time = between(1, 5)

    def on_start(self) -> None:
        self.client.base_url = next(_next_host)  # spread users over the web workers
        self.client.headers["Accept-Language"] = random.choice(["ja", "en"])

    def search_page(self, language: str, label: str) -> None:
        query = random.choice(QUERIES_JA if language == "ja" else QUERIES_EN)
        self.client.get("/search", params={"q": query}, name=f"search page {language}{label}")

    def company(self, label: str = "") -> None:
        self.client.get(f"/companies/{random.choice(COMPANY_IDS)}", name=f"company profile{label}")

    def sign_in(self, email: str, password: str) -> str:
        """A session cookie for pages and a bearer token for the API; returns the token."""
        credentials = {"email": email, "password": password}
        for _attempt in range(3):  # a failed attempt is counted by locust; the user tries again
            session = self.client.post("/api/v1/auth/session", json=credentials, name="sign in (session)")
            response = self.client.post("/api/v1/auth/token", json=credentials, name="sign in (token)")
            # a connection error comes back as status 0, which `requests` still calls ok
            if session.status_code == 200 and response.status_code == 200:
                return str(response.json()["access_token"])
        return ""


class Visitor(KakehashiUser):
    weight = 3

    @task(3)
    def search_en(self) -> None:
        self.search_page("en", "")

    @task(3)
    def search_ja(self) -> None:
        self.search_page("ja", "")

    @task(3)
    def profile(self) -> None:
        self.company()

    @task(1)
    def directory(self) -> None:
        self.client.get("/companies", params={"country": "IL", "stage": "seed"}, name="directory page")


class Scout(KakehashiUser):
    weight = 2

    def on_start(self) -> None:
        super().on_start()
        scout = CONFIG["scout"]
        self.token = self.sign_in(scout["email"], scout["password"])

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @task(2)
    def search_en(self) -> None:
        self.search_page("en", " (signed in)")

    @task(2)
    def search_ja(self) -> None:
        self.search_page("ja", " (signed in)")

    @task(2)
    def need_page(self) -> None:
        self.client.get(f"/needs/{random.choice(CONFIG['need_ids'])}", name="need with matches page")

    @task(2)
    def need_matches_api(self) -> None:
        need = random.choice(CONFIG["need_ids"])
        self.client.get(
            f"/api/v1/needs/{need}/matches",
            params={"limit": 20},
            headers=self.bearer,
            name="API need matches",
        )

    @task(1)
    def profile(self) -> None:
        self.company(" (signed in)")

    @task(1)
    def api_search(self) -> None:
        query = random.choice(QUERIES_EN + QUERIES_JA)
        self.client.get(
            "/api/v1/search", params={"q": query, "limit": 10}, headers=self.bearer, name="API search"
        )

    @task(1)
    def api_companies(self) -> None:
        self.client.get(
            "/api/v1/companies",
            params={"country": "IL", "limit": 20},
            headers=self.bearer,
            name="API companies list",
        )


class Planner(KakehashiUser):
    """One organizer re-planning a mission every 20-40 s (the planner's own time limit is short)."""

    fixed_count = 1
    wait_time = between(20, 40)

    def on_start(self) -> None:
        super().on_start()
        organizer = CONFIG["organizer"]
        self.token = self.sign_in(organizer["email"], organizer["password"])

    @task
    def solve(self) -> None:
        self.client.post(
            f"/api/v1/missions/{CONFIG['mission_id']}/solve",
            params={"time_limit": CONFIG.get("planner_time_limit", 10)},
            headers={"Authorization": f"Bearer {self.token}"},
            name="planner run (background)",
        )
