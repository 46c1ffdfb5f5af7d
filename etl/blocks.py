"""Cut an HTML tree into text blocks: the paragraphs a reader sees, in document order.

Trafilatura decides *which* text is the article; this module renders *how* that text reads. Keeping our own
rendering lets the parser (a) keep paragraph boundaries exactly where the page has them (``<p>``, ``<li>``,
``<br><br>``, block-level ``<div>`` ...), (b) keep the spaces that inline markup implies (trafilatura glues
``<a>`` text to its neighbours in some scripts), and (c) look at every block's place in the page (tag, class and
id of its ancestors, link density) when deciding whether it is boilerplate or a paragraph trafilatura dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

# Elements that start a new block. Everything else is inline and flows into the surrounding block.
BLOCK_TAGS = frozenset(
    (
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "caption", "legend", "option",
    )
)
# Elements whose text never belongs to an article: code, embedded objects, form controls.
SKIP_TAGS = frozenset(
    (
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "head", "title",
        "meta", "link", "button", "select", "textarea", "input", "canvas", "video", "audio", "map", "area",
        "source", "track", "picture",
    )
)
MAX_CELL_CHARS = 100
"""Table cells longer than this are paragraphs of a layout table, not data."""
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_SPACE = re.compile(r"[\s\u00a0\u200b\u200c\u200d\u2060\ufeff]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass(eq=False)
class Block:
    """One paragraph of rendered text and where it sits in the page."""

    index: int
    text: str
    element: HtmlElement
    """The nearest block-level element that owns the text (``<p>``, ``<li>``, ``<div>`` ...)."""
    link_chars: int = 0
    """Characters of the text that sit inside ``<a>`` elements."""
    links: int = 0
    """Number of ``<a>`` elements that open inside the block."""
    soft_break: bool = False
    """True when only a single ``<br>`` separates this block from the previous one (a line, not a paragraph)."""
    matched: float = 0.0
    """Share of the block's characters that the base extractor also returned (0..1), set by the body module."""
    keep: bool = False
    """Whether the body module keeps the block as article text."""
    reasons: list[str] = field(default_factory=list)
    """Why it was kept or dropped ("core", "prose", "class:caption", "pattern" ...), for debugging."""

    @property
    def tag(self) -> str:
        return self.element.tag if isinstance(self.element.tag, str) else ""

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def is_hidden(el: HtmlElement) -> bool:
    """Elements a browser would not show: ``hidden``, ``aria-hidden``, inline ``display:none``."""
    if el.get("hidden") is not None:
        return True
    if el.get("aria-hidden") == "true" and el.tag not in ("body", "html", "main", "article"):
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (including NBSP and zero-width characters) to one space."""
    return _SPACE.sub(" ", text).strip()


class _Builder:
    """Walks the tree once and accumulates inline text into blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.inline_cells: set[HtmlElement] = set()
        self.parts: list[str] = []
        self.link_chars = 0
        self.links = 0
        self.owner: HtmlElement | None = None
        self.next_soft = False

    def flush(self, soft_after: bool = False) -> None:
        text = normalize_space("".join(self.parts))
        if text and self.owner is not None:
            block = Block(
                len(self.blocks), text, self.owner, min(self.link_chars, len(text)), self.links, self.next_soft
            )
            self.blocks.append(block)
            self.next_soft = soft_after
        elif not text:
            # An empty line between two ``<br>``: the next block starts a new paragraph.
            self.next_soft = self.next_soft and soft_after
        self.parts = []
        self.link_chars = 0
        self.links = 0

    def walk(self, root: HtmlElement) -> None:
        """Depth-first walk with an explicit stack: deeply nested pages must not hit the recursion limit."""
        stack: list[tuple[str, HtmlElement, bool, HtmlElement | None]] = [("open", root, False, None)]
        while stack:
            action, el, in_link, saved_owner = stack.pop()
            if action == "close":
                if el.tag in BLOCK_TAGS and el not in self.inline_cells:
                    self.flush()
                    self.next_soft = False
                    self.owner = saved_owner
                if el.tail:
                    self.add(el.tail, in_link)
                continue
            tag = el.tag
            if not isinstance(tag, str) or tag in SKIP_TAGS or is_hidden(el):
                # comments, processing instructions, scripts, hidden elements: only their tail text counts
                if el.tail:
                    self.add(el.tail, in_link)
                continue
            if tag == "br":
                had_text = bool(normalize_space("".join(self.parts)))
                self.flush(soft_after=had_text)
                if el.tail:
                    self.add(el.tail, in_link)
                continue
            if tag == "tr" and _is_data_row(el):
                self.inline_cells.update(cell for cell in el if cell.tag in ("td", "th"))
            block = tag in BLOCK_TAGS and el not in self.inline_cells
            if block:
                self.flush()
                self.next_soft = False
                saved_owner, self.owner = self.owner, el
            elif el in self.inline_cells:
                self.parts.append(" ")
            link = in_link or tag == "a"
            if tag == "a" and not in_link:
                self.links += 1
            if el.text:
                self.add(el.text, link)
            stack.append(("close", el, in_link, saved_owner))
            stack.extend(("open", child, link, None) for child in reversed(el))

    def add(self, text: str, in_link: bool) -> None:
        self.parts.append(text)
        if in_link:
            self.link_chars += len(normalize_space(text))


def _is_data_row(tr: HtmlElement) -> bool:
    """A table row of short cells without block content: rendered as one line, cells separated by spaces.

    Layout tables (whole articles inside a ``<td>``) keep their cells as separate blocks.
    """
    cells = [c for c in tr if c.tag in ("td", "th")]
    if len(cells) < 2:
        return False
    for cell in cells:
        if len(cell.text_content()) > MAX_CELL_CHARS:
            return False
        if any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in cell.iterdescendants()):
            return False
    return True


def split_blocks(root: HtmlElement) -> list[Block]:
    """The text blocks of ``root`` in document order, skipping scripts, styles and hidden elements."""
    builder = _Builder()
    body = root.find(".//body") if root.tag != "body" else root
    builder.walk(body if body is not None else root)
    builder.flush()
    return builder.blocks


def ancestors(el: HtmlElement, stop: HtmlElement | None = None) -> list[HtmlElement]:
    """``el`` and its ancestors up to (not including) ``stop``, innermost first."""
    out = []
    node: HtmlElement | None = el
    while node is not None and node is not stop:
        out.append(node)
        node = node.getparent()
    return out


def element_path(el: HtmlElement) -> str:
    """A readable path such as ``body > div#main > p.lead`` (for debugging and tests)."""
    parts = []
    for node in reversed(ancestors(el)):
        if not isinstance(node.tag, str):
            continue
        label = node.tag
        if node.get("id"):
            label += "#" + node.get("id")
        if node.get("class"):
            label += "." + ".".join(node.get("class").split())
        parts.append(label)
    return " > ".join(parts)


