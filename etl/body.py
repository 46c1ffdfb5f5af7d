"""The article body: trafilatura's choice of text, re-rendered block by block, cleaned and completed.

How it works, and why:

1. **Base extractors.** trafilatura runs with ``favor_precision`` (little boilerplate, sometimes drops
   paragraphs) and, when that returns little text, again with its defaults (more recall, more furniture). The
   publisher's own ``articleBody`` from JSON-LD, when the page has one, is a third opinion.
2. **Blocks.** The page is cut into the paragraphs a reader sees (``etl.blocks``), and each block is marked with
   how much of it each base extractor returned. Output is rendered from the blocks, not from trafilatura's
   text, so paragraph boundaries and inline spacing follow the page.
3. **Core and container.** The precision run's blocks are the core (the default run's when precision found
   much less). The article container is the innermost element holding most of the core's text.
4. **Clean.** Core blocks are dropped when they are page furniture: the headline and headings above the first
   paragraph, captions, bylines, "read more" teasers, newsletter prompts, runs of link-only lines (related
   article lists), and anything inside an element whose class or id names such furniture
   (``etl/data/parse_boilerplate_classes.txt``) or whose text matches a reviewed pattern
   (``etl/data/parse_boilerplate_lines.txt``).
5. **Complete.** Blocks inside the container that the core missed come back when another base extractor (or
   JSON-LD) vouches for them, or when they read like prose (long, punctuated, few links) near the core and pass
   the same furniture checks. This recovers leads kept in a "summary" element, text set directly in a
   ``<div>`` with ``<br>`` breaks, bodies split over several ``<div class="article-body">`` chunks, and
   embedded social-media posts (quoted statements, which the "social" furniture words would otherwise drop).

Paragraphs are joined with a blank line ("\\n\\n"); lines separated by a single ``<br>`` inside one paragraph
keep a single newline.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import trafilatura
from lxml.html import HtmlElement

from etl.blocks import HEADING_TAGS, Block, split_blocks
from etl.datafiles import data_lines

log = logging.getLogger(__name__)

MAX_BOILERPLATE_CHARS = 300
"""Paragraphs longer than this are never dropped by a boilerplate line pattern: they are prose."""
MIN_PROSE_CHARS = 80
"""A block the base extractors did not return must be at least this long to be recovered as prose."""
MAX_PROSE_LINK_DENSITY = 0.3
"""...and have at most this share of its characters inside links."""
MATCHED = 0.5
"""A block counts as returned by an extractor when at least this share of its characters was."""
MAX_TITLE_CHARS = 250
"""A "title" longer than this is a description that a page put in a title field: not used to spot headlines."""
PROSE_REACH = 3
"""Unvouched prose is recovered only between the core's first and last block, this many blocks beyond, or
when it is a direct child of the container or shares its parent element with a core block."""
SECOND_OPINION_CHARS = 2000
"""trafilatura's default (recall) run is made only when its precision run returned less text than this. On the 181
benchmark pages (fast mode) a bound of 1,000 or 2,000 gives the same bodies; 4,000 makes two pages exact (F1 +0.0003)
for 4 ms more per page, a sixth of parsing time."""
CORE_SWITCH_RATIO = 0.5
"""When precision-mode text is shorter than this share of the default-mode text, the default run is the core."""

CONTENT_CLASS_WORDS = frozenset({"article", "body", "content", "story", "text", "post", "entry", "chunk"})
"""A container whose class has one of these words is the article text itself, so every element with the very
same tag and class is part of it too (bodies split into several ``<div class="article-body">`` chunks)."""

EMBEDDED_POST = re.compile(r"twitter-tweet|instagram-media|tiktok-embed|fb-post|bluesky-embed|mastodon-embed", re.I)
"""Class of a ``<blockquote>`` that embeds a social-media post. Such posts are quoted material of the article
(statements by the people in the story), so the "social"/"embed" furniture words around them do not apply."""

_NONWORD = re.compile(r"\W+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’»)\]]\s*$")


def text_key(text: str) -> str:
    """Text reduced to lower-case word characters: robust to the spacing and punctuation extractors change."""
    return _NONWORD.sub("", text).casefold()


@lru_cache(maxsize=1)
def boilerplate_patterns() -> re.Pattern[str]:
    """The reviewed furniture-line patterns, compiled into one regular expression."""
    lines = data_lines("parse_boilerplate_lines.txt")
    return re.compile("|".join(f"(?:{line})" for line in lines), re.IGNORECASE)


@lru_cache(maxsize=1)
def boilerplate_class_words() -> frozenset[str]:
    """The reviewed class/id words (and hyphenated word pairs) that mark furniture containers."""
    return frozenset(data_lines("parse_boilerplate_classes.txt"))




def class_words(el: HtmlElement) -> set[str]:
    """Lower-case words of an element's class and id, plus adjacent pairs joined by '-'."""
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"
    if not raw.strip():
        return set()
    words = [w for w in _NONWORD.sub(" ", _CAMEL.sub(" ", raw).replace("_", " ")).lower().split() if w]
    return set(words) | {f"{a}-{b}" for a, b in pairwise(words)}


