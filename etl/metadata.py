"""Article metadata from an HTML tree: title, authors, published and modified time, section, canonical URL.

trafilatura's own metadata pass misses much of what publishers state explicitly, so this module reads the
page's structured data itself, most explicit source first:

1. JSON-LD (``<script type="application/ld+json">``), preferring ``NewsArticle``-like objects over pages;
2. microdata (``itemprop=...``) and OpenGraph / vendor ``<meta>`` tags (``etl/data/parse_meta_keys.txt``);
3. ``<time datetime>`` elements, then the byline's text;
4. a date in the URL (``/2019/11/18/``, ``/2019-11-18``, ``/2019/nov/18/``, ``20191118``);
5. htmldate, as a last resort for the published date.

A date in the URL is the publisher's own record of the publication day, so when another source disagrees with
it by more than a day (a page's render time, a copied template date), the URL wins.

Time zones: ``published``/``modified`` are **timezone-aware** when the source states an offset or zone
(``2019-11-18T10:45:00Z``, ``+05:30``, ``EST``), keeping the publisher's offset (the instant is exact, and the
local offset is information). When the source gives no zone (a bare date, a local time), the value is **naive**:
assuming UTC would invent information and can move the calendar day by one; consumers that need an instant treat
naive values as "publisher-local, zone unknown". A date without a time becomes midnight (naive).
"""

from __future__ import annotations

import html
import json
import logging
import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from etl.datafiles import data_lines

log = logging.getLogger(__name__)

ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Posting|Report|Review|Story)$", re.I)
"""JSON-LD ``@type`` values that describe the article itself (``NewsArticle``, ``BlogPosting``, ...)."""
PAGE_TYPES = re.compile(r"^(WebPage|ItemPage|CollectionPage|AboutPage|QAPage|MediaObject|VideoObject)$", re.I)
"""Types that describe the page around it: used only when no article object exists."""
EARLIEST = datetime(1990, 1, 1)
"""Dates before this are template defaults or typos, not publication dates of web articles."""

_TZ_ABBREVIATIONS = {
    "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "JST": 9, "KST": 9,
    "AEST": 10, "AEDT": 11,
}
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_URL_DATE_PATTERNS = (
    # /2019/11/18/ or /2019-11-18 or /2019_11_18
    re.compile(r"(?<![0-9])((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?![0-9])"),
    # /2019/nov/18/ (The Guardian, Spokesman, PolitiFact)
    re.compile(r"/((?:19|20)\d\d)/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/([0-3]?\d)(?![0-9])", re.I),
    # 20191118 standing alone in a path segment or at the start of a longer id (news-20191118-slug, /2019111810773)
    re.compile(r"(?<![0-9])((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![0-9]{1,3}(?![0-9]))"),
)
_BY = re.compile(
    r"^\s*((analysis|opinion|commentary|story|words|text|written|reporting|posted|photos?|interview)\s+)?"
    r"(by|from|par|von|por|di|door)\s+",
    re.I,
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b|\be\b|\|)\s*")
_SPACE = re.compile(r"\s+")


@dataclass
class Metadata:
    """What the page says about itself. Every field may be missing."""

    title: str | None = None
    titles: list[str] = field(default_factory=list)
    """All headline variants seen (for telling the headline apart from body text)."""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    published_source: str | None = None
    """Where ``published`` came from: "json-ld", "meta", "time", "url", "htmldate" (for debugging and tests)."""
    modified: datetime | None = None
    section: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    """The language the page declares (``<html lang>``, og:locale ...), as a lower-case ISO 639-1 code."""
    structured_body: str | None = None
    """The publisher's ``articleBody`` from JSON-LD, if any."""
    description: str | None = None


# ---------------------------------------------------------------------------------------------------------------
# data files


@lru_cache(maxsize=1)
def author_noise_words() -> frozenset[str]:
    """``etl/data/parse_author_noise.txt``: words that make a byline fragment a job title, not a name."""
    return frozenset(word.lower() for word in data_lines("parse_author_noise.txt"))


