"""Name spans of one article: spaCy's entities with their boundaries, labels and misses corrected.

The small English model is fast but cuts names badly in news prose: "The Associated Press that", "Sioux Falls Argus"
without "Leader", "’s Haqqani"; it tags "Nationally" and "gaunt" as people, "777x" as an organization, and misses
sources it has never seen ("told Ruptly", "Kan reported"). This module turns its entities into clean name spans and
drops the ones FORMAT.md says are not actors by position (datelines, credit lines, "X-based"). What each name stands
for (which person, which country) is decided in ``actors``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from etl.analyze.lexicon import actor_nouns, context_words, is_title_head, is_title_word, words
from etl.analyze.names import strip_possessive

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
LEADING_NOISE = frozenset({"the", "a", "an", "'s", "’s", "'", "’"})
POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’"})
CHAIN_CONNECTORS = frozenset({"of", "for", "on", "and", "&", "de"})
CHAIN_ARTICLE_AFTER = frozenset({"of", "for", "on"})
FUNCTION_POS = frozenset({"DET", "PRON", "SCONJ", "ADP", "CCONJ", "AUX", "VERB", "PART"})
NOT_CAPITAL_POS = frozenset({"DET", "PRON", "AUX", "VERB", "ADP", "CCONJ", "SCONJ", "PUNCT", "NUM", "PART", "SYM"})
DASHES = ("—", "–", "--", " - ")
DATELINE_SPAN = 120  # "WASHINGTON, D.C. (Reuters) —" fits in this many characters
AGENCY_CREDIT = 40  # "(Agence France-Presse)" fits in this many characters
CAPITALISED_TOKEN = re.compile(r"(?:[A-Z]\.)+|[A-Z][\w.-]*")


@dataclass
class NameSpan:
    """One mention of a name.

    ``base`` is the name proper and ``span`` the whole mention: they differ when a noun completes the mention
    ("Houston area", "Russia's foreign ministry"); ``noun`` is that noun and ``body`` says it makes the mention an
    institution of ``base`` (then ``label`` is ORG and ``base_label`` the name's own label).
    """

    span: Span
    label: str
    base: Span
    base_label: str
    noun: str | None = None
    body: bool = False
    added: bool = False

    @property
    def text(self) -> str:
        return strip_possessive(self.span.text)

    @property
    def base_text(self) -> str:
        return strip_possessive(self.base.text)

    @property
    def start_char(self) -> int:
        return self.span.start_char


class _Finder:
    """Collects the name spans of one Doc; the word lists come from ``etl/data`` through cached loaders."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        nouns = actor_nouns()
        context = context_words()
        self.body_nouns = _phrases(words(nouns, "body"))
        self.place_nouns = _phrases(words(nouns, "place"))
        self.org_words = words(nouns, "orgword")
        self.report_verbs = words(context, "report")
        self.addressee_verbs = words(context, "addressee")
        self.byline_phrases = words(context, "byline")
        self.dateline_end = _dateline_end(doc)
        self.lowercase_words = {token.text for token in doc if token.is_lower}
        self.term_acronyms = _term_acronyms(doc)

    def find(self) -> list[NameSpan]:
        entities = [ent for ent in self.doc.ents if ent.label_ in ACTOR_LABELS]
        chains = self._organization_chains(entities)
        names: list[NameSpan] = list(chains)
        for ent in entities:
            if any(chain.span.start <= ent.start and ent.end <= chain.span.end for chain in chains):
                continue
            if any(ent.start < chain.span.end and chain.span.start < ent.end for chain in chains):
                continue
            span = self._clean(ent)
            if span is not None and self._keep(span, ent.label_):
                names.append(NameSpan(span, ent.label_, span, ent.label_))
        names.extend(self._missed(names))
        names = _without_sentence_openers(names)
        names = [self._with_noun(name) for name in names]
        return _without_overlaps(names)

    # --- boundaries -------------------------------------------------------------------------------------------

    def _clean(self, ent: Span) -> Span | None:
        """The entity without leading articles and, for people, titles; without trailing possessives and clauses."""
        doc = self.doc
        start, end = ent.start, ent.end
        for i in range(start + 1, end):
            if doc[i].text in {"(", "[", "“", "”", '"'}:
                end = i  # "Ministry of Trade, Industry and Energy (MOTIE": the acronym is a second name
                break
        while start < end and (doc[start].lower_ in LEADING_NOISE or doc[start].is_punct
                               or (ent.label_ == "PERSON" and is_title_word(doc[start]))):
            start += 1
        # "Key Security Council": a sentence-initial adjective capitalised only by its position
        if (ent.label_ in {"ORG", *PLACE_LABELS} and start < end - 1 and doc[start].is_sent_start
                and doc[start].pos_ in {"ADJ", "ADV", "VERB"} and doc[start].tag_ not in {"NNP", "NNPS"}):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in POSSESSIVE_TOKENS
                               or (doc[end - 1].pos_ in FUNCTION_POS and doc[end - 1].is_lower)):
            end -= 1
        if start >= end:
            return None
        return doc[start:end]

    def _keep(self, span: Span, label: str, tagged: bool = True) -> bool:
        """Whether a cleaned span can name an actor at all, and is not excluded by where it stands."""
        text = span.text
        if len(text) < 2 or not any(c.isalpha() for c in text):
            return False
        if not any(token.text[:1].isupper() for token in span):
            return False  # "gaunt", "meth", "the potential exchange"
        if text[0].isdigit():
            return False  # "777x"
        before = self.doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.like_num and label == "PERSON":
            return False  # "737 Max": a model name, not a person
        if tagged and len(span) == 1 and span[0].pos_ in {"ADV", "VERB"} and label not in {"NORP", "GPE"}:
            return False  # "Nationally, dealers sold ..." (a name found by context, like "told Ruptly", may look so)
        if text in self.term_acronyms:
            return False  # "binge eating disorder (BED)": an abbreviated term, not an organization
        after = self.doc[span.end] if span.end < len(self.doc) else None
        if label == "PERSON" and len(span) == 1 and after is not None and after.is_title and is_title_head(after):
            return False  # "Research and Advocacy Director": part of a title
        if len(span) == 1 and self._capitalised_by_position(span[0]) and span[0].lower_ in self.lowercase_words:
            return False  # "Marijuana for recreational use ...", "“Meth, we're on it”": a word, not a name
        if span.end_char <= self.dateline_end:
            return False
        if self._is_based(span):
            return False
        return not (label == "PERSON" and self._in_byline(span))

    def _capitalised_by_position(self, token: Token) -> bool:
        """First word of a sentence or of a quotation, where any word is capitalised."""
        if token.is_sent_start or token.i == 0:
            return True
        before = self.doc[token.i - 1]
        return before.is_quote or before.text in {"“", "‘", '"', "'", "(", "—"}

    def _is_based(self, span: Span) -> bool:
        """"California-based": the place only describes something else (FORMAT.md: not an actor)."""
        doc = self.doc
        return span.end + 1 < len(doc) and doc[span.end].text in {"-", "‑"} and doc[span.end + 1].lower_ == "based"

    def _in_byline(self, span: Span) -> bool:
        sentence = span.sent.text.lower()
        return any(phrase in sentence for phrase in self.byline_phrases)

    def _organization_chains(self, entities: list[Span]) -> list[NameSpan]:
        """Runs of capitalised words that name one organization although spaCy cut them into pieces.

        "U.S. Attorney’s Office for the Western District of New York" (GPE + nothing + LOC + GPE to spaCy) and
        "Sioux Falls Argus Leader" (ORG without its last word): a run counts when it holds an organization word
        ("Office", "University") or extends an ORG entity, and does not stand before a person as a title.
        """
        doc = self.doc
        ent_at = {i: ent for ent in entities for i in range(ent.start, ent.end)}
        other_ents = {i for ent in doc.ents if ent.label_ not in ACTOR_LABELS for i in range(ent.start, ent.end)}
        chains: list[NameSpan] = []
        i = 0
        while i < len(doc):
            if not self._capital(doc[i], other_ents):
                i += 1
                continue
            end = i + 1
            j = i + 1
            while j < len(doc) and not doc[j].is_sent_start:
                token = doc[j]
                if self._capital(token, other_ents):
                    j += 1
                    end = j
                elif token.lower_ in CHAIN_CONNECTORS or token.tag_ == "POS" or (
                    token.lower_ == "the" and doc[j - 1].lower_ in CHAIN_ARTICLE_AFTER
                ):
                    j += 1
                else:
                    break
            chain = doc[i:end]
            accepted = self._chain_is_organization(chain, ent_at)
            if accepted:
                chains.append(NameSpan(chain, "ORG", chain, "ORG", added=True))
            i = end
        return chains

    def _capital(self, token: Token, other_ents: set[int]) -> bool:
        text = token.text
        if not text[:1].isupper() or not any(c.isalpha() for c in text) or token.i in other_ents:
            return False
        if any(c.isdigit() for c in text) or not (text.isalpha() or CAPITALISED_TOKEN.fullmatch(text)):
            return False
        if token.pos_ in NOT_CAPITAL_POS:
            return False
        return not (token.is_sent_start and token.pos_ != "PROPN")

    def _chain_is_organization(self, chain: Span, ent_at: dict[int, Span]) -> bool:
        doc = self.doc
        if len(chain) < 2 or is_title_head(chain[0]):
            return False  # "President of the Senate", "Inspector-General of Police": a title naming its body
        labels = [ent_at[i].label_ if i in ent_at else None for i in range(chain.start, chain.end)]
        if "PERSON" in labels:
            return False
        after = doc[chain.end] if chain.end < len(doc) else None
        if after is not None and (after.ent_type_ == "PERSON" or after.text[:1].isupper()):
            return False  # "White House Press Secretary Stephanie Grisham": a title
        entities = {id(ent_at[i]): ent_at[i] for i in range(chain.start, chain.end) if i in ent_at}
        if any(ent.start < chain.start - 1 or ent.end > chain.end for ent in entities.values()):
            return False  # the chain cuts through an entity: trust the entity
        if len(entities) == 1 and next(iter(entities.values())).end == chain.end and all(
            i in ent_at for i in range(chain.start, chain.end)
        ):
            return False  # the entity already is the whole run ("West Bank" stays a place)
        connectors = [t for t in chain if t.lower_ in {"and", "&"}]
        if connectors and len(entities) > 1:
            return False  # "United Nations and European Union": two names, not one
        if any(t.lower_ in self.org_words for t in chain if t.text[:1].isupper()):
            return not all(is_title_word(t) or t.lower_ in CHAIN_CONNECTORS for t in chain)
        orgs = [ent for ent in entities.values() if ent.label_ == "ORG"]
        if len(orgs) != 1 or any(t.tag_ == "POS" for t in chain):
            return False  # "Boeing's Dreamliner" is Boeing's product, not a longer name
        org = orgs[0]
        longer = chain.start < org.start or chain.end > org.end
        return longer and all(labels[i - chain.start] in {None, "ORG"} for i in range(chain.start, chain.end))

    # --- names spaCy missed -------------------------------------------------------------------------------------

    def _missed(self, found: list[NameSpan]) -> list[NameSpan]:
        """Sources and people the tagger did not mark: "told Ruptly", "Kan reported", "King and Timothy Weeks"."""
        doc = self.doc
        taken = {i for name in found for i in range(name.span.start, name.span.end)}
        taken |= {i for ent in doc.ents if ent.label_ in ACTOR_LABELS for i in range(ent.start, ent.end)}
        added: list[NameSpan] = []

        def take(span: Span | None, label: str) -> None:
            if span is None or any(i in taken for i in range(span.start, span.end)):
                return
            if not self._keep(span, label, tagged=False) or any(is_title_word(t) for t in span):
                return
            taken.update(range(span.start, span.end))
            added.append(NameSpan(span, label, span, label, added=True))

        for token in doc:
            if token.lower_ in self.addressee_verbs and token.pos_ == "VERB":
                take(self._proper_run(token.i + 1), "ORG")
            if token.lower_ in self.report_verbs and token.pos_ == "VERB":
                for child in token.children:
                    if child.dep_ == "nsubj" and child.pos_ == "PROPN":
                        take(self._proper_run(_compound_start(child), require_propn=True), "ORG")
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            for conj in ent.root.conjuncts:
                if conj.i <= ent.root.i or conj.pos_ != "PROPN":
                    continue
                run = self._proper_run(_compound_start(conj), require_propn=True)
                if run is not None and len(run) >= 2 and run.end == conj.i + 1:
                    take(run, "PERSON")
        return added

    def _proper_run(self, start: int, require_propn: bool = False) -> Span | None:
        """The capitalised words from ``start`` on, skipping a leading country adjective ("Australian Timothy")."""
        doc = self.doc
        while start < len(doc) and doc[start].ent_type_ == "NORP":
            start += 1
        end = start
        while end < len(doc) and doc[end].text[:1].isupper() and any(c.isalpha() for c in doc[end].text):
            token = doc[end]
            if token.pos_ in {"PRON", "DET", "AUX"} or (require_propn and token.pos_ != "PROPN"):
                break
            if end > start and token.is_sent_start:
                break
            end += 1
        if end == start or (doc[start].is_sent_start and start > 0 and not require_propn):
            return None
        return doc[start:end]

    # --- nouns that complete a name --------------------------------------------------------------------------

    def _with_noun(self, name: NameSpan) -> NameSpan:
        """Attach an institution noun ("Afghan government") or a place noun ("Houston area") that follows."""
        doc = self.doc
        if name.label == "PERSON" and name.added:
            return name
        after = name.span.end
        if after < len(doc) and doc[after].lower_ in POSSESSIVE_TOKENS and doc[after].tag_ == "POS":
            after += 1
        for phrases, body in ((self.body_nouns, True), (self.place_nouns, False)):
            for phrase in phrases:
                end = after + len(phrase)
                if end > len(doc) or [t.lower_ for t in doc[after:end]] != list(phrase):
                    continue
                if any(not t.is_lower for t in doc[after:end]):
                    continue
                last = doc[end - 1]
                if last.dep_ in {"compound", "amod"} and last.head.i >= end:
                    continue  # "Hong Kong police commissioner": the noun only describes another
                noun = " ".join(phrase)
                span = doc[name.span.start:end]
                if body:
                    if name.label == "ORG" and name.base_label == "ORG" and not name.added:
                        continue  # "Taliban government" is still the Taliban
                    return NameSpan(span, "ORG", name.base, name.label, noun=noun, body=True, added=name.added)
                if name.label != "NORP":
                    label = name.label if name.label in PLACE_LABELS else "LOC"
                    return NameSpan(span, label, name.base, label, noun=noun, added=name.added)
        return name


