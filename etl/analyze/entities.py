"""Name spans of one article: spaCy's entities with their boundaries, labels and misses corrected.

The small English model is fast but cuts names badly in news prose: "The Associated Press that", "Sioux Falls Argus"
without "Leader", "’s Haqqani"; it tags "Nationally" and "gaunt" as people, "777x" as an organization, and misses
sources it has never seen ("told Ruptly", "Kan reported"). This module turns its entities into clean name spans and
drops the ones FORMAT.md says are not actors by position (datelines, credit lines, "X-based"). What each name stands
for (which person, which country) is decided in ``actors``; organization names the tagger cut into pieces are put
back together in ``entity_chains``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property

from spacy.tokens import Doc, Span, Token

from etl.analyze.entity_chains import ACTOR_LABELS, CHAIN_CONNECTORS, PLACE_LABELS, OrganizationChains
from etl.analyze.gazetteer import get_gazetteer
from etl.analyze.lexicon import (
    actor_nouns,
    context_words,
    is_honorific,
    is_title_head,
    is_title_word,
    name_affixes,
    title_words,
    words,
)
from etl.analyze.measures import units
from etl.analyze.names import strip_possessive
from etl.analyze.nlp import doc_text, doc_tokens

LEADING_NOISE = frozenset({"the", "a", "an", "'s", "’s", "'", "’"})
POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’"})
FUNCTION_POS = frozenset({"DET", "PRON", "SCONJ", "ADP", "CCONJ", "AUX", "VERB", "PART"})
MAX_NOUN_MODIFIERS = 2  # "China's commerce ministry", "the city's water department": nouns before an institution noun
DASHES = ("—", "–", "--", " - ")
IDEOLOGY_ENDING = "ism"  # "National Socialism", "Communism"
# words that open a clause and never stand inside a name: "the American Music Awards after Swift scolded ..."
CLAUSE_PREPOSITIONS = frozenset({"after", "before", "during", "since", "until", "amid", "despite", "when", "while"})
STAT_WORDS = frozenset({"goal", "goals", "assist", "assists", "point", "points", "pts", "rebounds", "saves"})
SCORE = re.compile(r"\d+(?:[-–]\d+)+")  # "6-2", "3-0": a score glued to a player's or a team's name
MARKET_CODE = re.compile(r"\.?[A-Z0-9]{2,8}=?|[A-Z]+\d[A-Z0-9]*|[A-Z]{2,8}=")  # "CMCU3", "GBP=", ".DJI"
MIN_WORD_LOWERCASE = 3  # a word with this many small letters is no abbreviation: its final period ends a sentence
DATELINE_SPAN = 120  # "WASHINGTON, D.C. (Reuters) —" fits in this many characters
AGENCY_CREDIT = 40  # "(Agence France-Presse)" fits in this many characters
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us"})
# "Indianapolis – ", "Kansas City, Mo. (AP) — ": a few capitalised words, a dash set off by spaces, then the story
TITLE_CASE_DATELINE = re.compile(
    r"(?!The |An? )(?P<place>[A-Z][\w.'’-]*(?:,? [A-Z][\w.'’-]*){0,4}(?: \([^)\n]{1,30}\))?)\s+[—–-]{1,2}\s+[A-Z“\"]"
)


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

    @cached_property
    def text(self) -> str:
        """The mention as written, without a possessive ending or the period of a sentence it ends ("SpaceX." but
        not "Corp." or "U.S."); read often, so computed once (spans never change)."""
        text = strip_possessive(self.span.text)
        last = text.rsplit(" ", 1)[-1]
        if last.endswith(".") and sum(c.islower() for c in last) >= MIN_WORD_LOWERCASE and \
                last.lower() not in words(actor_nouns(), "orgword"):
            text = text[:-1]
        return text

    @cached_property
    def base_text(self) -> str:
        return strip_possessive(self.base.text)

    @property
    def start_char(self) -> int:
        return self.span.start_char


class _Finder(OrganizationChains):
    """Collects the name spans of one Doc; the word lists come from ``etl/data`` through cached loaders."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.body_nouns = _phrases("body")
        self.place_nouns = _phrases("place")
        self.org_words = words(actor_nouns(), "orgword")
        self.report_verbs = words(context_words(), "report")
        self.addressee_verbs = words(context_words(), "addressee")
        self.byline_phrases = words(context_words(), "byline")
        self.byline_sentences: dict[int, bool] = {}  # sentence start -> whether it reads as a byline
        self.non_actors = words(context_words(), "nonactor")
        self.product_endings = words(context_words(), "product")
        self.companies = words(context_words(), "company")
        self.particles = words(name_affixes(), "particle")
        self.dateline_end = _dateline_end(doc)
        self.text = doc_text(doc)
        self.ents = list(doc.ents)  # Doc.ents builds new spans on every access
        self.organization_texts = {ent.text for ent in self.ents if ent.label_ == "ORG"}
        self.person_words = {strip_possessive(ent[-1].text) for ent in self.ents if ent.label_ == "PERSON"}
        self.gazetteer = get_gazetteer()
        self.tokens = doc_tokens(doc)
        self.lowercase_words = {token.text for token in self.tokens if token.is_lower}
        self.term_acronyms = _term_acronyms(self.tokens)

    def find(self) -> list[NameSpan]:
        entities = [ent for ent in self.ents if ent.label_ in ACTOR_LABELS]
        chains = [NameSpan(c, "ORG", c, "ORG", added=True) for c in self._organization_chains(entities)]
        texts = {ent.text.lower() for ent in entities}
        for ent in entities:  # "Jeff Bezos’s Blue Origin" names Blue Origin on its own too
            texts.update(ent[t.i - ent.start + 1:].text.lower() for t in ent if t.tag_ == "POS")
        names: list[NameSpan] = []
        for chain in chains:
            parts = self._split(chain.span, texts, "ORG")
            if len(parts) == 1:
                names.append(chain)
            else:  # "Sierra Nevada Corporation and SpaceX"
                names.extend(NameSpan(part, "ORG", part, "ORG", added=True) for part, _ in parts)
        for ent in entities:
            if any(chain.span.start <= ent.start and ent.end <= chain.span.end for chain in chains):
                continue
            if any(ent.start < chain.span.end and chain.span.start < ent.end for chain in chains):
                continue
            for part, label in self._split(ent, texts):
                span = self._clean(part, label)
                if span is not None and label != "PERSON" and len(span) >= 3 and self._is_country(span[0].text) \
                        and span[-1].text in self.person_words and span[1].text[:1].isupper():
                    span, label = span[1:], "PERSON"  # "former ambassador to Ukraine Marie Yovanovitch"
                if span is not None and label == "PERSON" and len(span) > 1 and span[-1].is_title \
                        and span[-1].lower_ in self.org_words:
                    label = "ORG"  # "Dick Clark Productions", "Tyvak Nano-Satellite Systems": a company's name
                if span is not None and label == "PERSON" and strip_possessive(span.text).lower() in self.companies:
                    label = "ORG"  # "Twitter", "SpaceX": a company the small tagger often takes for a person
                if span is not None and label == "PERSON" and len(span) == 1 and span[0].tag_ == "NNPS":
                    label = "ORG"  # "the Steelers", "the Penguins": a plural name is a team or a group, not a person
                if span is not None and self._keep(span, label):
                    names.append(NameSpan(span, label, span, label))
        names.extend(self._missed(names))
        names = _without_sentence_openers(names)
        names = self._without_participle_openers(names)
        names = [n for n in names if not self._in_byline(n.span) and n.span.text.lower() not in self.non_actors]
        names = [self._with_noun(name) for name in names]
        return _without_overlaps(names)

    # --- boundaries -------------------------------------------------------------------------------------------

    def _split(self, ent: Span, texts: set[str], label: str | None = None) -> list[tuple[Span, str]]:
        """Entities that hold two names: "Jeff Bezos’s Blue Origin", "SpaceX and Blue Origin" (when the article
        also names either alone; "Department of Health and Human Services" stays whole)."""
        chain = label is not None
        label = label or ("PERSON" if is_honorific(ent[0]) else ent.label_)  # "Mr Assange" tagged ORG
        for i in range(ent.start + 1, ent.end - 1):
            token = self.doc[i]
            if label == "PERSON" and token.tag_ == "POS":
                owner = self.doc[ent.start:i]
                if owner.text.isupper() or owner.text in self.organization_texts:  # "NPR’s Feng": a body's person
                    return [(owner, "ORG"), (self.doc[i + 1:ent.end], "PERSON")]
                return [(owner, "PERSON"), (self.doc[i + 1:ent.end], "ORG")]
            if label == "ORG" and token.text == "," and not chain:
                right = self.doc[i + 1:ent.end]  # "Starship, Blue Origin", "CBS All Access, Disney": a list
                if right.text.lower() in texts and self._named_alone(right, ent):
                    return [(self.doc[ent.start:i], "ORG"), (right, "ORG")]
            if label == "ORG" and token.lower_ in {"and", "&"}:
                left, right = self.doc[ent.start:i], self.doc[i + 1:ent.end]
                # a part named alone elsewhere, not just where the tagger cut this very name in two
                # ("Customs and Border Protection" tagged "Customs" + "Border Protection" once); a run of
                # capitalised words needs no tag ("Sierra Nevada Corporation and SpaceX" with "SpaceX" alone)
                if any((chain or part.text.lower() in texts) and self._named_alone(part, ent)
                       for part in (left, right)):
                    return [(left, "ORG"), (right, "ORG")]
        return [(ent, label)]

    def _named_alone(self, part: Span, whole: Span) -> bool:
        """Whether the text names ``part`` outside every occurrence of ``whole`` ("Johnson & Johnson" does not)."""
        inside = whole.text.count(part.text)
        return self.text.count(part.text) > self.text.count(whole.text) * inside

    def _clean(self, ent: Span, label: str) -> Span | None:
        """The entity without leading articles and, for people, titles; without trailing possessives and clauses."""
        doc, tokens = self.doc, self.tokens
        start, end = ent.start, ent.end
        for i in range(start + 1, end):
            if tokens[i].lower_ in CLAUSE_PREPOSITIONS or (
                tokens[i].text == "the" and tokens[i - 1].lower_ not in CHAIN_CONNECTORS and label != "WORK_OF_ART"
            ):
                end = i  # "American Music Awards after Swift", "told Billboard the Doobies ...": the name has ended
                break
            if tokens[i].text in {"(", "[", "“", "”", '"'} or "\n" in tokens[i - 1].whitespace_ or tokens[i].is_space:
                end = i  # "Ministry of Trade, Industry and Energy (MOTIE": the acronym is a second name;
                break  # a line break ends any name ("Julian Assange\nTimeline")
        while start < end and (tokens[start].lower_ in LEADING_NOISE or tokens[start].is_punct
                               or (label == "PERSON" and is_title_word(tokens[start]))
                               or (tokens[start].is_lower and start < end - 1
                                   and tokens[start].lower_ not in self.particles)):
            start += 1  # "the", "’s Haqqani", "President Biden", "federal Bureau of Prisons", "rookie Emil Bemstrom"
        if label == "PERSON":
            # "Browns DL Sheldon Richardson": a team and a position in capitals before the given name and surname
            descriptor = next((i for i in range(end - 3, start - 1, -1) if _is_capital_abbreviation(tokens[i])), None)
            if descriptor is not None and all(tokens[i].text[:1].isupper() for i in range(descriptor + 1, end)):
                start = descriptor + 1
        owner_end = next((i for i in range(start + 1, end - 1) if tokens[i].tag_ == "POS"), None)
        if (label == "ORG" and owner_end is not None and tokens[owner_end + 1].text == "The"
                and self._is_place(doc[start:owner_end])):
            start = owner_end + 2  # "Houston’s The Cynthia Woods Mitchell Pavilion": the place only locates the name
        if label == "ORG" and is_title_head(tokens[start]):
            # "Founder of Ceres Robotics Inc.", "Chairman of the Joint Chiefs of Staff": the body after the title
            of = next((i for i in range(start + 1, end - 1) if tokens[i].lower_ in {"of", "at"}), None)
            if of is not None and all(is_title_word(t) or t.lower_ in {"and", "&"} for t in doc[start:of]):
                start = of + 1 + (tokens[of + 1].lower_ == "the")
        if (label == "PERSON" and start < end - 1 and tokens[start].text == "Will" and tokens[start].is_sent_start
                and tokens[start].sent.text.rstrip().endswith("?")):
            start += 1  # "Will Warren face attacks?": the question's auxiliary, not a given name
        # "Key Security Council": a sentence-initial adjective capitalised only by its position
        if (label in {"ORG", *PLACE_LABELS} and start < end - 1 and tokens[start].is_sent_start
                and tokens[start].pos_ in {"ADJ", "ADV", "VERB"} and tokens[start].tag_ not in {"NNP", "NNPS"}):
            start += 1
        while end > start and (tokens[end - 1].is_punct or tokens[end - 1].lower_ in POSSESSIVE_TOKENS
                               or (tokens[end - 1].pos_ in FUNCTION_POS and tokens[end - 1].is_lower)
                               or (end - 1 > start and _is_score_or_code(tokens[end - 1], label))
                               or (end - 2 > start and _is_stat(tokens[end - 2], tokens[end - 1]))):
            end -= 1  # "Uchiyama 6-2", "Chile 3-0", "Copper CMCU3", "Sterling GBP=", "K. Hupfer 1 goal"
        if start >= end:
            return None
        return doc[start:end]

    def _keep(self, span: Span, label: str, tagged: bool = True) -> bool:
        """Whether a cleaned span can name an actor at all, and is not excluded by where it stands."""
        text = span.text
        if len(text) < 2 or not any(c.isalpha() for c in text):
            return False
        if len(span) == 1 and not span[0].is_upper and (span[0].pos_ == "PRON" or span[0].lower_ in PRONOUNS):
            return False  # "He" tagged as a person (but "US" is a country)
        if not any(token.text[:1].isupper() for token in span):
            return False  # "gaunt", "meth", "the potential exchange"
        if not self._reads_as_name(span, label):
            return False
        if text[0].isdigit():
            return False  # "777x"
        if len(span) > 1 and span[-1].lower_ in self.product_endings:
            return False  # "MacBook Pro", "Chromecast Ultra": a product, not an actor
        if all(is_title_word(t) or f"{t.lower_}." in title_words() or t.is_punct for t in span):
            return False  # "Lt" or "Lt Col" of "Lt. Col. Alexander Vindman": a title, not a name
        if any((len(t) > 1 and ("(" in t.text or ")" in t.text)) or ("/" in t.text and any(c.isdigit() for c in t.text))
               for t in span):
            return False  # "(CNN Business)A", "Number FHC/ABJ/03/095/2018": a credit or a code, not a name ("AC/DC" is)
        before = self.doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.like_num and (label == "PERSON" or (len(span) == 1 and (span[0].lower_,) in
                                                                             units())):
            return False  # "737 Max": a model name, not a person; "8.69 GW", "30-600 MW": a unit
        if tagged and len(span) == 1 and span[0].pos_ in {"ADV", "VERB"} and label not in {"NORP", "GPE"}:
            return False  # "Nationally, dealers sold ..." (a name found by context, like "told Ruptly", may look so)
        if text in self.term_acronyms:
            return False  # "binge eating disorder (BED)": an abbreviated term, not an organization
        after = self.doc[span.end] if span.end < len(self.doc) else None
        if label == "PERSON" and len(span) == 1 and after is not None and after.is_title and is_title_head(after):
            return False  # "Research and Advocacy Director": part of a title
        if len(span) == 1 and capitalised_by_position(span[0]) and span[0].lower_ in self.lowercase_words:
            return False  # "Marijuana for recreational use ...", "“Meth, we're on it”": a word, not a name
        if span.end_char <= self.dateline_end:
            return False
        if self._is_based(span):
            return False
        return not self._in_byline(span)

    def _reads_as_name(self, span: Span, label: str) -> bool:
        """Whether the words can be one name at all, wherever they stand."""
        if any(token.is_lower and token.pos_ in {"VERB", "AUX"} for token in span):
            return False  # "Garrett hit Rudolph": two names and the verb between them, not one name
        letters = [token for token in span if token.is_alpha]
        if letters and all(t.is_upper for t in letters) and (
            sum(len(t) >= 4 for t in letters) >= 2
            or (len(letters) == 1 and len(letters[0]) >= 4 and letters[0].lower_ in self.lowercase_words)
        ):
            return False  # "SCORES QUARANTINED", "LOWE'S COMPANIES INC": a heading or a table row, not running text
        return not (label != "PERSON" and len(span) <= 2 and span[-1].lower_.endswith(IDEOLOGY_ENDING)
                    and not any(t.lower_ in self.org_words for t in span))  # "National Socialism": an ideology

    def _without_participle_openers(self, names: list[NameSpan]) -> list[NameSpan]:
        """"Hosting Cook at Dreamforce ...", "Questioning Vindman's judgment": a participle opening the sentence
        taken into a person's name; the article names the person elsewhere with another given name."""
        given: dict[str, set[str]] = defaultdict(set)
        for name in names:
            if name.label == "PERSON" and len(name.span) >= 2:
                given[strip_possessive(name.span[-1].text)].add(name.span[0].text)
        fixed: list[NameSpan] = []
        for name in names:
            span = name.span
            first = span[0]
            if (name.label == "PERSON" and len(span) == 2 and first.lower_.endswith("ing")
                    and capitalised_by_position(first)
                    and given.get(strip_possessive(span[-1].text), set()) - {first.text}):
                span = span[1:]
                name = NameSpan(span, name.label, span, name.base_label, added=name.added)
            fixed.append(name)
        return fixed

    def _is_country(self, text: str) -> bool:
        g = self.gazetteer
        return bool(g.country(text) or g.us_state(text))

    def _is_place(self, span: Span) -> bool:
        """A country, capital, state or city the gazetteer knows, or words the tagger calls a place."""
        g = self.gazetteer
        text = strip_possessive(span.text)
        return bool(g.country(text) or g.capital(text) or g.place(text) or g.us_state(text)) or (
            len(span) > 0 and all(t.ent_type_ in {"GPE", "LOC"} for t in span))

    def _is_based(self, span: Span) -> bool:
        """"California-based": the place only describes something else (FORMAT.md: not an actor)."""
        doc = self.doc
        return span.end + 1 < len(doc) and doc[span.end].text in {"-", "‑"} and doc[span.end + 1].lower_ == "based"

    def _in_byline(self, span: Span) -> bool:
        sentence = span.sent
        if sentence.start not in self.byline_sentences:  # asked for every candidate name: once per sentence
            text = sentence.text.lower()
            self.byline_sentences[sentence.start] = any(phrase in text for phrase in self.byline_phrases)
        return self.byline_sentences[sentence.start]

    # --- names spaCy missed -------------------------------------------------------------------------------------

    def _missed(self, found: list[NameSpan]) -> list[NameSpan]:
        """Sources and people the tagger did not mark: "told Ruptly", "Kan reported", "King and Timothy Weeks"."""
        taken = {i for name in found for i in range(name.span.start, name.span.end)}
        taken |= {i for ent in self.ents if ent.label_ in ACTOR_LABELS for i in range(ent.start, ent.end)}
        added: list[NameSpan] = []

        def take(span: Span | None, label: str) -> None:
            if span is None or any(i in taken for i in range(span.start, span.end)):
                return
            if not self._keep(span, label, tagged=False) or is_title_word(span[0]):
                return
            taken.update(range(span.start, span.end))
            added.append(NameSpan(span, label, span, label, added=True))

        for token in self.tokens:
            if token.lower_ in self.addressee_verbs and token.pos_ == "VERB":
                take(self._proper_run(token.i + 1), "ORG")
            if token.lower_ in self.report_verbs and token.pos_ == "VERB":
                for child in token.children:
                    if child.dep_ == "nsubj" and child.pos_ == "PROPN":
                        take(self._proper_run(_compound_start(child), require_propn=True), "ORG")
        for ent in self.ents:
            if ent.label_ != "PERSON":
                continue
            for conj in ent.root.conjuncts:
                if conj.i <= ent.root.i or conj.pos_ != "PROPN":
                    continue
                run = self._proper_run(_compound_start(conj), require_propn=True)
                if run is not None and len(run) >= 2 and run.end == conj.i + 1:
                    take(run, "PERSON")
        # one name, one reading: an organization the tagger found once is the same name where it missed it
        # ("a WeWork spokesperson" after "WeWork" was tagged)
        known: dict[str, list[tuple[str, ...]]] = {}
        for name in found:
            if name.label == "ORG" and name.span[0].text[:1].isupper():
                words = tuple(t.text for t in name.span)
                known.setdefault(words[0], []).append(words)
        for token in self.tokens:
            for words in sorted(known.get(token.text, []), key=len, reverse=True):
                end = token.i + len(words)
                if end <= len(self.tokens) and tuple(t.text for t in self.tokens[token.i:end]) == words:
                    if not (end < len(self.tokens) and self.tokens[end].text[:1].isupper()):
                        take(self.doc[token.i:end], "ORG")  # not when the name runs on ("WeWork Labs")
                    break
        return added

    def _proper_run(self, start: int, require_propn: bool = False) -> Span | None:
        """The capitalised words from ``start`` on, skipping a leading country adjective ("Australian Timothy") or
        article ("told the Argus Leader")."""
        doc = self.doc
        while start < len(doc) and (doc[start].ent_type_ == "NORP" or (doc[start].lower_ == "the" and not
                                                                        require_propn)):
            start += 1
        end = start
        while end < len(doc) and doc[end].text[:1].isupper() and any(c.isalpha() for c in doc[end].text):
            token = doc[end]
            if token.pos_ in {"PRON", "DET", "AUX"} or (require_propn and token.pos_ != "PROPN"):
                break
            if not require_propn and token.ent_type_ and token.ent_type_ not in ACTOR_LABELS:
                break  # "told the Argus Leader Monday"
            if end > start and token.is_sent_start:
                break
            end += 1
        if end == start or (doc[start].is_sent_start and start > 0 and not require_propn):
            return None
        return doc[start:end]

    # --- nouns that complete a name --------------------------------------------------------------------------

    def _with_noun(self, name: NameSpan) -> NameSpan:
        """Attach an institution noun ("Afghan government") or a place noun ("Houston area") that follows."""
        doc, tokens = self.doc, self.tokens
        if name.label == "PERSON" and name.added:
            return name
        after = name.span.end
        if after < len(doc) and tokens[after].lower_ in POSSESSIVE_TOKENS and tokens[after].tag_ == "POS":
            after += 1
        if after >= len(doc) or not tokens[after].is_lower:
            return name
        starts = [after]  # "China's commerce ministry": nouns compounding the institution noun come with it
        while (len(starts) <= MAX_NOUN_MODIFIERS and starts[-1] < len(doc)
               and tokens[starts[-1]].pos_ in {"NOUN", "PROPN"}
               and tokens[starts[-1]].is_lower and tokens[starts[-1]].dep_ == "compound"):
            starts.append(starts[-1] + 1)
        for phrases, body in ((self.body_nouns, True), (self.place_nouns, False)):
            for start, phrase in ((start, phrase) for start in starts for phrase in phrases):
                if start >= len(doc) or phrase[0] != tokens[start].lower_:
                    continue
                end = start + len(phrase)
                if end > len(doc) or [t.lower_ for t in doc[start:end]] != list(phrase):
                    continue
                if any(not t.is_lower for t in doc[after:end]):
                    continue
                last = tokens[end - 1]
                if last.dep_ in {"compound", "amod"} and last.head.i >= end:
                    continue  # "Hong Kong police commissioner": the noun only describes another
                noun = doc[after:end].text
                span = doc[name.span.start:end]
                if body:
                    if name.label == "ORG" and name.base_label == "ORG" and not name.added:
                        continue  # "Taliban government" is still the Taliban
                    return NameSpan(span, "ORG", name.base, name.label, noun=noun, body=True, added=name.added)
                if name.label != "NORP":
                    label = name.label if name.label in PLACE_LABELS else "LOC"
                    return NameSpan(span, label, name.base, label, noun=noun, added=name.added)
        return name


