"""One news report from a file: plain text or a web page saved from an office's site.

Read with bounded memory (at most :data:`MAX_BYTES`), refused whole when it is not one
article in Indonesian. Web pages go through trafilatura (main text, title, publication
date by htmldate): a well-kept extractor rather than scraping of our own. It is imported
only here, so other commands do not pay for it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kpukoord.errors import KpuError
from kpukoord.language import text as text_rule
from kpukoord.language.i18n import _
from kpukoord.language.inputs import read_bounded
from kpukoord.news import words
from kpukoord.record import field, record

# A saved news page, scripts and styles included, is well under this; the text of one
# report is a few kilobytes. Bigger input is refused after reading this much, never
# read whole.
MAX_BYTES = 8 * 1024 * 1024
MIN_WORDS = 25  # fewer: a headline, a caption, not a report
MAX_WORDS = 6000  # more: a book or a page of many reports


@record
class Article:
    name: str  # the file, as errors name it
    title: str | None
    lines: list[str]  # the report's paragraphs, boilerplate left out
    published: dt.date | None = None
    publisher: str | None = None
    html: bool = False
    skipped: list[str] = field(default_factory=list)


def read_bytes(path: str) -> tuple[bytes, str]:
    data, name = read_bounded(path, MAX_BYTES)
    if len(data) > MAX_BYTES:
        raise KpuError(
            _("{name}: larger than {value0} MB; a news report is a few pages").format(
                name=name, value0=MAX_BYTES // (1024 * 1024)
            )
        )
    return data, name


def _is_html(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")) or (
        b"<html" in head or b"<body" in head or b"<article" in head or b"<p>" in head
    )


def load(path: str, *, published: dt.date | None = None) -> Article:
    """The report in a file ('-': standard input), or a KpuError saying why it is not one."""
    data, name = read_bytes(path)
    if not data.strip():
        raise KpuError(_("{name}: the file is empty").format(name=name))
    if b"\x00" in data[:8192]:
        raise KpuError(_("{name}: a binary file, not a news report").format(name=name))
    article = _from_html(data, name) if _is_html(data) else _from_text(data, name)
    if published:
        article.published = published
    _check(article)
    return article


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KpuError(
            _("{name}: not UTF-8 text (byte {start})").format(name=name, start=exc.start)
        ) from None


def _check_chars(text: str, name: str) -> None:
    """Same rule as typed text: no control characters, escapes or bidi overrides."""
    for n, line in enumerate(text.split("\n"), 1):
        wrong = text_rule.problem(line.replace("\t", " "))
        if wrong:
            raise KpuError(_("{name}:{line}: {wrong}").format(name=name, line=n, wrong=wrong))


def _from_text(data: bytes, name: str) -> Article:
    text = text_rule.normalise_newlines(_decode(data, name))
    _check_chars(text, name)
    if re.match(r"\s*#{1,6} \S", text):  # Markdown (a berita saved as .md): its words only
        text = re.sub(r"(?m)^#{1,6} ", "", text)
        text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~<>&])", r"\1", text)
    paragraphs = _paragraphs(text)
    title = next((p for p in paragraphs[:3] if _headline(p) and not _date_of(p)), None)
    published = None
    for line in paragraphs[:6]:  # a byline: "Feb 14, 2023 - 11:13", "Senin, Juli 8, 2024"
        if len(line) <= 40 and re.search(r"\d{4}", line) and len(line.split()) <= 7:
            published = _date_of(line)
            if published:
                break
    publisher = None
    m = re.search(r"\b([A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.(?:COM|ID|NET|ORG|CO\.ID|GO\.ID))\b", text)
    if m:
        publisher = m.group(1)
    return Article(name, title, paragraphs, published, publisher, False)


def _date_of(line: str) -> dt.date | None:
    from kpukoord.language import dates

    try:
        parsed = dates.parse(line)
    except KpuError:
        return None
    return parsed.start if parsed.start == parsed.end else None


def _headline(line: str) -> bool:
    return 3 <= len(line.split()) <= 25 and not line.rstrip().endswith((".", ":"))


def _paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs, a sentence broken over lines joined again; boilerplate out."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [" ".join(x.split()) for x in block.split("\n") if x.strip()]
        if not lines:
            continue
        # a WhatsApp message's bold headline ("*Rakor ...*") stands on its own
        if len(lines) > 1 and re.fullmatch(r"\*[^*]+\*", lines[0]):
            out.append(lines[0].strip("*"))
            lines = lines[1:]
        if len(lines) == 1 and re.fullmatch(r"[*_][^*_]+[*_]", lines[0]):
            lines = [lines[0][1:-1]]
        para = " ".join(lines)
        low = para.lower()
        if low.startswith(words.BOILERPLATE) or low.startswith("- "):
            continue
        # "... melakukan" / "koordinasi ..." split by a blank line inside a quote
        if out and out[-1][-1:] not in '.!?:"”' and para[:1].islower():
            out[-1] += " " + para
            continue
        out.append(para)
    return out


def _from_html(data: bytes, name: str) -> Article:
    try:
        import trafilatura
        from lxml import html as lxml_html
    except ImportError:  # pragma: no cover (a dependency; only a broken install lacks it)
        raise KpuError(_("{name}: reading web pages needs trafilatura").format(name=name)) from None
    try:
        tree = lxml_html.fromstring(data)
    except Exception:  # lxml raises several kinds on garbage
        raise KpuError(_("{name}: not a readable web page").format(name=name)) from None
    articles = [a for a in tree.iter("article") if len(" ".join(a.text_content().split())) > 400]
    if len(articles) > 1:
        raise KpuError(
            _("{name}: the page holds {n} articles; save the page of one report").format(
                name=name, n=len(articles)
            )
        )
    doc: Any = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    if doc is None or not (doc.text or "").strip():
        raise KpuError(_("{name}: no article text found in the page").format(name=name))
    text = text_rule.normalise_newlines(doc.text)
    _check_chars(text, name)
    paragraphs = _paragraphs(text.replace("\n", "\n\n"))
    title = " ".join((doc.title or "").split()) or None
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    published = None
    if doc.date:
        try:
            published = dt.date.fromisoformat(doc.date[:10])
        except ValueError:
            published = None
    publisher = doc.sitename or doc.hostname or None
    return Article(name, title, paragraphs, published, publisher, True)


def _check(article: Article) -> None:
    toks = re.findall(r"[a-zA-Z]+", " ".join(article.lines).lower())
    if len(toks) < MIN_WORDS or not any(
        p.rstrip().endswith((".", '"', "”", ")")) for p in article.lines
    ):
        raise KpuError(
            _(
                "{name}: no report found (a news report is at least a paragraph of sentences)"
            ).format(name=article.name)
        )
    if len(toks) > MAX_WORDS:
        raise KpuError(
            _("{name}: {n} words is not one news report; give one report per file").format(
                name=article.name, n=len(toks)
            )
        )
    common = sum(1 for t in toks if t in words.INDONESIAN)
    if common < 0.04 * len(toks):
        raise KpuError(
            _(
                "{name}: the text does not read as Indonesian; kpukoord drafts from Indonesian reports"
            ).format(name=article.name)
        )
