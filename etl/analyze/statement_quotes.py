"""Which cue a quotation belongs to: the cue introducing it ('he said, "..."'), the cue its words hang from in the
parse, or a cue right beside it ('"...," she said'); and which quotations are no one's words (a quotation modifying
a noun: 'his "tough on China" stance').
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from etl.analyze.quotes import QuoteSpan
from etl.analyze.statement_base import CHAIN_STEPS, MIN_INLINE_WORDS, MIN_LABEL_WORDS, Cue, StatementContext

MAX_CUE_DISTANCE = 40  # tokens between a quotation and the cue its words hang from
SHORT_QUOTE_ADJACENCY = 3  # a one-word quotation is speech only right beside its cue: '"Never," he said.'
ADJACENT_TOKENS = 10  # '"...," InfoNation President Dan McDowell said': tokens from the mark to the cue
INTRODUCING_TOKENS = 7  # 'he urged the assembled voters, "...': cue, its object and the comma before the mark
SENTENCE_END = {".", "!", "?"}
SENTENCE_OPENERS = ".!?:;—–-”\"'’"  # what may stand before a quotation that opens a sentence of its own
SPEAKER_PHRASE_POS = {"PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM", "PART", "ADV", "CCONJ"}
NESTED_CLOSE = "’'\" "  # marks and spaces closing a quotation nested at the end of another
CONTINUING_PUNCTUATION = re.compile(r"[,?!…—–-]")
CONTINUING_AFTER = re.compile(r"\s*[,—–-]")
LOWERCASE_AFTER = re.compile(r"\s+[a-z]")


class QuoteAttachment(StatementContext):
    """Attaches quotations to cues and records the ones set off beside their cue and the ones that are labels."""

    def _attach_quotes(self) -> None:
        for number, quote in enumerate(self.quotes):
            if self._is_modifier(number, quote):
                self.used_quotes.add(number)
                self.modifiers.add(number)  # his "tough on China" stance: a label, nobody's statement
                continue
            introducing = self._introducing_cue(quote) or self._introducing_paragraph(quote)
            cue = introducing
            if cue is None and quote.words(self.text) >= MIN_LABEL_WORDS:
                # a one-word quotation hanging somewhere below a cue is a label ('the word "We"'), not speech
                cue = self._syntactic_cue(number, quote)
            adjacent = self._adjacent_cue(quote)
            cue = cue or adjacent
            if cue is not None:
                cue.quotes.append(quote)
                if cue is introducing or (cue is adjacent and cue.token.idx >= quote.after
                                          and self._opens_sentence(quote)):
                    self.set_off.add(number)

    def _opens_sentence(self, quote: QuoteSpan) -> bool:
        """Whether the quotation starts its sentence or follows a dash or colon ('... once — "I now do recall," he
        said'), rather than continuing the writer's words ('was diagnosed with "feather-duvet lung," according to')."""
        before = self.text[quote.paragraph_start : quote.open_at].rstrip()
        return not before or before[-1] in SENTENCE_OPENERS

    def _is_modifier(self, number: int, quote: QuoteSpan) -> bool:
        """A quotation standing before a noun as its modifier ('his "tough on China" stance', 'the "phase one"
        deal'): a label or a slogan, not somebody's words."""
        tokens = [t for t in self._tokens_between(quote.start, quote.end) if not t.is_punct]
        roots = [t for t in tokens if self.quote_of.get(t.head.i) != number or t.head.i == t.i]
        if len(roots) != 1 or not tokens:
            return False
        root = roots[0]
        head = root.head
        return (root.dep_ in {"amod", "nmod", "compound"} and head.i > tokens[-1].i
                and head.pos_ in {"NOUN", "PROPN"} and head.i not in self.quote_of)

    def _syntactic_cue(self, number: int, quote: QuoteSpan) -> Cue | None:
        """The nearest cue that the quotation's words hang from."""
        tokens = self._tokens_between(quote.start, quote.end)
        if not tokens:
            return None
        first, last = tokens[0].i, tokens[-1].i
        for token in tokens:
            head = token.head
            if self.quote_of.get(head.i) == number or head.i == token.i:
                continue
            current = head
            for _ in range(CHAIN_STEPS):
                if current.i in self.cues:
                    distance = min(abs(current.i - first), abs(current.i - last))
                    if distance <= MAX_CUE_DISTANCE and self._same_paragraph(current.idx, quote.start):
                        return self.cues[current.i]
                    break
                if current.head.i == current.i or current.i in self.quote_of:
                    break
                current = current.head
        return None

    def _introducing_cue(self, quote: QuoteSpan) -> Cue | None:
        """'he said, "..."' / 'warning: "...': a cue, a comma or colon, then the mark. This beats the parse, which
        hangs a quote inside a report ('he said, "...," the office said') from the outer cue."""
        low, _ = self._paragraph_bounds(quote.paragraph)
        preceding = [t for t in self._tokens_between(low, quote.open_at) if not t.is_space]
        if len(preceding) < 2 or preceding[-1].text not in {",", ":"}:
            return None
        for token in reversed(preceding[-INTRODUCING_TOKENS:-1]):
            if token.i in self.cues:
                return self.cues[token.i]
            if not (token.is_punct or token.pos_ in {"ADV", "PART"} or self._addressee_word(token)):
                return None
        return None

    def _introducing_paragraph(self, quote: QuoteSpan) -> Cue | None:
        """'Google said in a statement:' closing one paragraph and the quotation opening the next: the quotation
        is the cue's, set off from it by the colon."""
        if quote.paragraph == 0 or self.text[quote.paragraph_start : quote.open_at].strip():
            return None
        low, high = self._paragraph_bounds(quote.paragraph - 1)
        preceding = [t for t in self._tokens_between(low, high) if not t.is_space]
        if len(preceding) < 2 or preceding[-1].text != ":":
            return None
        for token in reversed(preceding[-INTRODUCING_TOKENS:-1]):
            if token.i in self.cues and self.cues[token.i].content is None:
                return self.cues[token.i]
        return None

    def _addressee_word(self, token: Token) -> bool:
        """A word of the cue's object: 'he urged voters, "..."', 'told the crowd, "..."'."""
        current = token
        for _ in range(3):
            if current.dep_ in {"dobj", "dative"} and current.head.i in self.cues:
                return True
            if current.dep_ not in {"det", "amod", "compound", "poss"} or current.head.i == current.i:
                return False
            current = current.head
        return False

    def _adjacent_cue(self, quote: QuoteSpan) -> Cue | None:
        """A cue right after the closing mark ('"...," she said') or right before the opening one ('He said: "')."""
        low, high = self._paragraph_bounds(quote.paragraph)
        inner = quote.end
        while inner > quote.start and self.text[inner - 1] in NESTED_CLOSE:
            inner -= 1  # "... helpful attention,’ ” Hege said": the comma sits inside the nested quotation
        tail = self.text[inner - (inner < quote.end) : quote.close_at]
        after_text = self.text[quote.after : high]
        # '"...," she said' / '"...?" asked X' / '"..." — X said': the quotation's sentence goes on after the mark
        continues = (bool(CONTINUING_PUNCTUATION.search(tail)) or self.text[quote.end - 1] in "?!…"
                     or bool(CONTINUING_AFTER.match(after_text))
                     or (bool(LOWERCASE_AFTER.match(after_text)) and quote.words(self.text) >= MIN_INLINE_WORDS))
        if quote.closed and continues:
            following = [t for t in self._tokens_between(quote.after, high) if not t.is_space]
            words = [t for t in following if not t.is_punct]
            if words and words[0].pos_ in {"CCONJ", "SCONJ", "ADP"}:
                return None  # '"exciting," but cautions that ...': the sentence goes on, no attribution here
            limit = ADJACENT_TOKENS if quote.words(self.text) >= MIN_LABEL_WORDS else SHORT_QUOTE_ADJACENCY
            for token in following[:limit]:
                if token.i in self.quote_of or token.text in SENTENCE_END:
                    break
                if token.i in self.cues:
                    return self.cues[token.i]
                if token.pos_ not in SPEAKER_PHRASE_POS and not token.is_punct:
                    break  # only the speaker's name may stand between: '," InfoNation President Dan McDowell said'

        preceding = [t for t in self._tokens_between(low, quote.open_at) if not t.is_space]
        if preceding and preceding[-1].i in self.cues:  # 'adding "we need everyone on it."'
            return self.cues[preceding[-1].i]
        return None