@cache
def _phrases(kind: str) -> tuple[tuple[str, ...], ...]:
    """One kind of ``actor_nouns.tsv`` as word tuples, longest first so "foreign ministry" wins over "ministry"."""
    items = words(actor_nouns(), kind)
    return tuple(sorted((tuple(item.split()) for item in items), key=lambda p: (-len(p), p)))


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


def _term_acronyms(tokens: list[Token]) -> set[str]:
    """Acronyms the article defines for lowercase terms ("binge eating disorder (BED)"); names define theirs
    after capitalised words ("International Criminal Court (ICC)")."""
    found: set[str] = set()
    for i in range(1, len(tokens) - 1):
        token = tokens[i]
        if tokens[i - 1].text != "(" or tokens[i + 1].text != ")" or not token.is_upper or not token.is_alpha:
            continue
        letters = token.text.lower()
        start = i - 1 - len(letters)
        if start < 0:
            continue
        term = tokens[start:i - 1]
        if all(t.is_lower or t.is_sent_start for t in term) and "".join(t.lower_[0] for t in term) == letters:
            found.add(token.text)
    return found


def _is_capital_abbreviation(token: Token) -> bool:
    """"DL", "QB": two to four capitals without dots, a team position or a unit, never a given name's part."""
    return token.is_upper and token.is_alpha and 2 <= len(token) <= 4


