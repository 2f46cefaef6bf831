"""One typed settings object, read once from the environment (prefix KAKEHASHI_)."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "dev-only-insecure-secret-change-me"
SECRET_FILE_NAME = "secret_key"  # under data_dir: the install's own signing secret, mode 0600
_MIN_SECRET_LENGTH = 32


def install_secret(data_dir: Path) -> str:
    """This install's signing secret, kept in `data_dir/secret_key` (0600): created randomly on first use
    and read back afterwards, so sessions survive restarts and no server ever signs with DEFAULT_SECRET."""
    path = data_dir / SECRET_FILE_NAME
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting at once cannot both write (and disagree on) the secret.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_secret(path)
    secret = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")
    return secret


def _read_secret(path: Path) -> str:
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # a copy or restore may have widened it; nobody else may read the key
    secret = path.read_text(encoding="utf-8").strip()
    if len(secret) < _MIN_SECRET_LENGTH or secret == DEFAULT_SECRET:
        raise ValueError(f"{path} does not hold a usable secret: delete it to generate a new one")
    return secret


def _networks(value: str) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KAKEHASHI_", env_file=None, extra="ignore")

    environment: str = "development"  # development | test | production
    data_dir: Path = Path("var")
    database_url: str = ""  # empty: SQLite file under data_dir
    secret_key: str = DEFAULT_SECRET
    public_directory: bool = True
    default_locale: str = "ja"
    meeting_request_ttl_days: int = 14
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = "kakehashi@localhost"
    secure_cookies: bool = False  # set true behind TLS
    # Sign-in throttling (services.accounts.sign_in): after `login_max_failures` failures the next attempt
    # waits login_delay_seconds, doubling with each further failure up to login_delay_max_seconds; failures
    # older than login_window_seconds are forgotten. A wait, never a lock: the right password works after it.
    login_max_failures: int = 5
    login_window_seconds: int = 3600
    login_delay_seconds: int = 60
    login_delay_max_seconds: int = 900
    # Addresses or networks (comma-separated, e.g. "127.0.0.1,10.0.0.0/8") of the reverse proxies whose
    # X-Forwarded-For header names the client; empty: the header is ignored and the peer is the client.
    trusted_proxies: str = ""
    encoder_threads: int = 2
    # Background jobs (docs/jobs.md): the queue that carries job ids. "" picks the default: "sqlite" (a queue
    # file in data_dir, no server), or "immediate" (jobs run inside the request) when environment is test.
    jobs_backend: str = ""  # sqlite | redis | immediate
    jobs_queue_name: str = "kakehashi"  # the queue's name in Redis: one per install sharing a server
    # With the SQLite queue the web server runs jobs itself in a thread, so `make run` stays one command;
    # 0 leaves them to `kakehashi worker` processes.
    embedded_worker: bool = True
    jobs_workers: int = 2  # threads of one `kakehashi worker` (or of the embedded one)
    jobs_heartbeat_seconds: float = 5.0  # a running job's worker beats this often...
    jobs_stale_seconds: float = 30.0  # ...and is presumed dead after this long without a beat
    housekeeping_seconds: int = 900  # request expiry and saved-search alerts, as a periodic job
    # Web workers poll the catalogue change log this often (seconds) and re-index what other workers or
    # commands changed; 0 turns the follower off (one process that makes every change itself).
    search_follow_seconds: float = 1.0
    # Requests per user and window on expensive endpoints (429 with Retry-After beyond); 0: no limit.
    rate_limit_window_seconds: int = 60
    rate_limit_search: int = 120
    rate_limit_matches: int = 60
    rate_limit_planner: int = 10
    # Redis (e.g. redis://127.0.0.1:6379/0): when set, rate-limit counters live there instead of the database,
    # and the redis jobs backend uses it (default redis://127.0.0.1:6379/0 when unset).
    redis_url: str = ""

    @model_validator(mode="after")
    def _refuse_default_secret_outside_development(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEFAULT_SECRET:
            raise ValueError("KAKEHASHI_SECRET_KEY must be set in production")
        return self

    def with_install_secret(self) -> Settings:
        """These settings, signing with the install's own secret (see `install_secret`) unless
        KAKEHASHI_SECRET_KEY set one: what every serving process uses."""
        if self.secret_key != DEFAULT_SECRET:
            return self
        return self.model_copy(update={"secret_key": install_secret(self.data_dir)})

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: str) -> str:
        _networks(value)  # refuses a typo at start-up rather than trusting nothing (or everything) silently
        return value

    @property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return _networks(self.trusted_proxies)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'kakehashi.db').as_posix()}"

    @property
    def resolved_jobs_backend(self) -> str:
        if self.jobs_backend:
            return self.jobs_backend
        return "immediate" if self.environment == "test" else "sqlite"

    @field_validator("jobs_backend")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if value not in ("", "sqlite", "redis", "immediate"):
            raise ValueError("KAKEHASHI_JOBS_BACKEND must be sqlite, redis or immediate")
        return value

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
