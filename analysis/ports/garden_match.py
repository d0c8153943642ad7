"""Which garden models implement a paper, and what each is worth on the ladder (pure).

A model implements a paper when it cites the paper's arXiv id (README links, exported docstrings);
a model that cites no paper at all may still be named like it (`d_fine` for "D-FINE: ..."), which
counts too. First-party models (KerasHub, keras.applications) are Keras 3 reimplementations with
weights (level 3, as before). Community models are level 3 only with evidence that trained
weights were ported; code without it sits one rung lower (2), below the gap line, and converted
TFLite/SavedModel collections are level 2 as converted artifacts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from analysis.models import GardenUnit, Port, RepoRef, strip_arxiv_version
from analysis.ports.gardens import garden_named
from analysis.ports.ladder import CONVERTED, KERAS3
from analysis.ports.names import unit_named_like

# url -> (first_seen, first_seen_source)
Dates = Mapping[str, tuple[date | None, str | None]]


@dataclass(frozen=True)
class GardenIndex:
    """Every model of every garden, looked up by arXiv id (cited) or by name (uncited models)."""

    units: tuple[GardenUnit, ...] = ()
    notes: tuple[str, ...] = ()  # how each garden was read (repository commit, wheel, failure)
    by_arxiv: dict[str, tuple[GardenUnit, ...]] = field(default_factory=dict, init=False,
                                                        compare=False, repr=False)  # fmt: skip

    def __post_init__(self) -> None:
        index: dict[str, list[GardenUnit]] = {}
        for unit in self.units:
            for arxiv_id in unit.cited:
                index.setdefault(arxiv_id, []).append(unit)
        object.__setattr__(self, "by_arxiv", {k: tuple(v) for k, v in index.items()})

    def lookup(self, arxiv_id: str | None, title: str | None) -> list[tuple[GardenUnit, str]]:
        """(model, why it matches) for every model implementing the paper, cited ones first."""
        found: dict[str, tuple[GardenUnit, str]] = {}
        if arxiv_id:
            arxiv_id = strip_arxiv_version(arxiv_id)
            for unit in self.by_arxiv.get(arxiv_id, ()):
                found.setdefault(unit.url, (unit, f"cites arXiv:{arxiv_id}"))
        for unit in self.units:
            if not unit.cited and unit.url not in found and unit_named_like(unit.name, title):
                found[unit.url] = (unit, "named like the paper (the model cites no paper)")
        return list(found.values())

    def repos(self) -> set[str]:
        """Keys of the repositories the index covers (search hits there are these models)."""
        return {u.repo.key for u in self.units}

    def __len__(self) -> int:
        return len(self.units)


def merge(*indexes: GardenIndex) -> GardenIndex:
    units = tuple(u for ix in indexes for u in ix.units)
    return GardenIndex(units, tuple(n for ix in indexes for n in ix.notes))


def level_of(unit: GardenUnit) -> tuple[str, int, str]:
    """(kind, ladder level, framework) of a garden model."""
    garden = garden_named(unit.garden)
    kind = garden.kind if garden else "keras3"
    if kind == "tflite":
        return "tflite", CONVERTED, "tensorflow"
    if garden is not None and garden.first_party:
        return "keras3", KERAS3, "keras"
    return "keras3", KERAS3 if unit.weights else CONVERTED, "keras"


def port_from_unit(paper_id: str, unit: GardenUnit, why: str, dates: Dates) -> Port:
    """The Port for one matching model; `first_seen` is its first commit when known."""
    kind, level, framework = level_of(unit)
    garden = garden_named(unit.garden)
    party = "first-party" if garden is not None and garden.first_party else "community"
    names = ", ".join(unit.names[:4]) + (" ..." if len(unit.names) > 4 else "")
    weights = unit.weights or "no ported weights seen"
    at = f" @ {unit.version[:12]}" if unit.version else ""
    evidence = f"{unit.garden} ({party}) {unit.path}{at}: {why}; {names or unit.name}; {weights}"
    first, source = dates.get(unit.url, (None, None))
    return Port(paper_id, unit.url, unit.garden, kind, framework, level, evidence, first, True,
                source if first else None)  # fmt: skip


def ports_from_gardens(paper_id: str, arxiv_id: str | None, title: str | None,
                       index: GardenIndex, dates: Dates,
                       official: RepoRef | None = None) -> list[Port]:  # fmt: skip
    """One port per garden model implementing the paper (never the paper's own repository)."""
    return [
        port_from_unit(paper_id, unit, why, dates)
        for unit, why in index.lookup(arxiv_id, title)
        if official is None or unit.repo.key != official.key
    ]


def units_to_date(index: GardenIndex, papers: Iterable[tuple[str | None, str | None]]) -> list:
    """The models matching any of `papers` ((arxiv id, title) pairs): the ones worth dating."""
    seen: dict[str, GardenUnit] = {}
    for arxiv_id, title in papers:
        for unit, _ in index.lookup(arxiv_id, title):
            seen.setdefault(unit.url, unit)
    return list(seen.values())
