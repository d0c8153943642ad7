"""Port decisions: what a Hub model, a candidate repository, a Keras registry entry or a signal in
the official repository is worth on the ladder (levels and constants in `ladder`).

Pure: it never fetches (scraper/port_search does the look-ups) and never writes the store.
"""

from analysis.ports.keras_registry import KerasModel, KerasRegistry, build_registry
from analysis.ports.ladder import (
    best_level,
    hf_signals,
    is_reading_list,
    mentions_paper,
    port_from_candidate_repo,
    ports_from_hf_models,
    ports_from_keras_registry,
)
from analysis.ports.signals import ports_from_official_snapshot

__all__ = [
    "KerasModel",
    "KerasRegistry",
    "best_level",
    "build_registry",
    "hf_signals",
    "is_reading_list",
    "mentions_paper",
    "port_from_candidate_repo",
    "ports_from_hf_models",
    "ports_from_keras_registry",
    "ports_from_official_snapshot",
]