@lru_cache(maxsize=1)
def meta_keys() -> dict[str, list[str]]:
    """``etl/data/parse_meta_keys.txt`` as {field: [meta key, ...]}, most trusted first."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in data_lines("parse_meta_keys.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line.lower())
    return sections


# ---------------------------------------------------------------------------------------------------------------
# dates


def parse_datetime(value: Any) -> datetime | None:
    """A datetime from the many ways pages write one; None when it is not a plausible publication time.

    Aware when the text has an offset or a known zone abbreviation, naive otherwise (see module docstring).
    """
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None or isinstance(value, (dict, bool)):
        return None
    if isinstance(value, (int, float)):
        return _from_timestamp(float(value))
    text = _SPACE.sub(" ", str(value)).strip()
    if not text or len(text) > 80:
        return None
    if re.fullmatch(r"\d{10}(\d{3})?", text):
        return _from_timestamp(float(text) / (1000 if len(text) == 13 else 1))
    dt = _iso(text)
    if dt is None:
        dt = _dateutil(text)
    if dt is None or not _plausible(dt):
        return None
    return dt


def _from_timestamp(ts: float) -> datetime | None:
    try:
        dt = datetime.fromtimestamp(ts, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return dt if _plausible(dt) else None


def _iso(text: str) -> datetime | None:
    candidate = text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text
    candidate = re.sub(r"(\.\d+)?Z$", lambda m: (m.group(1) or "") + "+00:00", candidate)
    candidate = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", candidate)  # +0530 -> +05:30
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def _dateutil(text: str) -> datetime | None:
    from dateutil import parser as dateparser  # imported lazily: only odd formats get here

    tzinfos = {name: timezone(timedelta(hours=h)) for name, h in _TZ_ABBREVIATIONS.items()}
    cleaned = re.sub(r"\b(updated|published|posted|last modified|on|at)\b:?", " ", text, flags=re.I)
    cleaned = re.sub(r"\b(ET|CT|PT|MT)\b", " ", cleaned)  # ambiguous (standard or daylight): leave naive
    cleaned = re.sub(r"(\d)\s*\.?\s*(a|p)\.\s*m\.", r"\1 \2m", cleaned, flags=re.I)
    try:
        with warnings.catch_warnings():  # unknown zone names ("IST" is three zones): keep the time naive
            warnings.simplefilter("ignore")
            dt = dateparser.parse(cleaned, tzinfos=tzinfos, default=datetime(1, 1, 1))
    except (ValueError, OverflowError, TypeError, dateparser.ParserError):
        return None
    if dt.year == 1:  # no year in the text
        return None
    return dt


def _plausible(dt: datetime) -> bool:
    try:
        naive = dt.astimezone(UTC).replace(tzinfo=None) if dt.tzinfo else dt
    except (OverflowError, ValueError):
        return False
    return EARLIEST <= naive <= datetime.now(UTC).replace(tzinfo=None) + timedelta(days=2)


def url_date(url: str | None) -> date | None:
    """The publication day a URL carries in its path (``/2019/11/18/``, ``/2019/nov/18/``, ``-20191118``)."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for pattern in _URL_DATE_PATTERNS:
        for m in pattern.finditer(path):
            y, mo, d = m.groups()
            month = int(mo) if mo.isdigit() else _MONTHS[mo[:3].lower()]
            try:
                found = date(int(y), month, int(d))
            except ValueError:
                continue
            if EARLIEST.date() <= found <= date.today() + timedelta(days=2):
                return found
    return None


def _day(dt: datetime) -> date:
    return dt.date()


# ---------------------------------------------------------------------------------------------------------------
# JSON-LD