def _phrases(items: frozenset[str]) -> list[tuple[str, ...]]:
    """Phrases as word tuples, longest first so "foreign ministry" wins over "ministry"."""
    return sorted((tuple(item.split()) for item in items), key=lambda p: (-len(p), p))


def _without_sentence_openers(names: list[NameSpan]) -> list[NameSpan]:
    """"Key Security Council powers": a sentence's first word is capitalised anyway, so when the rest of the name
    appears elsewhere in the article on its own, the first word is not part of the name."""
    texts = {name.text for name in names if not name.span[0].is_sent_start}
    fixed: list[NameSpan] = []
    for name in names:
        span = name.span
        if name.label != "PERSON" and len(span) > 1 and span[0].is_sent_start and span[1:].text in texts:
            span = span[1:]
            name = NameSpan(span, name.label, span, name.base_label, added=name.added)
        fixed.append(name)
    return fixed


def _term_acronyms(doc: Doc) -> set[str]:
    """Acronyms the article defines for lowercase terms ("binge eating disorder (BED)"); names define theirs
    after capitalised words ("International Criminal Court (ICC)")."""
    found: set[str] = set()
    for token in doc[1:-1]:
        after = doc[token.i + 1]
        if doc[token.i - 1].text != "(" or after.text != ")" or not token.is_upper or not token.is_alpha:
            continue
        letters = token.text.lower()
        start = token.i - 1 - len(letters)
        if start < 0:
            continue
        term = doc[start:token.i - 1]
        if all(t.is_lower or t.is_sent_start for t in term) and "".join(t.lower_[0] for t in term) == letters:
            found.add(token.text)
    return found


