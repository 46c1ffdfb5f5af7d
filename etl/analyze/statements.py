"""Statements: who said what. Direct quotations and reported speech, each tied to the actor who spoke.

The rules follow ``../shared/eval/FORMAT.md`` and the SFU Gender Gap Tracker's approach (syntax first, then
adjacency, then continuation), tuned for one thing above all: a quote with the wrong speaker is worse than none.

1. Quotation marks are paired on the raw text (``quotes.py``), so offsets always index ``doc.text``.
2. Cue verbs (``etl/data/cue_verbs.tsv``) are found in the parse; each gets its speaker (the subject, found through
   participles and coordination: "..., adding", "and said"), its reported content (the complement its frames
   allow: "said that ...", "accused X of ...", "warned of ...", "..., according to X") and its addressee
   ("told CNN").
3. A quotation belongs to the cue its words hang from in the parse, else to a cue right beside it
   ('"...," said X' / 'X said: "..."').
4. Quoted words inside a reported clause: when the longest quotation is at least ``DIRECT_SHARE`` of the clause,
   the statement is direct with just the quoted words; otherwise the whole clause is indirect (the marks were
   a partial quote or scare quotes). A quotation set off beside its cue ('"...," she said') is direct whatever
   the parse made of the clause; one that only modifies a noun ('his "tough on China" stance') is a label.
5. A quotation with no cue belongs to a speaker label ('Schiff: "..."') or signature ('"..." — Mary Collins'), to
   the person the sentence right before it is about ('Volker was blunt. "..."'), or continues the previous
   statement's speaker when it follows it closely (the next paragraph of a running quotation, the second half of
   a quote broken by "she said", a new paragraph of quotes); a short one with no cue is a scare quote, a label or
   a name, and is no statement. A quotation running over paragraphs takes the speaker its last paragraph names.
6. An embedded post ("... — Name (@handle) Month D, YYYY") is a direct statement of its author.

The steps live in one module each: ``statement_cues.py`` (2), ``statement_content.py`` (what a cue reports),
``statement_quotes.py`` (3); this module joins them and decides what is a statement (4-6).
Speakers come from ``speakers.py`` (pronouns, titles, spokes-nouns, organizations referred back to). Reviewed word
lists live in ``etl/data/``: ``cue_verbs.tsv``, ``cue_nouns.tsv``, ``statement_words.tsv``, ``speaker_nouns.tsv``
and ``gender_words.tsv``; the closed-class words (prepositions, conjunctions) stay next to the rules using them.
Stored rows carry the package's ``etl.EXTRACTOR_VERSION``: bump it when the output can change, so re-analysis
finds the articles to redo.

``find_statements`` never raises: a failure is logged and the article keeps the statements found so far.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from etl.analyze.actors import ActorIndex
from etl.analyze.lexicon import is_title_word
from etl.analyze.quotes import WORD, QuoteSpan
from etl.analyze.speakers import SpeakerResolver
from etl.analyze.statement_base import MIN_INLINE_WORDS, MIN_LABEL_WORDS, Content, Cue, cue_lexicon
from etl.analyze.statement_content import ReportedContent
from etl.analyze.statement_cues import CueFinder
from etl.analyze.statement_quotes import QuoteAttachment
from etl.models import Actor, Statement, StatementKind

__all__ = ["cue_lexicon", "find_statements"]

log = logging.getLogger(__name__)

DIRECT_SHARE = 0.5  # quoted words / reported clause at or above which the statement is the quotation itself
MIN_CLAUSE_WORDS = 3  # a reported "clause" shorter than this is an object ("reported using meth"), not speech
MAX_NAME_WORDS = 4  # '"Wild Rose"', '"Hanoi Hilton"': a short quotation all in capitals is a title or a name
# lower-case words a title may keep ("Takin' It to the Streets")
TITLE_SMALL_WORDS = {"a", "an", "the", "of", "to", "in", "on", "and", "for", "at", "by", "or"}
MIN_CONTINUATION_WORDS = 4  # a cue-less quotation shorter than this is a scare quote or a slogan
MIN_ANONYMOUS_WORDS = 8  # a paragraph-long quotation with nobody to attribute it to is still a statement
EMBED = re.compile(
    r"\s*[—–-]{1,2}\s*(?P<name>[^()\n]{2,80}?)\s*\(@\w{1,30}\)\s*"
    r"(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})?\s*"
)
POST_TRIM = " \t\"“”"
POST_END = ".!?\"'”’)"
MIN_POST_WORDS = 3
DASHES = "—–-"
MAX_LABEL_WORDS = 5  # 'Sen. Ted Cruz: "..."': a speaker label before a colon is a name and a title, no more
MAX_POST_LINES = 6
TRAILING_LINKS = re.compile(r"(?:\s*(?:https?://|pic\.twitter\.com/)\S+)+\s*$")


@dataclass
class _Found:
    """A statement before it is split per speaker."""

    start: int
    end: int
    kind: StatementKind
    speakers: list[Actor]
    cue: str | None
    addressee: str | None
    paragraph: int


class _Extractor(CueFinder, ReportedContent, QuoteAttachment):
    """One article's statements: cues, their contents and quotations, then the statements they make."""

    def __init__(self, doc: Doc, actors: ActorIndex, resolver: SpeakerResolver | None) -> None:
        super().__init__(doc, actors, resolver)
        self.found: list[_Found] = []

    # -- driver ----------------------------------------------------------------------------------------------------

    def run(self) -> list[Statement]:
        for step in (self._find_cues, self._attach_quotes, self._cue_statements, self._cueless_quotes,
                     self._embedded_posts, self._running_quotations):
            try:
                step()
            except Exception:  # never abort the article: keep what the other steps found
                log.exception("statement step %s failed", step.__name__)
        return self._emit()

    # -- statements from cues --------------------------------------------------------------------------------------

    def _cue_statements(self) -> None:
        direct_cues: set[int] = set()
        pending: list[Cue] = []
        claimed = {id(q) for cue in self.cues.values() for q in cue.quotes}
        for cue in sorted(self.cues.values(), key=lambda c: c.token.i):
            quotes = list(cue.quotes)
            content = cue.content
            if content is not None:
                # quotations in the reported clause that no other cue claimed ("he said, '...'" is his)
                quotes += [q for q in self._quotes_within(content) if q not in quotes and id(q) not in claimed]
            inside = [q for q in quotes if content is not None and self._number(q) not in self.set_off]
            # quotations set off beside the cue ('"...," Yellen said, "..."') are its words whatever the clause;
            # others are its words only when they make up most of the reported clause
            labels = "label" in cue.frames  # 'called the decision an "extremely adverse development"'
            if quotes and (labels or not inside or self._direct_share(inside, content) >= DIRECT_SHARE):
                for quote in quotes:
                    if labels and (not self._is_statement_label(quote) or cue.token.tag_ == "VBN"):
                        # 'called Omar a "terrorist"'; 'HP is called "feather duvet lung"': a name, not a statement
                        self.used_quotes.add(self._number(quote))
                        continue
                    self._add_direct(quote, cue)
                    direct_cues.add(cue.token.i)
                continue
            for quote in quotes:  # partial or scare quotes: the whole clause is the reported speech
                self.used_quotes.add(self._number(quote))
            if content is not None and content.frame != "label":
                pending.append(cue)
        for cue in pending:
            if not self._nests_statement(cue, direct_cues) and not self._is_nested(cue):
                self._add_indirect(cue)

    def _direct_share(self, quotes: list[QuoteSpan], content: Content) -> float:
        """The longest quotation's share of the words of the reported clause (quotations included)."""
        low, high = self._chars(content)
        start = min(low, *(q.start for q in quotes))
        end = max(high, *(q.end for q in quotes))
        total = len(WORD.findall(self.text[start:end])) or 1
        return max(q.words(self.text) for q in quotes) / total

    def _is_name(self, quote: QuoteSpan) -> bool:
        """No words, or a short run of capitalised words: a quoted title or name ('"Wild Rose"'), not speech."""
        words = WORD.findall(self.text[quote.start : quote.end])
        if not words:
            return True
        capitalised = [w[:1].isupper() or w.isdigit() or (i > 0 and w in TITLE_SMALL_WORDS)
                       for i, w in enumerate(words)]
        if not all(capitalised):
            return False
        # a longer run in title case is a title when something capitalised follows its first word
        # ('his book "Financial Freedom: A Proven Path to All the Money You Will Ever Need"')
        return len(words) <= MAX_NAME_WORDS or sum(w[:1].isupper() for w in words[1:]) >= len(words) // 2

    def _is_statement_label(self, quote: QuoteSpan) -> bool:
        """'called it the "end of an era"' is a statement; 'called him a "terrorist"' or a quoted name is not."""
        words = WORD.findall(self.text[quote.start : quote.end])
        return len(words) >= MIN_LABEL_WORDS and not all(w[:1].isupper() for w in words)

    def _quotes_within(self, content: Content) -> list[QuoteSpan]:
        low, high = self._chars(content)
        # a quotation opening inside the clause belongs to it even when it runs on past the clause's end
        return [q for number, q in enumerate(self.quotes)
                if q.start >= low - 2 and q.start < high and number not in self.modifiers]

    def _nests_statement(self, cue: Cue, direct_cues: set[int]) -> bool:
        """"The staff member recalled that he said, '...'": the inner quotation is the statement, not the report
        of it. True when a cue with a direct quotation sits in (or under) this cue's reported clause."""
        content = cue.content
        if content is None:
            return False
        for i in direct_cues:
            if i == cue.token.i:
                continue
            if content.start <= i < content.end or any(a.i == content.head.i for a in self.doc[i].ancestors):
                return True
        return False

    def _is_nested(self, cue: Cue) -> bool:
        """A cue inside another cue's reported clause is part of that statement ("X said Y announced Z")."""
        for other in self.cues.values():
            if other is cue or other.content is None or "label" in other.frames:
                continue
            if other.content.start <= cue.token.i < other.content.end:
                return True
        return False

    def _add_direct(self, quote: QuoteSpan, cue: Cue | None, speakers: list[Actor] | None = None) -> None:
        number = self._number(quote)
        if number in self.used_quotes:
            return
        self.used_quotes.add(number)
        if self._is_name(quote):
            return
        self.found.append(
            _Found(
                start=quote.start,
                end=quote.end,
                kind="direct",
                speakers=list(cue.speakers if cue is not None else speakers or []),
                cue=cue.text if cue is not None else None,
                addressee=cue.addressee if cue is not None else None,
                paragraph=quote.paragraph,
            )
        )

    def _add_indirect(self, cue: Cue) -> None:
        if cue.content is None:
            return
        start, end = self._chars(cue.content)
        if len(WORD.findall(self.text[start:end])) < MIN_CLAUSE_WORDS:
            return  # "people who have reported using meth": an object, not a reported clause
        if any(f.start < end and start < f.end for f in self.found):
            return
        self.found.append(
            _Found(
                start=start,
                end=end,
                kind="indirect",
                speakers=list(cue.speakers),
                cue=cue.text,
                addressee=cue.addressee,
                paragraph=self._paragraph_of(start),
            )
        )


    # -- quotations without a cue ---------------------------------------------------------------------------------

    def _cueless_quotes(self) -> None:
        """Quotations no cue governs: the same speaker going on, or nobody's statement at all."""
        for number, quote in enumerate(self.quotes):
            if number in self.used_quotes or any(f.start < quote.end and quote.start < f.end for f in self.found):
                continue
            labelled = self._labelled_speaker(quote) or self._signed_speaker(quote)
            if labelled is not None:  # 'Schiff: "We will continue the inquiry."', '"We will win." — Mary Collins'
                self._add_direct(quote, None, [labelled])
                continue
            introduced = self._introduced_speaker(quote)
            if introduced is not None:  # 'Volker was blunt. "My role was not some irregular channel."'
                self._add_direct(quote, None, [introduced])
                continue
            previous = self._previous_statement(quote.start)
            if (previous is not None and previous.paragraph >= quote.paragraph - 1
                    and (previous.speakers or quote.continued) and self._continues(quote, previous)):
                self._add_direct(quote, None, previous.speakers)
            elif self._is_anonymous_statement(quote):
                self._add_direct(quote, None, [])

    def _introduced_speaker(self, quote: QuoteSpan) -> Actor | None:
        """'Volker was blunt in his remarks. "My role was not ..."': a quotation opening a sentence right after one
        whose subject is a person is that person's, when it is an utterance and not a phrase."""
        before = self.text[quote.paragraph_start : quote.open_at].rstrip()
        if not before or before[-1] not in ".!?" or quote.words(self.text) < MIN_INLINE_WORDS:
            return None
        tokens = [t for t in self._tokens_between(quote.paragraph_start, quote.open_at) if not t.is_space]
        if not tokens or any(t.i in self.quote_of for t in tokens):
            return None  # the sentence before holds a quotation of its own: that one's speaker is unclear here
        sentence = tokens[-1].sent
        subjects = [t for t in sentence if t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "ROOT"
                    and t.i >= tokens[0].i]
        people = [a for t in subjects for a in self.resolver.speakers(t)]
        return people[0] if len(people) == 1 and people[0].type == "person" else None

    def _labelled_speaker(self, quote: QuoteSpan) -> Actor | None:
        """'Schiff: "..."': a paragraph opening with a name and a colon, as transcripts and live blogs write."""
        before = self.text[quote.paragraph_start : quote.open_at].rstrip()
        if not before.endswith(":") or len(before.split()) > MAX_LABEL_WORDS:
            return None
        tokens = [t for t in self._tokens_between(quote.paragraph_start, quote.open_at) if not t.is_space]
        return self._only_name(tokens[:-1])

    def _signed_speaker(self, quote: QuoteSpan) -> Actor | None:
        """'"We will win this fight." — Senator Mary Collins': a quotation signed with a dash and a name."""
        _, high = self._paragraph_bounds(quote.paragraph)
        after = self.text[quote.after : high].strip()
        if not quote.closed or after[:1] not in DASHES or not after or len(after.split()) > MAX_LABEL_WORDS + 1:
            return None
        tokens = [t for t in self._tokens_between(quote.after, high) if not t.is_space]
        return self._only_name([t for t in tokens if t.text not in DASHES])

    def _only_name(self, tokens: list[Token]) -> Actor | None:
        """The one person or organization the tokens name, titles and punctuation aside, else None."""
        named = {id(a): a for a in (self.actors.at_token(t) for t in tokens) if a is not None}
        if len(named) != 1 or not all(self.actors.at_token(t) is not None or t.is_punct or is_title_word(t)
                                      for t in tokens):
            return None
        actor = next(iter(named.values()))
        return actor if actor.type != "location" else None

    def _running_quotations(self) -> None:
        """'"The conduct is not normal.\n\n"And it must not be ignored," Schiff said.': a quotation running over
        paragraphs is one speaker's even when only its last paragraph names them."""
        by_start = {f.start: f for f in self.found if f.kind == "direct"}
        for number in range(len(self.quotes) - 2, -1, -1):
            quote, following = self.quotes[number], self.quotes[number + 1]
            found, later = by_start.get(quote.start), by_start.get(following.start)
            if (found is not None and later is not None and not found.speakers and later.speakers
                    and not quote.closed and following.continued):
                found.speakers = list(later.speakers)

    def _continues(self, quote: QuoteSpan, previous: _Found) -> bool:
        """Whether a cue-less quotation right after a statement is more of the same speaker's words: the next
        paragraph of a running quotation, or a real utterance (not a two-word scare quote) in the same or the
        next paragraph."""
        if quote.continued:
            return True
        words = quote.words(self.text)
        if words < MIN_CONTINUATION_WORDS:
            return False
        opens_paragraph = not self.text[quote.paragraph_start : quote.open_at].strip()
        return opens_paragraph or words >= MIN_INLINE_WORDS or previous.paragraph == quote.paragraph

    def _is_anonymous_statement(self, quote: QuoteSpan) -> bool:
        """A paragraph that is one long quotation is somebody's statement even when the text names nobody."""
        if quote.words(self.text) < MIN_ANONYMOUS_WORDS or self.text[quote.paragraph_start : quote.open_at].strip():
            return False
        low, high = self._paragraph_bounds(quote.paragraph)
        return (quote.end - quote.start) >= 0.8 * len(self.text[low:high].strip())

    def _previous_statement(self, position: int) -> _Found | None:
        before = [f for f in self.found if f.start < position]
        return max(before, key=lambda f: f.start) if before else None


    # -- embedded posts -------------------------------------------------------------------------------------------

    def _embedded_posts(self) -> None:
        """"<post text>\\n\\n— Robert Maguire (@RobertMaguire_) November 18, 2019": the post is his statement, and a
        statement introducing it with no named speaker ("Another wondered why ...") is his too."""
        for number, (low, high) in enumerate(self.paragraph_spans):
            match = EMBED.fullmatch(self.text, low, high)
            if match is None or number == 0:
                continue
            author = next((self.actors.at_token(t) for t in self._tokens_between(match.start("name"), match.end("name"))
                           if self.actors.at_token(t) is not None), None)
            authors = [author] if author is not None and author.type != "location" else []
            first = self._post_start(number)
            start, end = self.paragraph_spans[first][0], self.paragraph_spans[number - 1][1]
            while True:  # links, hashtag arrows and emoji closing the post are not its words
                links = TRAILING_LINKS.search(self.text, start, end)
                end = links.start() if links else end
                trimmed = end
                while trimmed > start and not (self.text[trimmed - 1].isalnum() or self.text[trimmed - 1] in POST_END):
                    trimmed -= 1
                if trimmed == end:
                    break
                end = trimmed
            while start < end and self.text[start] in POST_TRIM:
                start += 1
            while end > start and self.text[end - 1] in POST_TRIM:
                end -= 1
            if (len(WORD.findall(self.text[start:end])) >= MIN_POST_WORDS
                    and not any(f.start < end and start < f.end for f in self.found)):
                self.found.append(_Found(start=start, end=end, kind="direct", speakers=authors, cue=None,
                                         addressee=None, paragraph=first))
            for found in self.found:
                if found.paragraph == first - 1 and not found.speakers:
                    found.speakers = list(authors)

    def _post_start(self, signature: int) -> int:
        """The first paragraph of the post a signature closes: lines joined by single newlines belong to one
        post ("Hey Twitter, ...\n⬇️⬇️⬇️ https://t.co/..."); a blank line ends it."""
        first = signature - 1
        while first > 0 and signature - first < MAX_POST_LINES:
            gap = self.text[self.paragraph_spans[first - 1][1] : self.paragraph_spans[first][0]]
            if gap.count("\n") != 1:
                break
            first -= 1
        return first


    # -- output ----------------------------------------------------------------------------------------------------

    def _emit(self) -> list[Statement]:
        statements: list[Statement] = []
        seen: set[tuple[int, int, str | None]] = set()
        for found in sorted(self.found, key=lambda f: (f.start, f.end)):
            for speaker in found.speakers or [None]:
                key = (found.start, found.end, speaker.name if speaker else None)
                if key in seen:
                    continue
                seen.add(key)
                if speaker is not None:
                    self.actors.mark_used(speaker)
                statements.append(
                    Statement(
                        start=found.start,
                        end=found.end,
                        quote=self.text[found.start : found.end],
                        speaker=speaker.name if speaker else None,
                        kind=found.kind,
                        cue=found.cue,
                        addressee=found.addressee,
                    )
                )
        return statements


def find_statements(doc: Doc, actors: ActorIndex, resolver: SpeakerResolver | None = None) -> list[Statement]:
    """Direct and indirect statements in ``doc``, each with its speaker from ``actors``, in text order.

    ``resolver``: the article's, when the caller shares one with the events extractor; else one is built.

    ``Statement.start``/``end`` are character offsets into ``doc.text`` and ``doc.text[start:end] == quote``.
    Speakers used are marked on ``actors`` so demonym-only actors they name are emitted. Never raises.
    """
    try:
        return _Extractor(doc, actors, resolver).run()
    except Exception:  # a statement extractor must never take the article down with it
        log.exception("statement extraction failed")
        return []

