"""Paper sources: one module per source, one interface (`NAME`, `discover(http, req)`).

A source reports papers and where each code link came from; it never decides which is official.
"""

from __future__ import annotations

from types import ModuleType

from scraper.sources import arxiv, cvf, ghsearch, hf, lists, reference
from scraper.sources.common import DiscoverRequest

SOURCES: dict[str, ModuleType] = {m.NAME: m for m in (hf, arxiv, lists, cvf, ghsearch, reference)}

__all__ = ["SOURCES", "DiscoverRequest"]