def _compound_start(token: Token) -> int:
    start = token.i
    for child in token.children:
        if child.dep_ == "compound" and child.i < start and child.pos_ == "PROPN":
            start = child.i
    return start


def _dateline_end(doc: Doc) -> int:
    """End of an opening dateline ("HANOI, Vietnam (AP) —"), else 0: its places and agency are not actors."""
    head = doc.text[:DATELINE_SPAN]
    first_word = head.split(",", 1)[0].split(" ", 1)[0].strip()
    agency_only = head.startswith("(") and 0 < head.find(")") < AGENCY_CREDIT  # "(Reuters) — The ..."
    if not agency_only and (len(first_word) < 3 or not first_word.isupper() or not first_word.isalpha()):
        return 0
    positions = [head.find(dash) for dash in DASHES if head.find(dash) > 0]
    return min(positions) if positions else 0


def _without_overlaps(names: list[NameSpan]) -> list[NameSpan]:
    """Text order, and where two spans share tokens the longer (then the earlier) one wins."""
    names = sorted(names, key=lambda n: (n.span.start, -len(n.span)))
    kept: list[NameSpan] = []
    for name in sorted(names, key=lambda n: -len(n.span)):
        if all(name.span.end <= other.span.start or other.span.end <= name.span.start for other in kept):
            kept.append(name)
    return sorted(kept, key=lambda n: n.span.start)


def find_names(doc: Doc) -> list[NameSpan]:
    """The article's name spans in text order."""
    return _Finder(doc).find()
