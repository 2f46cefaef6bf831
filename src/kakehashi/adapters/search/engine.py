"""The search engine facade: one object that indexes organizations and answers bilingual queries.

Keyword (tantivy BM25 with Japanese/English analysis and cross-lingual expansion) and semantic
(multilingual sentence encoder + vector index) candidates are fused, filtered, counted and explained.
Several processes share the index folder: writers take a file lock, readers catch up when the
generation marker changes (one stat() per query; vectors apply only the new delta records).
Bulk loads encode in a child process; unchanged embedding texts are never encoded twice.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock

from kakehashi.adapters.search.analyzers import (
    analyze_en,
    analyze_ja,
    clean_query,
    detect_language,
    has_japanese,
    ja_tokens,
)
from kakehashi.adapters.search.config import EngineConfig
from kakehashi.adapters.search.crosslingual import expand_en_to_ja, expand_ja_to_en
from kakehashi.adapters.search.documents import IndexDocument
from kakehashi.adapters.search.encoder import SentenceEncoder, UniversalSentenceEncoder, default_encoder
from kakehashi.adapters.search.encoder_process import EncoderProcess
from kakehashi.adapters.search.explain import explain
from kakehashi.adapters.search.fusion import ranked, reciprocal_rank_fusion, score_fusion
from kakehashi.adapters.search.judgements import Feedback, apply_feedback, rocchio
from kakehashi.adapters.search.lexical import LexicalIndex, WeightedTerm
from kakehashi.adapters.search.prf import feedback_terms
from kakehashi.adapters.search.translate import Vocabulary, translate_ja_to_en
from kakehashi.adapters.search.vectors import VectorIndex, text_hash
from kakehashi.domain.search import SearchFilters, SearchHit, SearchMode, SearchResults

log = logging.getLogger(__name__)

ENCODE_BATCH = 256
PENDING_BATCHES = 8  # bulk loads: at most this many batches wait for the encoder (bounds memory)
BACKGROUND_MIN_TEXTS = 128  # smaller writes encode in-process: starting the encoder process takes ~2 s
FILTERED_EXACT_MAX = 20_000  # filtered sets up to this size get exact semantic scores


_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


def is_storage_full(exc: BaseException) -> bool:
    """True when writing the index failed for want of disk space (an OSError, or tantivy's ValueError that
    carries the OS error in its text)."""
    if isinstance(exc, OSError) and exc.errno in _NO_SPACE:
        return True
    text = str(exc)
    return isinstance(exc, ValueError) and ("StorageFull" in text or "No space left on device" in text)


@dataclass
class _Query:
    text: str
    language: str
    mode: SearchMode
    terms: list[WeightedTerm] = field(default_factory=list)


class SearchEngine:
    """Open with `SearchEngine.open(index_dir)`; the encoder loads on first use."""

    GENERATION_FILE = "GENERATION"
    FOLLOWED_FILE = "FOLLOWED_CHANGE"  # the newest catalogue change (services.search) this folder has applied

    def __init__(
        self,
        index_dir: Path,
        encoder: SentenceEncoder | None = None,
        *,
        encoder_threads: int = 2,
        config: EngineConfig | None = None,
    ) -> None:
        self.index_dir = Path(index_dir)
        self.index_dir.mkdir(parents=True, exist_ok=True)
        self._encoder = encoder
        self._encoder_threads = encoder_threads
        self.config = config or EngineConfig()
        self.lexical = LexicalIndex(self.index_dir / "lexical")
        dimension = encoder.dimension if encoder is not None else 512
        self.vectors = VectorIndex(self.index_dir / "vectors.usearch", dimension)
        self._seen_generation = self._generation_stamp()
        self._lock_file: FileLock | None = None
        # Bulk loads encode in a child process while this one reads the next rows and runs tantivy
        # (see encoder_process); results are applied in submission order.
        self._encoder_process: EncoderProcess | None = None
        self._pending: list[tuple[list[int], list[str], list[int], Future[np.ndarray]]] = []
        self._pending_ids: set[int] = set()
        self._followed: int | None = None  # written with the next commit

    @classmethod
    def open(
        cls, index_dir: Path, encoder: SentenceEncoder | None = None, *, encoder_threads: int = 2
    ) -> SearchEngine:
        return cls(index_dir, encoder, encoder_threads=encoder_threads)

    @property
    def encoder(self) -> SentenceEncoder:
        if self._encoder is None:
            self._encoder = default_encoder(self._encoder_threads)
        return self._encoder

    # ---- sharing the folder between processes ------------------------------------------------------
    def _generation_path(self) -> Path:
        return self.index_dir / self.GENERATION_FILE

    def _generation_stamp(self) -> tuple[int, int]:
        try:
            st = self._generation_path().stat()
        except FileNotFoundError:
            return (0, 0)
        return (st.st_mtime_ns, st.st_size)

    def _bump_generation(self) -> None:
        path = self._generation_path()
        try:
            current = int(path.read_text() or "0")
        except (FileNotFoundError, ValueError):
            current = 0
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(str(current + 1))
        os.replace(tmp, path)
        self._seen_generation = self._generation_stamp()

    def refresh(self) -> None:
        """Pick up what another process committed (cheap when nothing changed)."""
        stamp = self._generation_stamp()
        if stamp != self._seen_generation and self._lock_file is None:
            self.lexical.reload()
            self.vectors.refresh()
            self._seen_generation = stamp

    def followed_change(self) -> int | None:
        """The newest catalogue change id this folder has applied; None for an index that never followed
        the change log (built before it existed, or new)."""
        try:
            return int(self._followed_path().read_text(encoding="ascii").strip())
        except (FileNotFoundError, ValueError):
            return None

    def mark_followed(self, change_id: int) -> None:
        """Record, with the next commit of the write in progress, that changes up to `change_id` are in."""
        if self._lock_file is None:
            raise RuntimeError("mark_followed needs a write in progress (begin_write)")
        self._followed = change_id

    def _followed_path(self) -> Path:
        return self.index_dir / self.FOLLOWED_FILE

    def begin_write(self) -> None:
        """Take the folder's write lock (other processes wait) until commit() or rollback()."""
        self._begin_write()

    def release_unchanged(self) -> None:
        """Let go of a write lock taken by begin_write() when nothing was written (cheaper than rollback)."""
        self._end_write()

    def _begin_write(self) -> None:
        if self._lock_file is not None:
            return
        # One writer per index across processes; held across calls until commit (possibly from another
        # thread than the one that took it, hence not thread-local).
        lock = FileLock(self.index_dir / ".write.lock", thread_local=False)
        lock.acquire()
        self._lock_file = lock
        # Another process may have written since we loaded: start from its state, not ours.
        if self._generation_stamp() != self._seen_generation:
            self.lexical.reload()
            self.vectors.refresh()
            self._seen_generation = self._generation_stamp()

    def _end_write(self) -> None:
        self._followed = None
        if self._encoder_process is not None:
            self._encoder_process.close(wait=not self._pending)
            self._encoder_process = None
        if self._lock_file is not None:
            self._lock_file.release()
            self._lock_file = None

    # ---- writing ---------------------------------------------------------------------------------
    def embed_documents(self, docs: Sequence[IndexDocument]) -> np.ndarray:
        texts = [d.embedding_text(self.config.embed_words) for d in docs]
        return self._encode_texts(texts)

    def _encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        parts = [self.encoder.encode(texts[i : i + ENCODE_BATCH]) for i in range(0, len(texts), ENCODE_BATCH)]
        return np.concatenate(parts) if parts else np.zeros((0, self.encoder.dimension), dtype=np.float32)

    def _text_salt(self) -> str:
        return str(getattr(self._encoder, "name", "use-multilingual-v3"))

    def upsert(self, docs: Iterable[IndexDocument], *, commit: bool = True) -> int:
        """Index (or re-index) documents; with commit=False the caller commits after a bulk load.

        A document whose embedding text is unchanged keeps its vector (no encoder time on re-imports).
        With commit=False the encoding may finish in the background; commit() waits for it.
        """
        batch = list(docs)
        if not batch:
            return 0
        self._begin_write()
        try:
            if self._pending_ids.intersection(d.id for d in batch):
                self._drain()  # the same id twice in one write: keep the order of its versions
            salt = self._text_salt()
            ids: list[int] = []
            texts: list[str] = []
            hashes: list[int] = []
            for doc in batch:
                text = doc.embedding_text(self.config.embed_words)
                digest = text_hash(text, salt)
                if digest != self.vectors.text_hash_of(doc.id) or doc.id not in self.vectors:
                    ids.append(doc.id)
                    texts.append(text)
                    hashes.append(digest)
            reused = self.vectors.reuse(ids, hashes)  # during a rebuild: unchanged texts keep their vectors
            if reused:
                kept = [k for k, doc_id in enumerate(ids) if doc_id not in reused]
                ids, texts, hashes = (
                    [ids[k] for k in kept],
                    [texts[k] for k in kept],
                    [hashes[k] for k in kept],
                )
            background = not commit and len(texts) >= BACKGROUND_MIN_TEXTS and self._default_model()
            if background:
                self._submit(ids, texts, hashes)
            self.lexical.upsert(batch)
            if texts and not background:
                self.vectors.upsert(ids, self._encode_texts(texts), hashes)
        except BaseException:
            self.rollback()
            raise
        if commit:
            self.commit()
        return len(batch)

    def _default_model(self) -> bool:
        """True when the encoder is the stock one, which an encoder process can load by itself."""
        return self._encoder is None or type(self._encoder) is UniversalSentenceEncoder

    def _submit(self, ids: list[int], texts: list[str], hashes: list[int]) -> None:
        if self._encoder_process is None:
            try:
                self._encoder_process = EncoderProcess(self._encoder_threads)
            except OSError as exc:  # no interpreter to start (embedded Python): encode here instead
                log.warning("encoder process unavailable (%s); encoding in-process", exc)
                self.vectors.upsert(ids, self._encode_texts(texts), hashes)
                return
        future = self._encoder_process.submit(texts)
        self._pending.append((ids, texts, hashes, future))
        self._pending_ids.update(ids)
        while self._pending and (len(self._pending) > PENDING_BATCHES or self._pending[0][3].done()):
            self._apply_oldest()

    def _apply_oldest(self) -> None:
        ids, texts, hashes, future = self._pending.pop(0)
        try:
            vectors = future.result()
        except RuntimeError as exc:
            # The child died or failed: the load goes on in-process rather than failing half-way.
            log.warning("encoder process failed (%s); encoding in-process", exc)
            vectors = self._encode_texts(texts)
        self.vectors.upsert(ids, vectors, hashes)
        if not self._pending:
            self._pending_ids.clear()

    def _drain(self) -> None:
        """Wait for background encoding and apply it, in order (errors surface here)."""
        while self._pending:
            self._apply_oldest()
        self._pending_ids.clear()

    def _discard_pending(self) -> None:
        if self._pending and self._encoder_process is not None:
            self._encoder_process.close(wait=False)  # its answers are no longer wanted
            self._encoder_process = None
        self._pending.clear()
        self._pending_ids.clear()

    def delete(self, ids: Sequence[int], *, commit: bool = True) -> None:
        if not ids:
            return
        self._begin_write()
        try:
            self._drain()
        except BaseException:
            self.rollback()
            raise
        self.lexical.delete(ids)
        self.vectors.remove(ids)
        if commit:
            self.commit()

    def clear(self, *, reuse_vectors: bool = False) -> None:
        """Empty both indexes (a rebuild starts here); visible to others at the next commit.

        reuse_vectors: documents upserted again with an unchanged embedding text get their old vector.
        """
        self._begin_write()
        self._discard_pending()
        self.lexical.clear()
        self.vectors.clear(keep_donor=reuse_vectors)

    def commit(self) -> None:
        if self._lock_file is None:
            return
        try:
            try:
                self._drain()
            except BaseException:
                self.lexical.rollback()
                self._discard_pending()
                self.vectors.reload()
                raise
            self.lexical.commit()
            self.vectors.save()
            self._write_meta()
            if self._followed is not None:
                path = self._followed_path()
                tmp = path.with_suffix(f".tmp{os.getpid()}")
                tmp.write_text(str(self._followed), encoding="ascii")
                os.replace(tmp, path)
            self._bump_generation()
        finally:
            self._end_write()

    def rollback(self) -> None:
        self._discard_pending()
        self.lexical.rollback()
        self.vectors.reload()
        self._end_write()

    def _write_meta(self) -> None:
        meta = {
            "encoder": getattr(self._encoder, "name", "use-multilingual-v3"),
            "documents": len(self.vectors),
        }
        (self.index_dir / "meta.json").write_text(json.dumps(meta))

    def rebuild(self, batches: Iterable[Sequence[IndexDocument]]) -> int:
        """Replace everything with the given documents (streamed in batches), one commit at the end.

        Vectors of documents whose embedding text did not change are reused, not re-encoded.
        """
        self.clear(reuse_vectors=True)
        total = 0
        try:
            for batch in batches:
                total += self.upsert(batch, commit=False)
        except BaseException:
            self.rollback()
            raise
        self.commit()
        return total

    # ---- reading ---------------------------------------------------------------------------------
    def count(self) -> int:
        self.refresh()
        return self.lexical.num_docs()

    def indexed_ids(self) -> set[int]:
        self.refresh()
        total = self.lexical.num_docs()
        if total == 0:
            return set()
        from tantivy import Query

        return set(self.lexical.all_ids(Query.all_query(), total))

    def contains(self, doc_id: int) -> bool:
        return int(doc_id) in self.vectors

    def vectors_of(self, ids: Sequence[int]) -> dict[int, np.ndarray]:
        self.refresh()
        return self.vectors.get(ids)

    def encode_query(self, text: str) -> np.ndarray:
        vector: np.ndarray = self.encoder.encode([text])[0]
        return vector

    def analyse(self, text: str, mode: SearchMode = SearchMode.HYBRID) -> _Query:
        """Query text -> weighted terms in both languages (own words, then translations)."""
        language = detect_language(text)
        terms: dict[tuple[tuple[str, ...], str], WeightedTerm] = {}

        def add(wt: WeightedTerm) -> None:
            key = (wt.terms, wt.lang)
            if wt.terms and (key not in terms or terms[key].weight < wt.weight):
                terms[key] = wt

        if has_japanese(text):
            for token in ja_tokens(text):
                if has_japanese(token.normalized):
                    add(WeightedTerm((token.normalized,), "ja", 1.0, token.surface, token.surface))
                else:
                    for stem in analyze_en(token.normalized):
                        add(WeightedTerm((stem,), "en", 1.0, token.surface, token.surface))
        else:
            for word in text.split():
                for stem in analyze_en(word):
                    add(WeightedTerm((stem,), "en", 1.0, word.strip(".,;:!?()[]\"'"), word))
            if mode is not SearchMode.BM25 and self.config.bigram_weight > 0:
                query_stems = analyze_en(text)
                for first, second in zip(query_stems, query_stems[1:], strict=False):
                    phrase = f"{first} {second}"
                    add(WeightedTerm((first, second), "en", self.config.bigram_weight, phrase, phrase))
        if mode is not SearchMode.BM25:
            cfg = self.config
            if has_japanese(text):
                expansions = (
                    translate_ja_to_en(text, self._vocabulary())
                    if cfg.jmdict == "indexed"
                    else expand_ja_to_en(text, use_jmdict=cfg.jmdict)
                )
                for exp in expansions:
                    stems = tuple(analyze_en(exp.phrase))
                    if not stems:
                        continue
                    add(WeightedTerm(stems, "en", cfg.expansion_weight * exp.weight, exp.phrase, exp.source))
                    if len(stems) > 1:
                        # Each word of the phrase on its own, shown as that word (a description with
                        # "treatment" but not "water treatment" must not be said to match the phrase).
                        for word in exp.phrase.split():
                            weight = cfg.expansion_word_weight * exp.weight
                            for stem in analyze_en(word):
                                add(WeightedTerm((stem,), "en", weight, word, exp.source))
            for exp in expand_en_to_ja(text):
                ja_terms = analyze_ja(exp.phrase)
                for term in ja_terms:
                    weight = cfg.expansion_weight * exp.weight / max(1, len(ja_terms))
                    add(WeightedTerm((term,), "ja", weight, exp.phrase, exp.source))
        return _Query(text=text, language=language, mode=SearchMode(mode), terms=list(terms.values()))

    def _vocabulary(self) -> Vocabulary:
        lexical = self.lexical
        return Vocabulary(doc_freq=lexical.doc_freq, phrase_freq=lexical.phrase_freq)

    def _semantic(self, vector: np.ndarray, filt: Any | None, count: int) -> list[tuple[int, float]]:
        if filt is None:
            return self.vectors.search(vector, count)
        allowed = self.lexical.count(filt)
        if allowed <= FILTERED_EXACT_MAX:
            ids = self.lexical.all_ids(filt, allowed)
            return self.vectors.score(vector, ids)[:count]
        # A broad filter: over-fetch neighbours, then keep those that pass.
        candidates = self.vectors.search(vector, count * 5)
        keep = self.lexical.restrict([i for i, _ in candidates], filt)
        return [(i, s) for i, s in candidates if i in keep][:count]

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        limit: int = 10,
        offset: int = 0,
        *,
        mode: SearchMode = SearchMode.HYBRID,
        query_vector: np.ndarray | None = None,
        feedback: Feedback | None = None,
        with_facets: bool = True,
        with_explanations: bool = True,
    ) -> SearchResults:
        """Ranked, explained hits for a query in either language.

        `total` is the size of the filtered candidate pool (keyword matches plus semantic neighbours above
        the similarity floor); facets count that pool. An empty query with filters browses them.
        """
        started = time.perf_counter()
        self.refresh()
        mode = SearchMode(mode)
        filters = filters or SearchFilters()
        limit = max(0, min(int(limit), 1000))
        offset = max(0, int(offset))
        text, notice = clean_query(query)
        analysed = self.analyse(text, mode)
        cfg = self.config
        filt = self.lexical.filter_query(filters)
        text_query = self.lexical.text_query(
            analysed.terms,
            boosts=mode is not SearchMode.BM25,
            name_boost=cfg.name_boost,
            taxonomy_boost=cfg.taxonomy_boost,
        )

        lexical: list[tuple[int, float]] = []
        semantic: list[tuple[int, float]] = []
        want = max(cfg.lexical_candidates, offset + limit)
        if mode is not SearchMode.EMBEDDING and text_query is not None:
            lexical = self.lexical.search(self.lexical.combine(text_query, filt), want)
        has_meaning = any(ch.isalnum() for ch in text)
        vector: np.ndarray | None = None
        if mode in (SearchMode.EMBEDDING, SearchMode.HYBRID) and (has_meaning or query_vector is not None):
            vector = query_vector if query_vector is not None else self._query_vector(text, analysed)
            if feedback is not None:
                vector = self._rocchio(vector, feedback)
            semantic = self._semantic(vector, filt, max(cfg.semantic_candidates, offset + limit))
            semantic = [(i, s) for i, s in semantic if s >= cfg.semantic_floor]

        if not text and not lexical and not semantic:
            # No query: browse what the filters allow.
            browse = (
                self.lexical.search(self.lexical.combine(None, filt), want) if not filters.is_empty else []
            )
            fused = [(i, 0.0) for i, _ in sorted(browse)]
        elif mode is SearchMode.HYBRID:
            fused = self._fuse(lexical, semantic, analysed.language)
            if cfg.prf_docs > 0 and feedback is None and query_vector is None and vector is not None:
                # The reasons keep the query's own similarity; feedback only re-orders (see below).
                lexical, _moved, fused = self._pseudo_feedback(
                    analysed, fused, lexical, semantic, vector, want
                )
        else:
            fused = lexical or semantic
        if feedback is not None:
            fused = self._apply_feedback(fused, feedback)

        total = len(fused)
        page = fused[offset : offset + limit]
        similarity = dict(semantic)
        facets = self.lexical.facets([i for i, _ in fused]) if with_facets else {}
        stored = self.lexical.stored([i for i, _ in page])
        hits: list[SearchHit] = []
        for doc_id, score in page:
            doc = stored.get(doc_id)
            if doc is None:
                continue
            sim = similarity.get(doc_id)
            if with_explanations:
                matched, taxonomy, why = explain(doc, analysed.terms, sim)
            else:
                matched, taxonomy, why = [], [], []
            hits.append(
                SearchHit(
                    id=doc_id,
                    name=doc.name,
                    score=round(float(score), 6),
                    why=why,
                    matched_terms=matched,
                    semantic_similarity=None if sim is None else round(float(sim), 4),
                    matched_taxonomy=taxonomy,
                    kind=doc.kind,
                    country=doc.country,
                )
            )
        took = (time.perf_counter() - started) * 1000
        return SearchResults(
            query=text,
            took_ms=round(took, 3),
            total=total,
            hits=hits,
            facets=facets,
            language=analysed.language,
            notice=notice,
        )

    def _query_vector(self, text: str, analysed: _Query) -> np.ndarray:
        blend = self.config.translation_blend
        # One translation per Japanese word (the catalogue's likeliest): a sentence the encoder reads
        # as English, rather than every alternative gloss.
        per_source: dict[str, list[str]] = {}
        for t in analysed.terms:
            if t.lang == "en" and t.source != t.display:
                shown = per_source.setdefault(t.source, [])
                if t.display not in shown:
                    shown.append(t.display)
        keep = self.config.translation_glosses
        translation = " ".join(d for shown in per_source.values() for d in (shown[:keep] if keep else shown))
        if (
            blend <= 0
            or analysed.language != "ja"
            or not translation
            or analysed.mode is not SearchMode.HYBRID
        ):
            return self.encode_query(text)
        both = self.encoder.encode([text, translation])
        vector: np.ndarray = (1 - blend) * both[0] + blend * both[1]
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm > 0 else np.asarray(both[0])

    def _fuse(
        self, lexical: list[tuple[int, float]], semantic: list[tuple[int, float]], language: str
    ) -> list[tuple[int, float]]:
        cfg = self.config
        w_lex, w_sem = (
            (cfg.lexical_weight_ja, cfg.semantic_weight_ja)
            if language == "ja"
            else (cfg.lexical_weight_en, cfg.semantic_weight_en)
        )
        method = (cfg.fusion_ja or cfg.fusion) if language == "ja" else cfg.fusion
        if method == "rrf":
            scores = reciprocal_rank_fusion(
                [[i for i, _ in lexical], [i for i, _ in semantic]], [w_lex, w_sem], k=cfg.rrf_k
            )
        else:
            scores = score_fusion(
                lexical,
                semantic,
                lexical_weight=w_lex,
                semantic_weight=w_sem,
                semantic_floor=cfg.semantic_floor,
            )
        return ranked(scores)

    def _pseudo_feedback(
        self,
        analysed: _Query,
        fused: list[tuple[int, float]],
        lexical: list[tuple[int, float]],
        semantic: list[tuple[int, float]],
        vector: np.ndarray,
        want: int,
    ) -> tuple[list[tuple[int, float]], list[tuple[int, float]], list[tuple[int, float]]]:
        """Both sides again, helped by the first hits' words and meaning (see prf.py)."""
        cfg = self.config
        ja = analysed.language == "ja"
        term_weight = cfg.prf_term_weight_ja if ja else cfg.prf_term_weight_en
        vector_weight = cfg.prf_vector_weight_ja if ja else cfg.prf_vector_weight_en
        top = [i for i, _ in fused[: cfg.prf_docs]]
        if not top or (term_weight <= 0 and vector_weight <= 0):
            return lexical, semantic, fused
        # Feedback re-orders the pool, it does not widen it: a hit must match the scout's own words or
        # meaning (the counts, facets and reasons stay those of the query). Only the pool is re-scored.
        pool = [i for i, _ in fused]
        if term_weight > 0:
            own = {t for wt in analysed.terms if wt.lang == "en" for t in wt.terms}
            extra = [
                WeightedTerm((term,), "en", term_weight * weight, term, "feedback")
                for term, weight in feedback_terms(
                    list(self.lexical.stored(top).values()),
                    doc_freq=self.lexical.doc_freq,
                    num_docs=self.lexical.num_docs(),
                    count=cfg.prf_terms,
                    exclude=own,
                )
            ]
            query = self.lexical.text_query(
                [*analysed.terms, *extra], name_boost=cfg.name_boost, taxonomy_boost=cfg.taxonomy_boost
            )
            if query is not None:
                # A plain search then the pool: cheaper in tantivy than a filter on 400 ids.
                members = set(pool)
                again = self.lexical.search(query, max(cfg.lexical_candidates, want))
                lexical = [(i, s) for i, s in again if i in members]
        if vector_weight > 0:
            stored = self.vectors.get(top)
            if stored:
                moved = np.asarray(vector, dtype=np.float32) + vector_weight * np.mean(
                    [stored[i] for i in top if i in stored], axis=0
                )
                norm = float(np.linalg.norm(moved))
                if norm > 0:
                    # Nearest neighbours then the pool: cheaper than reading 400 vectors back.
                    members = set(pool)
                    again = self.vectors.search(moved / norm, max(cfg.semantic_candidates, want))
                    semantic = [(i, s) for i, s in again if i in members]
        return lexical, semantic, self._fuse(lexical, semantic, analysed.language)

    def _rocchio(self, vector: np.ndarray, feedback: Feedback) -> np.ndarray:
        return rocchio(vector, feedback, self.vectors.get([*feedback.relevant, *feedback.not_relevant]))

    _apply_feedback = staticmethod(apply_feedback)

    def with_config(self, **changes: Any) -> SearchEngine:
        """Same indexes, other knobs (for evaluation and tuning)."""
        clone = object.__new__(SearchEngine)
        clone.__dict__.update(self.__dict__)
        clone.config = replace(self.config, **changes)
        return clone