def json_ld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD scripts (``@graph`` and nested objects flattened)."""
    found: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        kind = (script.get("type") or "").lower()
        if "ld+json" not in kind:
            continue
        data = _load_json(script.text or "")
        if data is not None:
            _walk(data, found, 0)
    return found


def _load_json(raw: str) -> Any:
    text = raw.strip()
    text = re.sub(r"^\s*(<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)", "", text)
    text = re.sub(r"(-->|//\s*\]\]>|\]\]>)\s*$", "", text).strip()
    if not text:
        return None
    for attempt in (text, re.sub(r",\s*([}\]])", r"\1", text)):  # second try: drop trailing commas
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _walk(node: Any, out: list[dict[str, Any]], depth: int) -> None:
    if depth > 12:
        return
    if isinstance(node, list):
        for item in node:
            _walk(item, out, depth + 1)
    elif isinstance(node, dict):
        out.append(node)
        for key, value in node.items():
            if key in ("@graph", "mainEntity", "itemListElement", "hasPart", "about") or isinstance(
                value, (list, dict)
            ):
                _walk(value, out, depth + 1)


def _types(obj: dict[str, Any]) -> list[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return [t.rsplit("/", 1)[-1]]
    if isinstance(t, list):
        return [x.rsplit("/", 1)[-1] for x in t if isinstance(x, str)]
    return []


def _article_objects(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    articles = [o for o in objects if any(ARTICLE_TYPES.search(t) for t in _types(o))]
    pages = [o for o in objects if any(PAGE_TYPES.match(t) for t in _types(o))]
    return articles + pages


def _names(value: Any) -> list[str]:
    """Person names from a JSON-LD ``author`` value: a string, an object with ``name``, or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
        given, family = value.get("givenName"), value.get("familyName")
        if isinstance(given, str) and isinstance(family, str):
            return [f"{given} {family}"]
        return []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def _person_names(value: Any) -> list[str]:
    """Author names, leaving out ``Organization`` entries when the list also names people."""
    items = value if isinstance(value, list) else [value]
    people = [i for i in items if not (isinstance(i, dict) and "Organization" in _types(i))]
    return _names(people) or _names(items)


def _first_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        for item in value:
            found = _first_str(item)
            if found:
                return found
    if isinstance(value, dict):
        for key in ("@id", "url", "name"):
            found = _first_str(value.get(key))
            if found:
                return found
    return None


# ---------------------------------------------------------------------------------------------------------------
# meta tags and markup


