"""Which source published an article: record field, URL domain, folder, or file stem."""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import urlsplit


@lru_cache(maxsize=1)
def _extractor():
    """A constant, built once: the public-suffix table bundled with tldextract (keyed on nothing
    a user gives; it keeps no per-host results)."""
    import tldextract

    # No suffix-list URLs: use the snapshot bundled with the package, never the network.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def domain_of(url: str) -> str | None:
    """The registered domain of a URL ("www.bbc.co.uk/news" -> "bbc.co.uk")."""
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:  # not a URL ("http://[oops/"): no domain, and no reason to fail the record
        return None
    if not host:
        return None
    registered = _extractor()(host).top_domain_under_public_suffix
    return registered or host.removeprefix("www.")


def resolve_source(
    field: str | None, url: str | None, relative_path: str | None, nested: bool
) -> str:
    """Record field, else the URL's registered domain, else the top folder
    (when the scanned folder holds folders), else the file stem."""
    if field and field.strip():
        return field.strip()
    if url:
        domain = domain_of(url)
        if domain:
            return domain
    if relative_path and relative_path != "-":
        parts = PurePosixPath(relative_path).parts
        if nested and len(parts) > 1:
            return parts[0]
        return PurePosixPath(relative_path).stem
    return "stdin"
