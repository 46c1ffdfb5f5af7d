"""Raw page bytes -> text -> lxml tree, without ever raising on odd input.

Fetched pages arrive as bytes, and their encoding is only stated, not guaranteed. The order of evidence follows
what browsers do (WHATWG "encoding sniffing"), minus the HTTP header we do not have here:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) wins;
2. else the ``<meta charset>`` / ``http-equiv content-type`` / XML declaration in the first 4 KB, if it decodes
   the page cleanly (labels are normalised as browsers do: "iso-8859-1" and "ascii" mean windows-1252, a
   "utf-16" label on ASCII-compatible bytes means UTF-8);
3. else UTF-8 when the bytes are valid UTF-8 (the most common mislabelling is UTF-8 declared as Latin-1);
4. else charset-normalizer's guess, when it is installed (it comes with ``requests``), preferring
   windows-1252 among near-ties;
5. else windows-1252, which maps every byte; undecodable bytes become U+FFFD, never an exception.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

SNIFF_BYTES = 4096
TIE_CHAOS = 0.05  # charset-normalizer "chaos" scores this close count as a tie
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.+-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels that browsers decode differently from what the label says (WHATWG Encoding Standard).
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "l1": "cp1252",
    "ascii": "cp1252", "us-ascii": "cp1252", "iso-8859-9": "cp1254", "latin5": "cp1254",
    "tis-620": "cp874", "iso-8859-11": "cp874", "ks_c_5601-1987": "cp949", "euc-kr": "cp949",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "shift_jis": "cp932", "x-sjis": "cp932",
    "sjis": "cp932", "windows-31j": "cp932", "big5": "big5hkscs", "x-user-defined": "cp1252",
}

PARSER = HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False, huge_tree=True
)
"""Comments removed: trafilatura loses the text after an inline ``<!-- -->`` when comments are kept.
``huge_tree`` lifts libxml2's nesting limit from 256 to 2048 levels (deeper content is still cut off) and allows
text nodes over 10 MB."""


def declared_encoding(data: bytes) -> str | None:
    """The Python codec the page's own declaration names (normalised like a browser would), or None."""
    head = data[:SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a UTF-16 label on bytes we could read as ASCII is a lie: browsers use UTF-8
    return name


def decode_html(data: bytes) -> str:
    """Bytes of an HTML page as text (see the module docstring for the order of evidence)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    declared = declared_encoding(data)
    for codec in filter(None, (declared, "utf-8")):
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    guessed = _guess(data)
    if guessed:
        try:
            return data.decode(guessed)
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode(declared or "cp1252", errors="replace")


def _guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: only consulted for undeclared, non-UTF-8 pages
        return None
    matches = list(from_bytes(data[:200_000]))
    if not matches:
        return None
    best = min(matches, key=lambda m: m.chaos)
    # Single-byte code pages often read a Western page equally well ("è" is "č" in cp1250); when windows-1252,
    # the web's default legacy encoding, is about as clean as the best guess, it is the likelier truth.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + TIE_CHAOS:
            return "cp1252"
    return best.encoding


def load_tree(html: str | bytes) -> HtmlElement | None:
    """An lxml tree of the page, or None when there is no markup or text at all."""
    text = decode_html(html) if isinstance(html, (bytes, bytearray)) else str(html)
    text = _XML_DECLARATION.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        return None
    try:
        tree = document_fromstring(text, parser=PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree
