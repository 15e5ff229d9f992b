"""Articles by URL: fetched once, kept in the user's cache, read from there afterwards.

Notes anchor to the text they were made on, so a page is not fetched again on
every open (pages change, and go offline): the cached copy is the article until
the user asks for ``--refresh``, which re-anchors notes as for an edited file.
The standard library's ``urllib`` does what is needed: redirects, a timeout, the
declared charset (left to the page reader), a User-Agent that names reader.
"""

from __future__ import annotations

import hashlib
import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import platformdirs

import reader
from reader.errors import ArticleError

TIMEOUT_SECONDS = 20.0
MAX_PAGE_BYTES = 20 * 1024 * 1024
USER_AGENT = f"reader/{reader.__version__} (terminal article reader)"
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")
BOOK_TYPES = ("application/epub+zip",)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class Fetched:
    """A page as kept in the cache: where its bytes are, and what the server said."""

    url: str
    """The address after redirects."""
    path: Path
    content_type: str


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("reader")) / "pages"


def _cached_paths(url: str) -> tuple[Path, Path]:
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    base = cache_dir() / key
    return base.with_suffix(".page"), base.with_suffix(".json")


def fetch(url: str, *, refresh: bool = False) -> Fetched:
    """The page at ``url``, from the cache unless ``refresh``; ``ArticleError`` on failure."""
    body_path, meta_path = _cached_paths(url)
    if not refresh and body_path.is_file() and meta_path.is_file():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            return Fetched(meta["url"], body_path, meta["content_type"])
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache entry: fetch again
    final_url, content_type, data = _download(url)
    from reader.store.atomic import write_atomic

    try:
        body_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(body_path, data)
        meta = {"url": final_url, "content_type": content_type, "requested": url}
        write_atomic(meta_path, json.dumps(meta).encode("utf-8"))
    except OSError as exc:
        raise ArticleError(f"{url}: cannot keep the page in {cache_dir()} ({exc})") from None
    return Fetched(final_url, body_path, content_type)


def _download(url: str) -> tuple[str, str, bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            content_type = response.headers.get_content_type()
            if content_type not in TEXT_TYPES + BOOK_TYPES:
                raise ArticleError(f"{url}: not an article ({content_type})")
            data = response.read(MAX_PAGE_BYTES + 1)
            final_url = response.geturl()
    except urllib.error.HTTPError as exc:
        raise ArticleError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise ArticleError(f"{url}: no answer within {TIMEOUT_SECONDS:g} s") from None
        raise ArticleError(f"{url}: cannot connect ({_reason(reason)})") from None
    except TimeoutError:
        raise ArticleError(f"{url}: no answer within {TIMEOUT_SECONDS:g} s") from None
    except (OSError, ValueError) as exc:
        raise ArticleError(f"{url}: cannot fetch ({_reason(exc)})") from None
    if len(data) > MAX_PAGE_BYTES:
        raise ArticleError(f"{url}: too large (the limit is {MAX_PAGE_BYTES // 1_048_576} MB)")
    return final_url, content_type, data


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return " ".join(str(reason).split()) or type(reason).__name__
