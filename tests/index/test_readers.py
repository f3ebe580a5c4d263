"""index.readers: files and URLs become plain article text, or fail with one line that names the input."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest

from index.readers import MAX_TITLE_CHARS, IngestError, is_url, load_article

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harbour bridge reopens after repairs | The Daily Tern</title>
  <meta property="og:title" content="Harbour bridge reopens after repairs">
  <style>body { font-family: serif; }</style>
  <script>window.analytics = {track: function () {}};</script>
</head>
<body>
  <header>
    <div class="logo"><a href="/">The Daily Tern</a></div>
    <nav>
      <ul>
        <li><a href="/">Home</a></li>
        <li><a href="/politics">Politics desk</a></li>
        <li><a href="/sport">Weekend sport results</a></li>
        <li><a href="/subscribe">Subscribe to our newsletter today</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>Harbour bridge reopens after repairs</h1>
      <p class="byline">By Jane Doe, transport correspondent</p>
      <p>The Harbour Bridge in Lowport reopened to traffic on Tuesday after eight months of repairs
         costing 14 million euros.</p>
      <p>City engineer Maria Lopez said the new steel cables would keep the bridge safe for another
         fifty years.</p>
      <p>Commuters had faced detours of up to forty minutes while the crossing was closed, according
         to the transport office.</p>
    </article>
  </main>
  <aside>
    <h3>Most read</h3>
    <ul><li><a href="/a">Celebrity chef opens floating restaurant</a></li></ul>
  </aside>
  <footer>
    <p>Copyright 2024 The Daily Tern. All rights reserved.</p>
    <p><a href="/privacy">Privacy policy</a> | <a href="/cookies">Cookie settings</a></p>
  </footer>
</body>
</html>
"""
PAGE_PARAGRAPHS = [
    "The Harbour Bridge in Lowport reopened to traffic on Tuesday after eight months of repairs costing "
    "14 million euros.",
    "City engineer Maria Lopez said the new steel cables would keep the bridge safe for another fifty years.",
    "Commuters had faced detours of up to forty minutes while the crossing was closed, according to the "
    "transport office.",
]
BOILERPLATE = ["Subscribe to our newsletter", "Politics desk", "Weekend sport results", "All rights reserved",
               "Privacy policy", "Cookie settings", "Celebrity chef", "Most read", "window.analytics",
               "font-family"]

TEXT = """  Ferry strike halts island crossings

Ferry workers on the Kessel islands walked out on Monday over a pay dispute.
The union said the strike would last 48 hours.

"""

MARKDOWN = """# Council backs *new* cycle lanes

The city council on Wednesday approved **twelve kilometres** of protected cycle lanes, see the
[full plan](https://example.org/plan.pdf) for the map.

## Reactions

- Shop owners on Mill Street fear losing parking spaces.
- Cyclists welcomed the `phase 1` works.

> “This is the safest the city has ever been for children on bikes,” said councillor Priya Shah.

```
print("code blocks are not article text")
```
"""


def write(tmp_path: Path, name: str, data: str | bytes) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def assert_one_line_naming(exc: pytest.ExceptionInfo[IngestError], source: str, *fragments: str) -> None:
    message = str(exc.value)
    assert "\n" not in message and "\r" not in message, message
    assert source in message, message
    for fragment in fragments:
        assert fragment.lower() in message.lower(), message


# --- files ------------------------------------------------------------------------------------------


def test_txt_keeps_text_and_takes_first_line_as_title(tmp_path):
    src = write(tmp_path, "ferry.txt", TEXT.replace("\n", "\r\n"))
    art = load_article(src)
    assert art.title == "Ferry strike halts island crossings"
    assert art.text == ("Ferry strike halts island crossings\n\n"
                        "Ferry workers on the Kessel islands walked out on Monday over a pay dispute.\n"
                        "The union said the strike would last 48 hours.")
    assert art.source == str(Path(src).resolve())
    assert art.doc_id == hashlib.sha256(art.text.encode()).hexdigest()[:16]


def test_txt_long_first_paragraph_gives_its_first_sentence_as_title(tmp_path):
    first = "The mayor resigned on Friday after a week of protests. " + "Crowds had gathered daily. " * 10
    art = load_article(write(tmp_path, "long.txt", first + "\nSecond paragraph."))
    assert art.title == "The mayor resigned on Friday after a week of protests."
    assert len(art.title) <= MAX_TITLE_CHARS


