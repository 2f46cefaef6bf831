"""JSON in, files out, for the planning commands: one clear error per unreadable input, atomic writes."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from kakehashi.domain.errors import InvalidInput


def read_json(path: Path) -> Any:
    """Read a JSON file; a missing, unreadable or malformed file is one clear error."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput("{path}: no such file", path=str(path)) from None
    except IsADirectoryError:
        raise InvalidInput("{path}: is a folder, not a JSON file", path=str(path)) from None
    except OSError as exc:
        raise InvalidInput("{path}: cannot read it ({reason})", path=str(path), reason=exc.strerror) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("{path}: not UTF-8 text (save the JSON file as UTF-8)", path=str(path)) from None
    if not text.strip():
        raise InvalidInput("{path}: the file is empty", path=str(path))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            "{path}: not valid JSON (line {line}, column {column}: {reason})",
            path=str(path),
            line=exc.lineno,
            column=exc.colno,
            reason=exc.msg,
        ) from None


def write_bytes(path: Path, data: bytes) -> None:
    """Write atomically, so a failed run never leaves half a file behind."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput("{path}: the folder {folder} does not exist", path=str(path), folder=str(folder))
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        raise InvalidInput(
            "{path}: cannot write it ({reason})", path=str(path), reason=exc.strerror
        ) from None


def check_writable(path: Path) -> None:
    """Refuse an output path in a missing folder before spending minutes on solving."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput("{path}: the folder {folder} does not exist", path=str(path), folder=str(folder))
    if path.is_dir():
        raise InvalidInput("{path}: is a folder; give a file name", path=str(path))


def write_json(path: Path, payload: Any) -> None:
    write_bytes(path, (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
