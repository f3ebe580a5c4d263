"""Read an article from a `.txt`, `.md` or `.html` file or an http(s) URL into plain text."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
MAX_TITLE_CHARS = 200


class IngestError(ValueError):
    """An input that cannot become an article; the message is one line for a person."""


@dataclass(frozen=True)
class Article:
    """An article's stored text and identity."""

    text: str
    title: str
    source: str

    @property
    def doc_id(self) -> str:
        """Return the content hash that identifies this exact text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


# "VIENNA, June 11 (Agency) - ", "KORVATH, Belisk — ", "DENVER — ": where the story was filed; and
# an agency's credit with or without a place before it, "Harbourton, Belisk (Agency) -- " or "(Agency)"
# run on into the first word.
DATELINE = re.compile(
    r"(?:[A-Z][A-Z .'-]{1,30}(?:,[^.\n—–-]{1,30})?(?:\s*\([^)\n]{1,40}\))?\s+[-—–]+\s+"
    r"|(?:[A-Z][\w.'-]*(?:,?\s[A-Z][\w.'-]*){0,4}\s*)?\([A-Z][^()\n]{1,40}\)(?:\s*[-—–]+\s*|(?=[A-Z\u201c\x22])))"
    "(?=[A-Z\u201c\"\u2018'])"
)


def cut_at_word(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters at a word boundary, marked with "…" when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-—") + "…"


def is_url(source: str) -> bool:
    """Tell whether `source` is an http(s) URL."""
    return urlparse(source).scheme in ("http", "https")


def load_article(
    source: str, *, title: str | None = None, timeout: float = 15.0, max_bytes: int = 5_000_000
) -> Article:
    """Read one file or URL into an Article, raising IngestError with a one-line reason."""
    if is_url(source):
        raw, kind = _fetch(source, timeout=timeout, max_bytes=max_bytes)
        key = source
    else:
        path = Path(source)
        kind = TEXT_SUFFIXES.get(path.suffix.lower())
        if not path.exists():
            raise IngestError(f"{source}: no such file")
        if not path.is_file():
            raise IngestError(f"{source}: not a file")
        if kind is None:
            raise IngestError(
                f"{source}: unsupported file type {path.suffix or '(none)'!r}; "
                f"use one of {', '.join(sorted(TEXT_SUFFIXES))}"
            )
        if path.stat().st_size > max_bytes:
            raise IngestError(f"{source}: larger than {max_bytes:,} bytes")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise IngestError(f"{source}: cannot read ({exc.strerror or exc})") from exc
        key = str(path.resolve())
    text, found_title = _to_text(_decode(raw, source), kind, source)
    if not text.strip():
        raise IngestError(f"{source}: no article text (empty input)")
    fallback = Path(urlparse(source).path).stem or source
    # A blank title given is no title: the article's own (or its file name) stands.
    chosen = (title or "").strip() or found_title or fallback
    return Article(text=text, title=chosen.strip()[:MAX_TITLE_CHARS], source=key)


def _decode(raw: bytes, source: str) -> str:
    if b"\x00" in raw[:8192]:
        raise IngestError(f"{source}: binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older news sites still serve Windows-1252; anything that is not even that is binary.
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise IngestError(f"{source}: binary or unknown text encoding") from exc
        if sum(not (c.isprintable() or c.isspace()) for c in text) > len(text) // 100:
            raise IngestError(f"{source}: binary or unknown text encoding") from None
        return text


def _to_text(raw: str, kind: str, source: str) -> tuple[str, str | None]:
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if kind == "html":
        return _html_to_text(raw, source)
    if kind == "markdown":
        return _markdown_to_text(raw)
    lines = [line.rstrip() for line in raw.strip().split("\n")]
    first = next((line.strip() for line in lines if line.strip()), "")
    # A plain-text article's headline is its first line; when that line is a whole paragraph,
    # its first sentence stands in for the headline, cut at a word when even that is too long (a
    # wire story run as one paragraph): the opening words say more about the story than a file name.
    if len(first) > MAX_TITLE_CHARS:
        first = re.split(r"(?<=[.!?])\s+", first, maxsplit=1)[0]
        # A lead is no headline: where it was filed ("WASHINGTON (CNN) -- ") is no part of a title.
        dated = DATELINE.match(first)
        first = first[dated.end() :] if dated else first
    first = cut_at_word(first, MAX_TITLE_CHARS)
    return "\n".join(lines), first or None


def _html_to_text(html: str, source: str) -> tuple[str, str | None]:
    import trafilatura  # noqa: PLC0415 - heavy; only HTML ingest pays for it

    try:
        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, with_metadata=True, favor_recall=True
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise IngestError(f"{source}: cannot parse HTML ({type(exc).__name__})") from exc
    text = (doc.text if doc is not None else None) or ""
    if not text.strip():
        raise IngestError(f"{source}: no article text found in the HTML")
    title = doc.title if doc is not None else None
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    # trafilatura drops the headline from the body; keep it as the first line so it is a chunk too.
    if title and (not lines or lines[0] != title.strip()):
        lines.insert(0, title.strip())
    return "\n".join(lines), title


def _markdown_to_text(raw: str) -> tuple[str, str | None]:
    from markdown_it import MarkdownIt  # noqa: PLC0415

    lines: list[str] = []
    title = None
    tokens = MarkdownIt("commonmark").parse(raw)
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or not tok.children:
            continue
        parts = []
        for child in tok.children:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        line = "".join(parts).strip()
        if not line:
            continue
        if title is None and i > 0 and tokens[i - 1].type == "heading_open":
            title = line
        lines.append(line)
    return "\n".join(lines), title


def _fetch(url: str, *, timeout: float, max_bytes: int) -> tuple[bytes, str]:
    import httpx  # noqa: PLC0415

    try:
        with (
            httpx.Client(
                timeout=timeout,
                follow_redirects=True,
                headers={"User-Agent": "newsbot/0.1 (+article reader)"},
            ) as client,
            client.stream("GET", url) as resp,
        ):
            if resp.status_code >= 400:
                raise IngestError(f"{url}: HTTP {resp.status_code}")
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise IngestError(f"{url}: larger than {max_bytes:,} bytes")
                chunks.append(chunk)
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
    except httpx.HTTPError as exc:
        raise IngestError(f"{url}: cannot fetch ({type(exc).__name__}: {exc})".splitlines()[0]) from exc
    body = b"".join(chunks)
    if ctype in ("text/html", "application/xhtml+xml") or (not ctype and body.lstrip()[:1] == b"<"):
        return body, "html"
    if ctype == "text/markdown":
        return body, "markdown"
    if ctype.startswith("text/"):
        return body, "text"
    raise IngestError(f"{url}: unsupported content type {ctype or '(none)'!r}")
