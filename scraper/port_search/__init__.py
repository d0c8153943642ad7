"""Port look-ups on the web: Hugging Face models of a paper, GitHub search for its arXiv id and
title, the keras-hub wheel. What a hit is worth is decided in analysis.ports, never here.
"""

from scraper.port_search.search import find_ports

__all__ = ["find_ports"]