def run_trafilatura(tree: HtmlElement, url: str | None, precision: bool) -> str:
    """trafilatura's plain text for ``tree`` (it copies the tree; comments are never included).

    ``fast``: trafilatura's own fallbacks (readability and jusText, run and compared on every page) are skipped.
    They cost a third of its time, and what they recover the block completion here recovers anyway: on the 181
    benchmark pages body F1 was 0.984 with them and 0.985 without, at 25 instead of 34 ms per page.
    """
    try:
        text = trafilatura.extract(
            tree, url=url, favor_precision=precision, fast=True, include_comments=False, include_tables=True,
            deduplicate=False,
        )
    except Exception:  # trafilatura on pathological markup: treat as "found nothing", never crash
        log.debug("trafilatura failed on %s", url, exc_info=True)
        return ""
    return text or ""


def mark_matches(keys: list[str], text: str, gram: int = 8) -> list[float]:
    """For each block, given by its ``text_key``, the share of its characters that ``text`` (an extractor's
    output) contains.

    Lines of ``text`` are located in the concatenated block keys in document order (exact substring of the
    normalised text); lines that cannot be found exactly (an extractor rewrote them) fall back to character
    ``gram``-grams.
    """
    starts, pos = [], 0
    for k in keys:
        starts.append(pos)
        pos += len(k)
    doc = "".join(keys)
    covered = bytearray(len(doc))
    cursor = 0
    unplaced: list[str] = []
    for line in text.split("\n"):
        lk = text_key(line)
        if not lk:
            continue
        at = doc.find(lk, cursor)
        if at < 0:
            at = doc.find(lk)
        if at < 0:
            unplaced.append(lk)
            continue
        covered[at : at + len(lk)] = b"\x01" * len(lk)
        cursor = at + len(lk)
    grams = {lk[i : i + gram] for lk in unplaced for i in range(max(1, len(lk) - gram + 1))}
    shares = []
    for k, s in zip(keys, starts, strict=True):
        if not k:
            shares.append(0.0)
            continue
        share = sum(covered[s : s + len(k)]) / len(k)
        if grams and share < 1.0:
            kg = [k[i : i + gram] for i in range(max(1, len(k) - gram + 1))]
            share = max(share, sum(g in grams for g in kg) / len(kg))
        shares.append(share)
    return shares


@dataclass
class BodyHints:
    """What the metadata stage already knows and the body stage uses to tell furniture from text."""

    titles: tuple[str, ...] = ()
    """Headline variants (``<title>``, og:title, JSON-LD headline): a block equal to one is not body text."""
    structured_body: str | None = None
    """The publisher's ``articleBody`` from JSON-LD, if any."""


def _container(core: list[Block]) -> frozenset[HtmlElement]:
    """The article container: the innermost element holding at least 80% of the core blocks' text, together
    with the elements of the same tag and class when that class names article text (``CONTENT_CLASS_WORDS``).
    Empty when there is no core."""
    total = sum(len(b.text) for b in core)
    if not total:
        return frozenset()
    weight: Counter[HtmlElement] = Counter()
    depth: dict[HtmlElement, int] = {}
    for b in core:
        chain = [*list(b.element.iterancestors())[::-1], b.element]
        for d, el in enumerate(chain):
            weight[el] += len(b.text)
            depth[el] = d
    best = None
    for el, w in weight.items():
        if w >= 0.8 * total and (best is None or depth[el] > depth[best]):
            best = el
    if best is None:
        return frozenset()
    members = {best}
    cls = best.get("class")
    if cls and best.tag not in ("p", "li") and class_words(best) & CONTENT_CLASS_WORDS:
        members.update(el for el in best.getroottree().iter(best.tag) if el.get("class") == cls)
    return frozenset(members)