def meta_values(tree: HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` contents keyed by lower-cased property/name/itemprop/http-equiv, in page order."""
    values: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                values.setdefault(key.strip().lower(), []).append(content.strip())
    return values


def _from_meta(values: dict[str, list[str]], section: str) -> list[str]:
    out = []
    for key in meta_keys().get(section, []):
        out.extend(values.get(key, []))
    return out


def _itemprop(tree: HtmlElement, prop: str) -> list[str]:
    """Values of microdata ``itemprop=prop`` elements (``content``/``datetime`` attribute, else text)."""
    out = []
    for el in tree.xpath(f'//*[@itemprop="{prop}"]'):
        if el.tag == "meta":
            continue  # already read with the meta tags
        value = el.get("content") or el.get("datetime")
        if value is None:
            inner = el.xpath('.//*[@itemprop="name"]')
            value = (inner[0].get("content") or inner[0].text_content()) if inner else el.text_content()
        value = _SPACE.sub(" ", value or "").strip()
        if value:
            out.append(value)
    return out


def _time_elements(tree: HtmlElement) -> list[tuple[str, str]]:
    """``(datetime attribute, hint)`` of ``<time>`` elements; hint is "published", "modified" or ""."""
    out = []
    for el in tree.iter("time"):
        value = el.get("datetime") or el.get("data-datetime")
        if not value:
            continue
        marks = " ".join(
            filter(None, [el.get("class"), el.get("itemprop"), el.get("pubdate"), el.getparent().get("class")
                          if el.getparent() is not None else None])
        ).lower()
        hint = ""
        if el.get("pubdate") is not None or re.search(r"publish|pubdate|posted|created|date-?time|byline", marks):
            hint = "published"
        if re.search(r"modif|updat", marks):
            hint = "modified"
        out.append((value.strip(), hint))
    return out


# ---------------------------------------------------------------------------------------------------------------
# the pieces


def _pick_date(candidates: list[tuple[str, Any]]) -> tuple[datetime | None, str | None]:
    """First candidate that parses; a later candidate on the same day that adds a time or zone refines it."""
    best: datetime | None = None
    source: str | None = None
    for src, raw in candidates:
        dt = parse_datetime(raw)
        if dt is None:
            continue
        if best is None:
            best, source = dt, src
            continue
        refines = best.tzinfo is None and dt.tzinfo is not None and abs(_naive(dt) - _naive(best)) <= timedelta(1)
        if refines:
            best = dt
    return best, source


def _naive(dt: datetime) -> datetime:
    return dt.replace(tzinfo=None)


def clean_author(name: str) -> str | None:
    """A person's name as written, without "By", e-mail or handle; None when it is not a name.

    Job titles and credits ("AP Auto Writer", "Staff"), academic suffixes ("MS", "RDN"), URLs and handles are
    not names. All-capital names ("TOM KRISHER") are title-cased, since wire bylines shout.
    """
    text = _SPACE.sub(" ", html.unescape(name)).strip(" \t,;|-–—")
    text = _BY.sub("", text)
    text = re.sub(r"\S+@\S+", "", text).strip(" ,;|-–—")
    if not text or text.startswith(("http://", "https://", "www.", "@", "/")):
        return None
    words = text.split()
    if len(text) > 60 or len(words) > 6 or not re.search(r"[^\W\d_]", text):
        return None
    if re.search(r"\d|\.(com|org|net)\b", text, re.I):  # digits: dates and times, not names
        return None
    if words[-1].lower().strip(".,") in author_noise_words():
        return None  # "AP Auto Writer", "CNN Editor-at-large", "Staff Reports"
    if len(words) == 1 and text.isupper() and len(text) <= 4:
        return None  # "MS", "RDN", "AP": credentials and agency initials
    if text.isupper() and len(text) > 4:
        text = text.title()
    return text


def _authors(objects: list[dict[str, Any]], values: dict[str, list[str]], tree: HtmlElement) -> list[str]:
    raw: list[str] = []
    for obj in _article_objects(objects):
        raw.extend(_person_names(obj.get("author")) or _person_names(obj.get("creator")))
        if raw:
            break
    if not raw:
        raw = [v for v in _from_meta(values, "author") if not v.startswith(("http://", "https://"))]
    if not raw:
        raw = _itemprop(tree, "author")
    if not raw:
        raw = [el.text_content() for el in tree.xpath('//a[@rel="author"]')]
    if not raw:
        raw = _byline_names(tree)
    names: list[str] = []
    seen: set[str] = set()
    for item in raw:
        parts = _AUTHOR_SPLIT.split(_BY.sub("", _SPACE.sub(" ", item).strip()))
        for part in parts:
            name = clean_author(part)
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
    return names[:10]


_BYLINE_CLASS = re.compile(r"(^|[\s_-])(byline|by-line|author|authors|author-name|byline-name)($|[\s_-])", re.I)


def _byline_names(tree: HtmlElement) -> list[str]:
    """Names in the page's visible byline: the links inside a ``class="byline"``/``"author"`` element, else its
    text after "By". Only the first such element outside comment sections and forms counts (later ones are
    related-article cards or commenters)."""
    for el in tree.xpath("//*[@class]"):
        cls = el.get("class") or ""
        if not _BYLINE_CLASS.search(cls) or el.tag in ("body", "html", "article", "main", "label", "input"):
            continue
        if re.search(r"bio|avatar|image|photo|img|label", cls, re.I):
            continue
        if el.xpath('ancestor-or-self::form or ancestor::*[contains(@class, "comment")]'):
            continue
        links = [a.text_content() for a in el.iter("a") if a.text_content().strip()]
        if links:
            return links[:5]
        # separate text pieces (a <br> or a <span> boundary ends a name: "ERIC TUCKER<br>Associated Press")
        pieces = [p for p in (_SPACE.sub(" ", t).strip() for t in el.itertext()) if p]
        text = " \u2029 ".join(pieces)
        match = re.search(r"\bby\s+(?:\u2029\s*)?([^\u2029|•·]+)", text, re.I)
        if match:
            return [match.group(1)]
        if pieces:
            return [pieces[0]]
    return []


def _canonical(tree: HtmlElement, values: dict[str, list[str]], objects: list[dict[str, Any]], url: str | None
               ) -> str | None:
    candidates = [link.get("href") for link in tree.xpath('//link[@href]') if "canonical" in
                  (link.get("rel") or "").lower().split()]
    candidates += values.get("og:url", [])
    for obj in _article_objects(objects):
        candidates += [_first_str(obj.get("mainEntityOfPage")), _first_str(obj.get("url"))]
    for href in candidates:
        if not href or not href.strip():
            continue
        try:
            absolute = urljoin(url, href.strip()) if url else href.strip()
            parts = urlsplit(absolute)
        except ValueError:  # "http://[not-an-ipv6" and friends
            continue
        if parts.scheme in ("http", "https") and parts.netloc:
            return absolute
    return None


def _section(objects: list[dict[str, Any]], values: dict[str, list[str]]) -> str | None:
    candidates = [_first_str(obj.get("articleSection")) for obj in _article_objects(objects)]
    candidates += _from_meta(values, "section")
    for value in candidates:
        if not value or value.startswith(("http://", "https://")):
            continue
        # "News,Home Page,Popular" lists tags; the first one is the section
        section = _SPACE.sub(" ", html.unescape(value)).split(",")[0].strip()
        if section:
            return section[:100]
    return None


def _clean_title(title: str) -> str:
    """Whitespace collapsed, and entities decoded: many CMSs escape twice ("&amp;#8216;")."""
    return _SPACE.sub(" ", html.unescape(title)).strip()


def _titles(tree: HtmlElement, objects: list[dict[str, Any]], values: dict[str, list[str]]) -> list[str]:
    titles: list[str] = []
    for obj in _article_objects(objects):
        for key in ("headline", "name", "alternativeHeadline"):
            value = obj.get(key)
            if isinstance(value, str) and value.strip():
                titles.append(_clean_title(value))
    titles += [_clean_title(v) for v in _from_meta(values, "title")]
    titles += [_clean_title(h.text_content()) for h in tree.iter("h1")][:3]
    page_title = tree.findtext(".//title")
    if page_title and page_title.strip():
        titles.append(_clean_title(page_title))
    return [t for t in dict.fromkeys(titles) if t]


def _best_title(titles: list[str], page_title: str | None) -> str | None:
    """The headline: the first structured title; else ``<title>`` without its " | Site" tail."""
    if titles and (page_title is None or titles[0] != page_title):
        return titles[0]
    if page_title:
        parts = re.split(r"\s+[|–—·»:-]\s+", page_title)
        return max(parts, key=len) if len(parts) > 1 else page_title
    return titles[0] if titles else None


def _language(tree: HtmlElement, values: dict[str, list[str]], objects: list[dict[str, Any]]) -> str | None:
    declared = [tree.get("lang"), tree.get("xml:lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    declared += [_first_str(o.get("inLanguage")) for o in _article_objects(objects)]
    declared += _from_meta(values, "language")
    for value in declared:
        if value:
            code = re.split(r"[-_ ,;]", value.strip().lower())[0]
            code = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv"}.get(code, code)
            if re.fullmatch(r"[a-z]{2}", code):
                return code
    return None


def _published(objects: list[dict[str, Any]], values: dict[str, list[str]], tree: HtmlElement, url: str | None,
               html_fallback: bool) -> tuple[datetime | None, str | None]:
    candidates: list[tuple[str, Any]] = []
    for obj in _article_objects(objects):
        candidates += [("json-ld", obj.get("datePublished")), ("json-ld", obj.get("dateCreated"))]
    candidates += [("meta", v) for v in _from_meta(values, "published")]
    candidates += [("meta", v) for v in _itemprop(tree, "datePublished")]
    times = _time_elements(tree)
    candidates += [("time", v) for v, hint in times if hint == "published"]
    candidates += [("time", v) for v, hint in times if hint == ""][:1]
    found, source = _pick_date(candidates)

    from_url = url_date(url)
    if from_url is not None and (found is None or abs((_day(found) - from_url).days) > 1):
        return datetime(from_url.year, from_url.month, from_url.day), "url"
    if found is None and html_fallback:
        found = _htmldate(tree, url)
        source = "htmldate" if found else None
    return found, source


def _htmldate(tree: HtmlElement, url: str | None) -> datetime | None:
    try:
        from htmldate import find_date

        value = find_date(tree, url=url, original_date=True, extensive_search=True,
                          outputformat="%Y-%m-%d", deferred_url_extractor=True)
    except Exception:  # htmldate on odd markup: no date rather than a crash
        log.debug("htmldate failed on %s", url, exc_info=True)
        return None
    return parse_datetime(value) if value else None


def _modified(objects: list[dict[str, Any]], values: dict[str, list[str]], tree: HtmlElement) -> datetime | None:
    candidates: list[tuple[str, Any]] = [("json-ld", o.get("dateModified")) for o in _article_objects(objects)]
    candidates += [("meta", v) for v in _from_meta(values, "modified")]
    candidates += [("meta", v) for v in _itemprop(tree, "dateModified")]
    candidates += [("time", v) for v, hint in _time_elements(tree) if hint == "modified"]
    return _pick_date(candidates)[0]


def _structured_body(objects: list[dict[str, Any]]) -> str | None:
    """The longest JSON-LD ``articleBody``, as plain text with one paragraph per line."""
    bodies = [_plain(o["articleBody"]) for o in _article_objects(objects) if isinstance(o.get("articleBody"), str)]
    bodies = [b for b in bodies if b]
    return max(bodies, key=len) if bodies else None


_MARKUP = re.compile(r"</?(p|br|div|span|a|em|strong|b|i|h[1-6]|li|ul|ol|blockquote|figure|img)\b[^>]*>", re.I)


def _plain(text: str) -> str:
    """Some publishers put HTML in ``articleBody``: paragraph and line tags become newlines, others vanish."""
    if _MARKUP.search(text):
        text = re.sub(r"<br\s*/?>|</(p|div|h[1-6]|li|blockquote)>", "\n", text, flags=re.I)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def extract_metadata(tree: HtmlElement, url: str | None = None, html_date_fallback: bool = True) -> Metadata:
    """Everything the page states about the article. Never raises on odd markup or malformed JSON-LD."""
    objects = json_ld_objects(tree)
    values = meta_values(tree)
    titles = _titles(tree, objects, values)
    page_title = tree.findtext(".//title")
    published, source = _published(objects, values, tree, url, html_date_fallback)
    modified = _modified(objects, values, tree)
    if modified is not None and published is not None and _naive(modified) < _naive(published) - timedelta(days=1):
        modified = None  # a "modified" before publication is a template artefact
    description = next(iter(values.get("og:description", []) + values.get("description", [])), None)
    return Metadata(
        title=_best_title(titles, _clean_title(page_title) if page_title else None),
        titles=titles,
        authors=_authors(objects, values, tree),
        published=published,
        published_source=source,
        modified=modified,
        section=_section(objects, values),
        canonical_url=_canonical(tree, values, objects, url),
        language=_language(tree, values, objects),
        structured_body=_structured_body(objects),
        description=description,
    )
