"""Organization names within one article: which forms name the same body.

Articles name an organization once in full and then shorten it: an acronym ("International Criminal Court" ...
"ICC"), often introduced in parentheses, the last words ("UN Security Council" ... "Security Council"), the first
word ("Emirates Airline" ... "Emirates"), or the bare domain ("Edmunds.com" ... "Edmunds"). A short form joins a long
one only when exactly one long form fits, so "Security Council" stays apart when both the UN and a National
Security Council appear.
"""

from __future__ import annotations

import re

ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,6}$")
WEB_SUFFIX = re.compile(r"\.(?:com|org|net|co\.uk|io)$", re.IGNORECASE)
INITIALS_SKIP = frozenset({"of", "the", "and", "for", "on", "&"})
LEGAL_FORMS = frozenset({"inc", "corp", "corporation", "co", "company", "ltd", "llc", "plc", "ag", "sa", "nv", "gmbh"})


def org_form(text: str) -> str:
    """Comparable form of an organization name: no "the", no web suffix ("Edmunds.com" -> "edmunds"), no legal form
    ("Sierra Nevada Corp." and "Sierra Nevada Corporation" -> "sierra nevada"; "McClatchy Co." -> "mcclatchy"), no
    sentence-final period ("SpaceX.")."""
    text = text.replace("’", "'").strip()
    if text.lower().startswith("the "):
        text = text[4:]
    text = WEB_SUFFIX.sub("", text).lower().rstrip(".")
    words = text.split()
    while len(words) > 1 and words[-1].rstrip(".,") in LEGAL_FORMS:
        words.pop()
    return " ".join(words).rstrip(",")


def is_acronym(text: str) -> bool:
    return bool(ACRONYM.match(text))


def initials(name: str) -> str:
    """"International Criminal Court" -> "ICC"; lowercase function words do not count."""
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in INITIALS_SKIP)


class OrganizationGroups:
    """Union-find over organization forms; the longest form of a group is its key, so keys read like names.

    ``org_words`` are the words that end a company's or body's name ("Airline", "Group"): only a long form ending in
    one gives its first word away as a short form, so "Apple" is not "Apple Watch".
    """

    def __init__(self, org_words: frozenset[str] = frozenset()) -> None:
        self._parent: dict[str, str] = {}
        self._written: dict[str, str] = {}
        self._org_words = org_words

    def add(self, text: str) -> str:
        """Register a form as written; returns its comparable form."""
        form = org_form(text)
        self._parent.setdefault(form, form)
        self._written.setdefault(form, text)
        return form

    def join(self, a: str, b: str) -> None:
        """Declare two written forms the same organization ("International Criminal Court", "ICC")."""
        ra, rb = self._find(self.add(a)), self._find(self.add(b))
        if ra != rb:
            keep, drop = (ra, rb) if len(ra) >= len(rb) else (rb, ra)
            self._parent[drop] = keep

    def key(self, text: str) -> str:
        """The group key of a written form."""
        return self._find(self.add(text))

    def _find(self, form: str) -> str:
        while self._parent[form] != form:
            self._parent[form] = self._parent[self._parent[form]]
            form = self._parent[form]
        return form

    def join_short_forms(self) -> None:
        """Join acronyms, trailing words and first words to the one long form they fit."""
        forms = list(self._parent)
        for form in forms:
            written = self._written[form]
            if is_acronym(written.replace(".", "")):
                letters = written.replace(".", "")
                matches = [f for f in forms if f != form and initials(self._written[f]) == letters]
                if len(matches) == 1:
                    self.join(written, self._written[matches[0]])
                continue
            words = form.split()
            longer = [f for f in forms if len(f.split()) > len(words)]
            owners = [f for f in longer if f.split()[-len(words):] == words] if len(words) >= 2 else []
            if not owners:  # "Emirates" / "Sierra Nevada" for "... Airline" / "... Corporation"
                owners = [f for f in longer if f.split()[:len(words)] == words and f.split()[-1] in self._org_words]
            if len(owners) == 1:
                self.join(written, self._written[owners[0]])