def _inside(el: HtmlElement, container: frozenset[HtmlElement]) -> list[HtmlElement] | None:
    """The elements whose class and tag judge ``el``: ``el`` itself and its ancestors below the container.

    None when ``el`` is outside the container. Without a container, the chain runs up to ``<body>``.
    """
    chain = [el]
    node: HtmlElement | None = el
    while node is not None:
        if node in container:
            return chain
        if not container and node.tag in ("body", "html"):
            return chain
        if node is not el:
            chain.append(node)
        node = node.getparent()
    return None if container else chain


def furniture_reason(block: Block, chain: list[HtmlElement], titles: set[str]) -> str | None:
    """Why ``block`` is page furniture, or None when it may be article text."""
    words = boilerplate_class_words()
    if embedded_post(chain):
        chain = []
    for el in chain:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("figcaption", "caption", "nav", "aside", "footer", "header", "form", "button", "label"):
            return f"tag:{tag}"
        hit = class_words(el) & words
        if hit:
            return f"class:{sorted(hit)[0]}"
    if is_title(block.text, titles):
        return "title"
    if len(block.text) <= MAX_BOILERPLATE_CHARS and boilerplate_patterns().search(block.text):
        return "pattern"
    if is_date_line(block.text):
        return "date-line"
    if block.links >= 3 and block.link_density >= 0.8:
        return "link-row"
    return None


def embedded_post(chain: list[HtmlElement]) -> bool:
    """True when the chain passes through a ``<blockquote>`` embedding a social-media post."""
    return any(el.tag == "blockquote" and EMBEDDED_POST.search(el.get("class") or "") for el in chain)


def is_title(text: str, titles: set[str]) -> bool:
    """True when ``text`` is the headline: equal to a title, or most of one ("Headline | Site")."""
    k = text_key(text)
    if not k:
        return False
    return k in titles or (len(k) >= 20 and any(k in t and len(k) >= 0.6 * len(t) for t in titles))


_DATE_BITS = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")


def is_date_line(text: str) -> bool:
    """A short line that is only a date or time stamp ("Tuesday, 22 Oct 2019 at 20:13", "05/10/2018 - ...").

    It must carry a clock time or an all-numeric date: "October 9, 2018" alone is too often part of the text
    (a tweet's attribution line, an event heading).
    """
    if len(text) > 80 or len(text.split()) > 12 or not _DATE_BITS.search(text):
        return False
    digits = sum(c.isdigit() for c in text)
    return digits >= 4 and not _SENTENCE_END.search(text.rstrip(".")) and not text.rstrip().endswith(".")


def _is_prose(block: Block) -> bool:
    return (
        len(block.text) >= MIN_PROSE_CHARS
        and block.link_density <= MAX_PROSE_LINK_DENSITY
        and bool(_SENTENCE_END.search(block.text) or len(block.text) >= 2 * MIN_PROSE_CHARS)
    )