def test_a_title_given_overrides_and_a_blank_one_is_ignored(tmp_path):
    src = write(tmp_path, "ferry.txt", TEXT)
    assert load_article(src, title="  Given title ").title == "Given title"
    assert load_article(src, title="   ").title == "Ferry strike halts island crossings"


def test_a_long_first_sentence_is_cut_at_a_word_for_the_title(tmp_path):
    # A wire story run as one paragraph whose first sentence alone is longer than a title may be.
    art = load_article(write(tmp_path, "x.txt", "word " * 100))  # one 500-char line with no sentence end
    assert art.title.startswith("word word") and art.title.endswith("word…"), art.title
    assert len(art.title) <= MAX_TITLE_CHARS


def test_same_text_same_id_other_text_other_id(tmp_path):
    a = load_article(write(tmp_path, "a.txt", TEXT))
    b = load_article(write(tmp_path, "sub/b.txt", TEXT))
    c = load_article(write(tmp_path, "c.txt", TEXT + "One more line."))
    assert a.doc_id == b.doc_id != c.doc_id
    assert a.source != b.source


def test_cp1252_file_is_decoded(tmp_path):
    art = load_article(write(tmp_path, "old.txt", "Café owners in Zürich protest – again".encode("cp1252")))
    assert art.text == "Café owners in Zürich protest – again"


def test_utf8_bom_is_dropped(tmp_path):
    art = load_article(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + b"Headline here\nBody."))
    assert art.text.startswith("Headline here") and art.title == "Headline here"


def test_markdown_is_stripped_to_text_with_title_from_first_heading(tmp_path):
    art = load_article(write(tmp_path, "lanes.md", MARKDOWN))
    assert art.title == "Council backs new cycle lanes"
    lines = art.text.split("\n")
    assert lines[0] == "Council backs new cycle lanes"
    assert ("The city council on Wednesday approved twelve kilometres of protected cycle lanes, see the "
            "full plan for the map.") in lines
    assert "Shop owners on Mill Street fear losing parking spaces." in lines
    assert "Cyclists welcomed the phase 1 works." in lines
    assert any("said councillor Priya Shah" in line for line in lines)
    for markup in ("#", "*", "**", "`", "[", "](", "https://example.org", ">", "print("):
        assert markup not in art.text, markup


def test_html_file_keeps_article_and_drops_boilerplate(tmp_path):
    art = load_article(write(tmp_path, "bridge.html", PAGE))
    assert art.title == "Harbour bridge reopens after repairs"
    assert art.text.split("\n")[0] == art.title, "the headline is the first line (so it becomes a chunk)"
    for para in PAGE_PARAGRAPHS:
        assert para in art.text.split("\n")
    for junk in BOILERPLATE:
        assert junk not in art.text, junk
    assert "<" not in art.text


def test_html_without_article_text_is_an_error(tmp_path):
    src = write(tmp_path, "empty.html", "<html><head><title></title></head><body><nav></nav></body></html>")
    with pytest.raises(IngestError) as exc:
        load_article(src)
    assert_one_line_naming(exc, src)


# --- file errors: one line naming the input ---------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "fragment"), [
    ("report.pdf", b"%PDF-1.4 some pdf", "unsupported"),
    ("noext", b"Headline\nBody text.", "unsupported"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t\n   \r\n  ", "empty"),
    ("blank.md", b"\n\n   \n", "empty"),
    ("nul.txt", b"Headline\n" + b"\x00\x01\x02\x03" * 64, "binary"),
    ("image.txt", bytes(range(256)) * 8, "binary"),
])
def test_bad_files_raise_one_line_naming_the_file(tmp_path, name, data, fragment):
    src = write(tmp_path, name, data)
    with pytest.raises(IngestError) as exc:
        load_article(src)
    assert_one_line_naming(exc, src, fragment)


def test_missing_file(tmp_path):
    src = str(tmp_path / "nowhere.txt")
    with pytest.raises(IngestError) as exc:
        load_article(src)
    assert_one_line_naming(exc, src, "no such file")


def test_directory_is_not_a_file(tmp_path):
    src = tmp_path / "folder.txt"
    src.mkdir()
    with pytest.raises(IngestError) as exc:
        load_article(str(src))
    assert_one_line_naming(exc, str(src), "not a file")


