"""Reading evaluation sets liberally: JSONL queries and qrels as JSON (map or list) or TREC text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kakehashi.adapters.search.analyzers import detect_language
from kakehashi.domain.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class EvalQuery:
    id: str
    text: str
    language: str


def _first(obj: dict[str, object], *keys: str) -> object | None:
    for key in keys:
        if key in obj and obj[key] not in (None, ""):
            return obj[key]
    return None


def read_queries(path: Path) -> list[EvalQuery]:
    """Lines {"id"|"query_id"|"qid", "query"|"text", "lang"|"language"?}; a JSON array works too."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            "cannot read queries file {path}: {reason}", path=str(path), reason=str(exc)
        ) from exc
    items: list[object] = []
    stripped = raw.strip()
    if stripped.startswith("["):
        try:
            items = list(json.loads(stripped))
        except json.JSONDecodeError as exc:
            raise InvalidInput("{path}: not valid JSON ({detail})", path=str(path), detail=exc.msg) from exc
    else:
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InvalidInput(
                    "{path} line {line}: not valid JSON ({detail})",
                    path=str(path),
                    line=number,
                    detail=exc.msg,
                ) from exc
    queries: list[EvalQuery] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InvalidInput(
                "{path} item {item}: expected an object with an id and a query", path=str(path), item=number
            )
        qid = _first(item, "id", "query_id", "qid", "_id")
        text = _first(item, "query", "text", "q", "title")
        if qid is None or text is None:
            raise InvalidInput("{path} item {item}: needs an id and a query", path=str(path), item=number)
        lang = _first(item, "lang", "language")
        language = str(lang).lower()[:2] if lang else detect_language(str(text))
        queries.append(EvalQuery(str(qid), str(text), language if language in ("ja", "en") else "en"))
    if not queries:
        raise InvalidInput("{path}: no queries", path=str(path))
    return queries


def read_qrels(path: Path) -> dict[str, dict[str, float]]:
    """{query_id: {doc_id: grade}}, a list of {query_id, doc_id, relevance}, or TREC `qid 0 docid rel`."""
    try:
        raw = path.read_text(encoding="utf-8-sig").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            "cannot read qrels file {path}: {reason}", path=str(path), reason=str(exc)
        ) from exc
    qrels: dict[str, dict[str, float]] = {}
    if raw.startswith("{") or raw.startswith("["):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            data = None
            # JSON lines of judgement objects
            try:
                data = [json.loads(line) for line in raw.splitlines() if line.strip()]
            except json.JSONDecodeError as exc:
                raise InvalidInput(
                    "{path}: not valid JSON ({detail})", path=str(path), detail=exc.msg
                ) from exc
        if isinstance(data, dict):
            for qid, docs in data.items():
                if isinstance(docs, dict):
                    qrels[str(qid)] = {str(d): float(g) for d, g in docs.items()}
                elif isinstance(docs, list):  # a list of relevant doc ids
                    qrels[str(qid)] = {str(d): 1.0 for d in docs}
        elif isinstance(data, list):
            for number, item in enumerate(data, start=1):
                if not isinstance(item, dict):
                    raise InvalidInput("{path} item {item}: expected an object", path=str(path), item=number)
                qid = _first(item, "query_id", "qid", "id", "query-id")
                doc = _first(item, "doc_id", "docid", "document_id", "corpus-id", "organization", "company")
                grade = _first(item, "relevance", "grade", "score", "rel", "label")
                if qid is None or doc is None:
                    raise InvalidInput(
                        "{path} item {item}: needs query_id and doc_id", path=str(path), item=number
                    )
                qrels.setdefault(str(qid), {})[str(doc)] = float(grade) if grade is not None else 1.0  # type: ignore[arg-type]
    else:
        for number, line in enumerate(raw.splitlines(), start=1):
            parts = line.split()
            if not parts or line.startswith("#"):
                continue
            if len(parts) == 4:
                qid, _iteration, doc, grade = parts
            elif len(parts) == 3:
                qid, doc, grade = parts
            else:
                raise InvalidInput(
                    "{path} line {line}: expected `query_id 0 doc_id relevance`", path=str(path), line=number
                )
            try:
                qrels.setdefault(qid, {})[doc] = float(grade)
            except ValueError as exc:
                raise InvalidInput(
                    "{path} line {line}: relevance must be a number", path=str(path), line=number
                ) from exc
    if not qrels:
        raise InvalidInput("{path}: no judgements", path=str(path))
    return qrels
