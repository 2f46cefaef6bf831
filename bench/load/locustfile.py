"""Mixed traffic for `bench/bench_load.py` (run by locust; never imported by the app or the tests).

Each simulated scout signs in through the API with one of the load accounts (LOAD_ACCOUNTS, made by the
runner), then, waiting 1-5 s between requests: searches in Japanese and English (API and page), opens
company profiles (page and API), reads the matches of its organization's need, and lists companies.
"""

from __future__ import annotations

import itertools
import os
import random

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "load-test-password-1")
ACCOUNTS = [a for a in os.environ.get("LOAD_ACCOUNTS", "").split(",") if a]
_next_account = itertools.count()

QUERIES_EN = [
    "predictive maintenance for factories",
    "cyber security for industrial control systems",
    "battery storage",
    "computer vision quality inspection",
    "water treatment membranes",
    "autonomous driving sensors",
    "digital health remote monitoring",
    "food tech alternative protein",
]
QUERIES_JA = [
    "工場の予知保全のためのAI",
    "産業制御システムのサイバーセキュリティ",
    "蓄電池",
    "画像検査の品質管理",
    "水処理 膜",
    "自動運転 センサー",
    "遠隔医療",
    "代替たんぱく質",
]


class Scout(HttpUser):
    wait_time = between(1, 5)

    def on_start(self) -> None:
        email = ACCOUNTS[next(_next_account) % len(ACCOUNTS)] if ACCOUNTS else "scout@demo.kakehashi.jp"
        password = PASSWORD if ACCOUNTS else "kakehashi-demo"
        answer = self.client.post(
            "/api/v1/auth/token", json={"email": email, "password": password}, name="sign in"
        )
        self.headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        self.company_ids: list[int] = []
        needs = self.client.get("/api/v1/needs", headers=self.headers, name="/api/v1/needs").json()
        items = needs.get("items", [])
        if items:
            self.need_id = int(items[0]["id"])
        else:
            made = self.client.post(
                "/api/v1/needs",
                json={"title": "AI for predictive maintenance of factory equipment", "visibility": "private"},
                headers=self.headers,
                name="/api/v1/needs (create)",
            )
            self.need_id = int(made.json()["id"])

    def _remember(self, answer: dict) -> None:  # type: ignore[type-arg]
        self.company_ids = [int(item["id"]) for item in answer.get("items", [])][:10] or self.company_ids

    @task(4)
    def search_english(self) -> None:
        answer = self.client.get(
            "/api/v1/search",
            params={"q": random.choice(QUERIES_EN)},
            headers=self.headers,
            name="API search EN",
        )
        if answer.ok:
            self._remember(answer.json())

    @task(4)
    def search_japanese(self) -> None:
        answer = self.client.get(
            "/api/v1/search",
            params={"q": random.choice(QUERIES_JA)},
            headers=self.headers,
            name="API search JA",
        )
        if answer.ok:
            self._remember(answer.json())

    @task(2)
    def search_page(self) -> None:
        query = random.choice(QUERIES_EN + QUERIES_JA)
        self.client.get("/search", params={"q": query}, headers=self.headers, name="page /search")

    @task(3)
    def profile(self) -> None:
        if self.company_ids:
            company = random.choice(self.company_ids)
            self.client.get(f"/companies/{company}", headers=self.headers, name="page /companies/{id}")

    @task(2)
    def profile_api(self) -> None:
        if self.company_ids:
            company = random.choice(self.company_ids)
            self.client.get(f"/api/v1/companies/{company}", headers=self.headers, name="API /companies/{id}")

    @task(2)
    def need_matches(self) -> None:
        self.client.get(
            f"/api/v1/needs/{self.need_id}/matches", headers=self.headers, name="API /needs/{id}/matches"
        )

    @task(1)
    def directory(self) -> None:
        self.client.get(
            "/api/v1/companies", params={"kind": "startup"}, headers=self.headers, name="API /companies"
        )
