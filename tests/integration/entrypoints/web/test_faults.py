"""Faults outside the code (issue 16): the PostgreSQL server goes away and comes back (503, then answers
again without restarting Kakehashi), and the data folder fills up (a clear error; the database keeps the
change and the index catches up once space is freed)."""

from __future__ import annotations

import contextlib
import errno
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from kakehashi.adapters.db.engine import make_engine
from kakehashi.adapters.search.lexical import LexicalIndex
from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web.app import create_app
from kakehashi.services import accounts
from kakehashi.services.search import follow_changes, index_is_behind
from kakehashi.settings import Settings

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery"
FULL = (
    "the search index could not be updated because the data folder is full; "
    "what was saved is kept and becomes searchable once space is freed"
)


class TcpRelay:
    """A port that relays to PostgreSQL while up; down() closes it and cuts every relayed connection, as a
    server that went away would (the real server keeps running for everyone else)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):  # shutdown wakes the accepting thread (close alone does not)
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self._open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _app(url: str, data_dir: Path) -> tuple[TestClient, AppContext]:
    context = AppContext(
        settings=Settings(environment="test", data_dir=data_dir, database_url=url), database_url=url
    )
    accounts.add_user(
        context.uow(),
        email="founder@wave.io",
        password=PASSWORD,
        org_name="Wave",
        org_kind="startup",
        role="member",
    )
    return TestClient(create_app(context)), context


def _token(client: TestClient) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"email": "founder@wave.io", "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_postgresql_going_away_answers_503_then_recovers_without_a_restart(
    postgres_engine: Engine, tmp_path: Path
) -> None:
    relay = TcpRelay((postgres_engine.url.host or "127.0.0.1", postgres_engine.url.port or 5432))
    relay.up()
    url = postgres_engine.url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    with postgres_engine.begin() as conn:  # an empty catalogue and no users (the database is shared)
        conn.execute(
            text("TRUNCATE users, organizations, login_attempts, search_changes RESTART IDENTITY CASCADE")
        )
    client, context = _app(url, tmp_path / "data")
    try:
        me = _token(client)
        assert client.get("/api/v1/auth/me", headers=me).status_code == 200  # the pool now holds a connection

        relay.down()
        gone = client.get("/api/v1/auth/me", headers=me)
        assert gone.status_code == 503
        assert gone.headers["Retry-After"]
        assert gone.json()["detail"] == "the database is not available right now; please retry in a moment"
        page = client.get("/companies", headers={"Accept": "text/html"})
        assert page.status_code == 503 and "Traceback" not in page.text

        relay.up()  # the server is back: the next request reconnects (pool_pre_ping), no restart
        assert client.get("/api/v1/auth/me", headers=me).status_code == 200
    finally:
        relay.down()
        client.close()
        context.dispose()


def test_a_killed_database_connection_is_replaced(postgres_engine: Engine, tmp_path: Path) -> None:
    url = postgres_engine.url.render_as_string(hide_password=False)
    with postgres_engine.begin() as conn:
        conn.execute(
            text("TRUNCATE users, organizations, login_attempts, search_changes RESTART IDENTITY CASCADE")
        )
    client, context = _app(url, tmp_path / "data")
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        me = _token(client)
        assert client.get("/api/v1/auth/me", headers=me).status_code == 200
        with admin.connect() as conn:  # an administrator (or a failover) ends every session of the app
            ended = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar()
        assert ended
        assert client.get("/api/v1/auth/me", headers=me).status_code == 200
    finally:
        admin.dispose()
        client.close()
        context.dispose()


@pytest.fixture
def small_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, object]]:
    """A data folder on an 8 MiB tmpfs (root may mount one); elsewhere the index writer is told ENOSPC.
    Yields the folder and a function that fills it (or makes writes fail) and answers a function that frees it."""
    folder = tmp_path / "data"
    folder.mkdir()
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )

    def fill() -> object:
        if mounted:
            filler = folder / "filler"
            with filler.open("wb") as handle:
                try:
                    while True:
                        handle.write(b"\0" * 65536)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
            return filler.unlink
        original = LexicalIndex.upsert

        def no_space(self: LexicalIndex, *args: object, **kwargs: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(LexicalIndex, "upsert", no_space)
        return lambda: monkeypatch.setattr(LexicalIndex, "upsert", original)

    yield folder, fill
    if mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_data_folder_gives_a_clear_error_and_the_index_catches_up(
    small_data_folder: tuple[Path, object], tmp_path: Path
) -> None:
    folder, fill = small_data_folder
    url = f"sqlite:///{tmp_path / 'kakehashi.db'}"  # the database lives elsewhere, as in production
    from kakehashi.adapters.db.schema import upgrade_to_head

    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    client, context = _app(url, folder)
    try:
        me = _token(client)
        company = client.get("/api/v1/auth/me", headers=me).json()["organization_id"]
        context.catalog_changed([company])  # the index exists and follows the database
        free = fill()  # type: ignore[operator]

        edited = client.patch(
            f"/api/v1/companies/{company}", json={"description_en": "Tidal turbines"}, headers=me
        )
        assert edited.status_code == 503
        assert edited.json()["message_id"] == FULL
        saved = client.get(f"/api/v1/companies/{company}", headers=me).json()
        assert saved["description_en"] == "Tidal turbines"  # the database has the change
        assert index_is_behind(context.uow(), context.search_engine)  # and the change log says so

        free()
        assert follow_changes(context.uow(), context.search_engine) == 1  # what any worker's next poll does
        found = client.get("/api/v1/search", params={"q": "tidal turbines"}, headers=me).json()["items"]
        assert [item["id"] for item in found][:1] == [company]
    finally:
        client.close()
        context.dispose()


def test_every_pooled_connection_busy_is_unavailable_not_a_crash(tmp_path: Path) -> None:
    """Requests that wait too long for a database connection (a burst of slow sign-ins) answer 503."""
    from kakehashi.adapters.db.engine import make_session_factory
    from kakehashi.adapters.db.schema import upgrade_to_head
    from kakehashi.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
    from kakehashi.domain.errors import ServiceUnavailable

    engine = make_engine(
        f"sqlite:///{tmp_path / 'kakehashi.db'}", pool_size=1, max_overflow=0, pool_timeout=0.2
    )
    upgrade_to_head(engine)
    busy = engine.connect()  # the only connection, held by another request
    try:
        with pytest.raises(ServiceUnavailable), SqlAlchemyUnitOfWork(make_session_factory(engine)) as uow:
            uow.search_changes.latest()
    finally:
        busy.close()
        engine.dispose()
