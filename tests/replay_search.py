"""GitHub repository search as the replay plays it, over what the corpus recorded of each repository.

Semantics follow GitHub's documentation ("Searching for repositories", "Understanding the search
syntax", "Troubleshooting search queries", REST "Search repositories"):
- Terms and "quoted phrases" are ANDed; `a OR b` matches either; `NOT x` / `-x` excludes.
  Matching is on lower-case alphanumeric tokens (a phrase: consecutive tokens), case-insensitive.
- Without `in:`, only the name, description and topics are searched; `in:name,description,
  readme,topics` picks fields. Only the root README is searched (its recorded facts, rendered as
  the replay serves it: heading, arXiv links, install lines).
- Forks are left out unless `fork:true` or `fork:only`; `repo:`, `user:`, `org:` and `topic:`
  filter. Qualifiers on facts the corpus did not record (stars, language, dates, ...) match
  nothing.
- Queries over 256 characters, or with more than five AND/OR/NOT operators, are refused (422).
- Best match: a score per item (name hits weigh most, then topics and description, then README),
  ties by name; `sort=updated` orders by the head commit date, other sorts fall back to best match
  (stars and forks were not recorded); `order` is ignored without `sort`, as documented.
- `per_page` (default 30, max 100) and `page`; only the first 1,000 results are reachable
  (a page past them is 422); `total_count` counts every match; a Link header pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_QUERY = 256
MAX_OPERATORS = 5
MAX_RESULTS = 1000
FIELDS_DEFAULT = ("name", "description", "topics")
WEIGHTS = {"name": 4.0, "topics": 2.0, "description": 2.0, "readme": 1.0}
_PART = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class SearchDoc:
    """What the replay knows of one repository, as search sees it."""

    key: str
    full_name: str
    description: str
    topics: tuple[str, ...]
    readme: str
    fork: bool
    updated: str  # head commit date (ISO), "" when unknown

    def field(self, name: str) -> list[str]:
        text = {"name": self.full_name.split("/", 1)[1], "description": self.description,
                "topics": " ".join(self.topics), "readme": self.readme}[name]  # fmt: skip
        return _TOKEN.findall(text.lower())


class QueryError(ValueError):
    """GitHub's 422 for a query it will not run."""


@dataclass(frozen=True)
class Query:
    clauses: tuple[tuple[tuple[str, ...], ...], ...]  # AND of OR-groups of token phrases
    excluded: tuple[tuple[str, ...], ...]
    fields: tuple[str, ...]
    filters: tuple[tuple[str, str], ...]


def parse_query(q: str) -> Query:
    """`"Depth Anything" keras OR tflite in:name` -> clauses, exclusions, fields, filters."""
    if len(q) > MAX_QUERY:
        raise QueryError("The search is longer than 256 characters.")
    parts = [(bool(m.group(1) or m.group(3)), m.group(2) if m.group(2) is not None else m.group(4),
              m.group(2) is not None) for m in _PART.finditer(q)]  # fmt: skip
    operators = sum(1 for _, text, quoted in parts if not quoted and text in ("AND", "OR", "NOT"))
    if operators > MAX_OPERATORS:
        raise QueryError(
            "You can't construct a query using more than five AND, OR, or NOT operators."
        )
    clauses: list[list[tuple[str, ...]]] = []
    excluded, filters, fields = [], [], FIELDS_DEFAULT
    join = negate = False
    for minus, text, quoted in parts:
        if not quoted and text in ("AND", "OR", "NOT"):
            join, negate = text == "OR", text == "NOT"
            continue
        if not quoted and ":" in text and text.split(":", 1)[0].lower().isalpha():
            key, value = text.split(":", 1)
            if key.lower() == "in":
                fields = tuple(f for f in value.lower().split(",") if f in WEIGHTS) or fields
            else:
                filters.append((key.lower(), value.lower()))
            continue
        phrase = tuple(_TOKEN.findall(text.lower()))
        if not phrase:
            continue
        if minus or negate:
            excluded.append(phrase)
        elif join and clauses:
            clauses[-1].append(phrase)
        else:
            clauses.append([phrase])
        join = negate = False
    return Query(tuple(tuple(c) for c in clauses), tuple(excluded), fields, tuple(filters))


def _has(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(tokens[i : i + n]) == phrase for i in range(len(tokens) - n + 1))


def _filter_ok(doc: SearchDoc, key: str, value: str) -> bool:
    owner = doc.full_name.split("/", 1)[0].lower()
    if key == "repo":
        return doc.full_name.lower() == value
    if key in ("user", "org"):
        return owner == value
    if key == "topic":
        return value in (t.lower() for t in doc.topics)
    return False  # a fact the corpus did not record (stars, language, dates, ...)


def score(doc: SearchDoc, query: Query) -> float | None:
    """The item's best-match score, or None when it does not match."""
    forks = dict(query.filters).get("fork")
    if (doc.fork and forks not in ("true", "only")) or (not doc.fork and forks == "only"):
        return None
    for key, value in query.filters:
        if key != "fork" and not _filter_ok(doc, key, value):
            return None
    tokens = {f: doc.field(f) for f in query.fields}
    if any(_has(t, p) for t in tokens.values() for p in query.excluded):
        return None
    total = 0.0
    for group in query.clauses:
        hits = [WEIGHTS[f] * len(p) for p in group for f, t in tokens.items() if _has(t, p)]
        if not hits:
            return None
        total += max(hits)
    return total if query.clauses else (1.0 if query.filters else None)


def search(docs: list[SearchDoc], params: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """(status, body) of `GET /search/repositories` over `docs`."""
    try:
        query = parse_query(params.get("q", ""))
        per_page = min(max(int(params.get("per_page") or 30), 1), 100)
        page = max(int(params.get("page") or 1), 1)
    except (QueryError, ValueError) as e:
        return 422, _invalid(str(e))
    if (page - 1) * per_page >= MAX_RESULTS and page > 1:
        return 422, {"message": "Only the first 1000 search results are available",
                     "documentation_url": "https://docs.github.com/v3/search/"}  # fmt: skip
    scored = [(s, d) for d in docs if (s := score(d, query)) is not None]
    order: Callable = lambda sd: (-sd[0], sd[1].full_name.lower())  # noqa: E731
    scored.sort(key=order)
    if params.get("sort") == "updated":
        scored.sort(key=lambda sd: sd[1].updated, reverse=params.get("order", "desc") != "asc")
    reachable = scored[:MAX_RESULTS]
    items = reachable[(page - 1) * per_page : page * per_page]
    return 200, {"total_count": len(scored), "incomplete_results": False,
                 "items": [(s, d) for s, d in items], "pages": -(-len(reachable) // per_page)}  # fmt: skip


def _invalid(message: str) -> dict[str, Any]:
    return {"message": "Validation Failed",
            "errors": [{"message": message, "resource": "Search", "field": "q", "code": "invalid"}],
            "documentation_url": "https://docs.github.com/rest/search/search#search-repositories"}  # fmt: skip