def select_blocks(blocks: list[Block], precise: str, default: str, hints: BodyHints) -> list[Block]:
    """Decide which blocks are the article body (sets ``keep`` and ``reasons`` on every block)."""
    if not blocks:
        return []
    keys = [text_key(b.text) for b in blocks]  # once for the three extractors' marks
    nothing = [0.0] * len(blocks)
    m_prec = mark_matches(keys, precise) if precise else nothing
    # without a second trafilatura run the default-mode text is the precision text: the same marks
    m_def = m_prec if default is precise else mark_matches(keys, default) if default else nothing
    m_ld = mark_matches(keys, hints.structured_body) if hints.structured_body else nothing
    use_default = len(text_key(precise)) < CORE_SWITCH_RATIO * len(text_key(default))
    core_marks = m_def if use_default else m_prec
    for b, m in zip(blocks, core_marks, strict=True):
        b.matched = m
    core = [b for b in blocks if b.matched >= MATCHED]
    container = _container(core)
    titles = {text_key(t) for t in hints.titles if t and 0 < len(t) <= MAX_TITLE_CHARS}
    first = min((b.index for b in core), default=0)
    last = max((b.index for b in core), default=-1)
    core_parents = {b.element.getparent() for b in core}

    for i, b in enumerate(blocks):
        chain = _inside(b.element, container)
        vouched = (m_def[i] >= MATCHED or m_ld[i] >= MATCHED or m_prec[i] >= MATCHED) and b.link_density < 0.5
        parent = b.element.getparent()
        near = first - PROSE_REACH <= i <= last + PROSE_REACH or parent in core_parents or parent in container
        if b.matched >= MATCHED:
            reason = furniture_reason(b, chain if chain is not None else _chain_to_body(b.element), titles)
            b.keep = reason is None
            b.reasons.append("core" if reason is None else reason)
        elif chain is not None and (vouched or (near and (_is_prose(b) or embedded_post(chain)))):
            reason = furniture_reason(b, chain, titles)
            b.keep = reason is None
            b.reasons.append(("vouched" if vouched else "prose") if reason is None else reason)
    _drop_leading_headings(blocks, container)
    _drop_link_lists(blocks)
    return [b for b in blocks if b.keep]


def _chain_to_body(el: HtmlElement) -> list[HtmlElement]:
    chain = []
    node: HtmlElement | None = el
    while node is not None and node.tag not in ("body", "html"):
        chain.append(node)
        node = node.getparent()
    return chain


def _drop_leading_headings(blocks: list[Block], container: frozenset[HtmlElement]) -> None:
    """Headings above the first kept paragraph are headline and standfirst: ``<h1>`` always, others when they sit
    outside the article container (a heading inside it that opens the text, as in a deals list, stays).
    """
    for b in blocks:
        if not b.keep:
            continue
        if b.tag == "h1" or (b.tag in HEADING_TAGS and _inside(b.element, container) is None):
            b.keep = False
            b.reasons.append("leading-heading")
            continue
        break


def _drop_link_lists(blocks: list[Block]) -> None:
    """Runs of two or more kept blocks that are nothing but links are related-article lists."""
    kept = [b for b in blocks if b.keep]
    run: list[Block] = []
    for b in [*kept, None]:
        if b is not None and b.link_density >= 0.9 and not _SENTENCE_END.search(b.text):
            run.append(b)
            continue
        if len(run) >= 2:
            for r in run:
                r.keep = False
                r.reasons.append("link-list")
        run = []


def render(blocks: list[Block]) -> str:
    """Kept blocks as text: paragraphs separated by a blank line, ``<br>`` lines by one newline."""
    out: list[str] = []
    previous = -2
    for b in blocks:
        if out:
            out.append("\n" if b.soft_break and b.index == previous + 1 else "\n\n")
        out.append(b.text)
        previous = b.index
    return "".join(out)


def extract_body(tree: HtmlElement, url: str | None = None, hints: BodyHints | None = None) -> str:
    """The article text of ``tree`` ("" when there is none). ``tree`` is not modified."""
    hints = hints or BodyHints()
    precise = run_trafilatura(tree, url, precision=True)
    # the recall-oriented run costs as much again; it only changes the result when precision mode came up short
    default = run_trafilatura(tree, url, precision=False) if len(precise) < SECOND_OPINION_CHARS else precise
    blocks = split_blocks(tree)
    kept = select_blocks(blocks, precise, default, hints)
    text = render(kept)
    if not text.strip() and not any(b.matched >= MATCHED for b in blocks):
        # The extractors' text matched no block (markup the block splitter cannot follow): use their own text.
        # (When blocks matched but all were furniture, the page has no article text: return nothing.)
        # Their text is often the publisher's JSON-LD ``articleBody`` run into one line: when that is at hand
        # and holds as much, it is taken as written, with its line breaks.
        fallback = precise or default
        if hints.structured_body and len(text_key(hints.structured_body)) >= len(text_key(fallback)):
            fallback = hints.structured_body
        text = "\n\n".join(line.strip() for line in fallback.splitlines() if line.strip())
    return text
