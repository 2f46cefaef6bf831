"""Reference data shipped inside the package as JSON (gazetteer, country names, exchange rates, taxonomy).

Tables people edit live here as data, not code; `load` reads one file with the standard library only.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """The JSON object stored in `name` (e.g. 'gazetteer.json'); read once per process."""
    data: dict[str, Any] = json.loads(files(__name__).joinpath(name).read_text(encoding="utf-8"))
    return data