def test_oversized_file(tmp_path):
    src = write(tmp_path, "big.txt", "Headline\n" + "Long text. " * 200)
    with pytest.raises(IngestError) as exc:
        load_article(src, max_bytes=1000)
    assert_one_line_naming(exc, src, "larger than")
    assert load_article(src, max_bytes=10_000).title == "Headline"


# --- URLs from a local server ---------------------------------------------------------------------------


def test_is_url():
    assert is_url("http://127.0.0.1:8000/a.html") and is_url("https://example.org/x")
    assert not is_url("data/article.txt") and not is_url("/tmp/a.html") and not is_url("ftp://host/x")


def test_url_html_page(local_site):
    url = local_site.add("/news/bridge", PAGE)
    art = load_article(url)
    assert art.source == url
    assert art.title == "Harbour bridge reopens after repairs"
    for para in PAGE_PARAGRAPHS:
        assert para in art.text
    for junk in BOILERPLATE:
        assert junk not in art.text, junk


def test_url_plain_text(local_site):
    url = local_site.add("/wire/ferry-strike", TEXT, "text/plain; charset=utf-8")
    art = load_article(url)
    assert art.text.startswith("Ferry strike halts island crossings\n")
    assert "The union said the strike would last 48 hours." in art.text
    assert art.title == "Ferry strike halts island crossings"


def test_url_markdown(local_site):
    art = load_article(local_site.add("/lanes.md", MARKDOWN, "text/markdown"))
    assert art.title == "Council backs new cycle lanes" and "**" not in art.text


def test_url_http_404(local_site):
    url = local_site.url("/missing.html")
    with pytest.raises(IngestError) as exc:
        load_article(url)
    assert_one_line_naming(exc, url, "404")


def test_url_http_500(local_site):
    url = local_site.add("/broken", "oops", "text/plain", status=500)
    with pytest.raises(IngestError) as exc:
        load_article(url)
    assert_one_line_naming(exc, url, "500")


def test_url_unreachable(closed_port):
    url = f"http://127.0.0.1:{closed_port}/article.html"
    with pytest.raises(IngestError) as exc:
        load_article(url, timeout=5)
    assert_one_line_naming(exc, url, "cannot fetch")


def test_url_unsupported_content_type(local_site):
    url = local_site.add("/report.pdf", b"%PDF-1.4 \x00\x01", "application/pdf")
    with pytest.raises(IngestError) as exc:
        load_article(url)
    assert_one_line_naming(exc, url, "application/pdf")


def test_url_binary_body(local_site):
    url = local_site.add("/blob.txt", b"\x00\x01binary" * 50, "text/plain")
    with pytest.raises(IngestError) as exc:
        load_article(url)
    assert_one_line_naming(exc, url, "binary")


def test_url_empty_body(local_site):
    url = local_site.add("/empty.txt", b"   \n ", "text/plain")
    with pytest.raises(IngestError) as exc:
        load_article(url)
    assert_one_line_naming(exc, url, "empty")


def test_url_oversized(local_site):
    url = local_site.add("/huge.txt", "Headline\n" + "More words here. " * 500, "text/plain")
    with pytest.raises(IngestError) as exc:
        load_article(url, max_bytes=2000)
    assert_one_line_naming(exc, url, "larger than")


def test_network_guard_stops_remote_fetches(network_guard):
    """The autouse guard turns any non-loopback connection into an error (and records it)."""
    with pytest.raises(Exception, match="outside loopback"):
        load_article("http://news.example.com/story.html", timeout=2)
    with pytest.raises(Exception, match="outside loopback"):
        socket.create_connection(("192.0.2.10", 80), timeout=1)
    with socket.socket() as s, pytest.raises(Exception, match="outside loopback"):
        s.connect_ex(("198.51.100.7", 443))
    assert len(network_guard.take()) >= 3  # recorded, then forgotten so this test passes


def test_a_lead_standing_in_for_the_headline_loses_its_dateline(tmp_path):
    lead = "HARWICK, Vastland (Wire) -- The regional council voted on Tuesday to close three branch libraries. "
    art = load_article(write(tmp_path, "lead.txt", lead + "Readers protested outside the town hall. " * 6))
    assert art.title == "The regional council voted on Tuesday to close three branch libraries.", art.title
