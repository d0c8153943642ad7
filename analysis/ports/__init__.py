"""Port decisions: what a Hub model, a candidate repository, a garden model (KerasHub,
keras.applications, community collections) or a signal in the official repository is worth on the
ladder (levels and constants in `ladder`), and how long a port took (`lag`).

Pure: it never fetches (scraper/port_search does the look-ups) and never writes the store.
"""

from analysis.ports.garden_match import GardenIndex, ports_from_gardens
from analysis.ports.gardens import GARDENS, Garden, build_units, units_from_registry
from analysis.ports.keras_registry import KerasModel, KerasRegistry, build_registry
from analysis.ports.ladder import (
    best_level,
    hf_signals,
    is_reading_list,
    mentions_paper,
    port_from_candidate_repo,
    ports_from_hf_models,
)
from analysis.ports.signals import ports_from_official_snapshot

__all__ = [
    "GARDENS",
    "Garden",
    "GardenIndex",
    "KerasModel",
    "KerasRegistry",
    "best_level",
    "build_registry",
    "build_units",
    "hf_signals",
    "is_reading_list",
    "mentions_paper",
    "port_from_candidate_repo",
    "ports_from_gardens",
    "ports_from_hf_models",
    "ports_from_official_snapshot",
    "units_from_registry",
]
