"""GitHub: a repository URL -> RepoSnapshot (metadata, recursive tree, the files the classifier
wants), over REST + raw (`rest`) or GraphQL batches (`graphql`).

Fetches and parses only: it never classifies and never writes the store.
"""

from scraper.github.graphql import fetch_snapshots_graphql
from scraper.github.rest import fetch_snapshot

__all__ = ["fetch_snapshot", "fetch_snapshots_graphql"]
