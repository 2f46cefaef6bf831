"""One typed settings object, read once from the environment (prefix KAKEHASHI_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "dev-only-insecure-secret-change-me"


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
    login_max_failures: int = 5
    login_window_seconds: int = 300
    encoder_threads: int = 2

    @model_validator(mode="after")
    def _refuse_default_secret_outside_development(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEFAULT_SECRET:
            raise ValueError("KAKEHASHI_SECRET_KEY must be set in production")
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'kakehashi.db').as_posix()}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
