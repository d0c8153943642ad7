"""The one HTTP client (`client.Http`): retries and backoff that honour Retry-After and rate-limit
headers (`policy`), conditional requests over a cache (`cache`, `store_cache` for the database),
base URLs and tokens per host (`settings`).

Every request of the scraper goes through it. A token is sent only to its own host, never logged.
"""

from scraper.http.client import FetchError, Http, Settings

__all__ = ["FetchError", "Http", "Settings"]
