"""The refresh's stages: discover (sources -> papers), fetch (repos -> snapshots and labels) and
ports (the port finder), each writing through analysis.store.

They do I/O and bookkeeping; every decision (official code, label, ladder level) is analysis's.
"""