def _is_stat(number: Token, word: Token) -> bool:
    """A player's line in a box score glued to the name: "K. Hupfer 1 goal", "Grace Hanks 2 assists"."""
    return number.like_num and word.lower_ in STAT_WORDS


def capitalised_by_position(token: Token) -> bool:
    """First word of a sentence or of a quotation, where any word is capitalised."""
    if token.is_sent_start or token.i == 0:
        return True
    before = token.nbor(-1)
    return before.is_quote or before.text in {"“", "‘", '"', "'", "(", "—"}


def _is_score_or_code(token: Token, label: str) -> bool:
    """A trailing token that is no part of a name: a score ("6-2"), a market code ("CMCU3", "GBP="), or a bare
    number after a person's or a place's name ("Canadiens 2"; "Apollo 11" or "Channel 4" keep theirs)."""
    text = token.text
    if SCORE.fullmatch(text) or (any(c.isdigit() or c == "=" for c in text) and MARKET_CODE.fullmatch(text)):
        return True
    if text.startswith(".") and MARKET_CODE.fullmatch(text):
        return True
    return label in {"PERSON", *PLACE_LABELS} and text.isdigit()


def _compound_start(token: Token) -> int:
    start = token.i
    for child in token.children:
        if child.dep_ == "compound" and child.i < start and child.pos_ == "PROPN":
            start = child.i
    return start


def _dateline_end(doc: Doc) -> int:
    """End of an opening dateline ("HANOI, Vietnam (AP) —", "Indianapolis – "), else 0: its places and agency
    are not actors."""
    head = doc[:DATELINE_SPAN // 2].text[:DATELINE_SPAN]  # Doc.text joins every token: read only the start
    first_word = head.split(",", 1)[0].split(" ", 1)[0].strip()
    agency_only = head.startswith("(") and 0 < head.find(")") < AGENCY_CREDIT  # "(Reuters) — The ..."
    place_only = TITLE_CASE_DATELINE.match(head)  # "Indianapolis – Several thousand teachers ..."
    if place_only:
        return place_only.end("place")
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
