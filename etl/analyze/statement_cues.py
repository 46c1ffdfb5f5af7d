"""Attribution cues: the words that report speech ("said", "according to", "claims from Moscow that"), who speaks
(the subject, found through participles, coordination and references back), and to whom ("told CNN").

The cue verbs and their frames are reviewed in ``etl/data/cue_verbs.tsv``; claim nouns in ``cue_nouns.tsv``.
"""

from __future__ import annotations

from spacy.tokens import Token

from etl.analyze.nlp import doc_tokens
from etl.analyze.statement_base import (
    CHAIN_STEPS,
    INVERTED_SUBJECT_TOKENS,
    SUBJECTS,
    Cue,
    StatementContext,
    cue_lexicon,
    cue_nouns,
    has_subject,
    statement_words,
)
from etl.models import Actor

RELATIVE_PRONOUNS = {"who", "that", "which"}
NOBODY = {"nothing", "nobody", "none", "neither"}  # "nothing indicated that ...": a report of silence
EARLIER_SPEAKER_SENTENCES = 3  # "it said" may go back this many sentences to the organization that spoke last


class CueFinder(StatementContext):
    """Finds every cue of the article with its speakers and addressee; its content comes from
    ``ReportedContent._content``."""

    def _find_cues(self) -> None:
        lexicon = cue_lexicon()
        for token in doc_tokens(self.doc):
            if token.i in self.quote_of:
                continue  # "said" inside a quotation belongs to the quoted voice
            if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
                frames = lexicon.get("according to")
                if frames:
                    self.cues[token.i] = self._cue(token, frames, "according to")
                continue
            lemma = token.lemma_.lower()
            if token.pos_ == "NOUN" and lemma in cue_nouns():
                cue = self._noun_cue(token)
                if cue is not None:
                    self.cues[token.i] = cue
                    continue
            if token.pos_ not in {"VERB", "AUX"}:
                lemma = self._gerund_lemma(token) or _misparsed_verb(token)
                if lemma is None:
                    continue
            frames = lexicon.get(lemma)
            if frames is None or (token.pos_ == "AUX" and lemma != "say"):
                continue
            if token.dep_ in {"amod", "compound"}:
                continue  # "the self-declared government": an adjective, not a report
            if _is_negated(token, self.quote_of):
                continue  # "VW didn't say when ...", "declined to say whether ...": nothing was said
            if _is_imperative(token):
                continue  # "Add the pears and heat to boiling": a recipe, not a report
            if _is_caused_state(token):
                continue  # "The demand has US officials wondering if ...": a state of mind, not a report
            if _is_idiom(token):
                continue  # "That said, the DEA says ...": a connective, not a report
            if _is_comparison(token):
                continue  # "rose faster than expected", "as predicted": a comparison, not a report
            if _is_received(token):
                continue  # "Asked whether he would testify, Bolton said ...": he was asked; he asked nothing
            self.cues[token.i] = self._cue(token, frames, token.text)
        for cue in self.cues.values():  # contents are cut at other cues, so all cues must be known first
            if "noun" in cue.frames:
                clause = _noun_clause(cue.token)
                cue.content = self._span(clause) if clause is not None else None
            else:
                cue.content = self._content(cue.token, cue.frames)
            if "named" in cue.frames and not cue.speakers:
                cue.content = None  # "many believe that ...": a belief counts as a claim only when someone holds it
            if "sourced" in cue.frames and not self._has_source(cue.token):
                cue.content = None  # "theories suggesting he was murdered", "images indicate ...": no one speaks
            if cue.content is not None and not self._same_paragraph(self.doc[cue.content.start].idx, cue.token.idx):
                cue.content = None  # a heading the parser ran into the next paragraph's sentence
            first = self.doc[cue.content.start] if cue.content is not None else None
            if first is not None and first.tag_ in {"WP", "WDT"} and first.dep_ in SUBJECTS:
                cue.content = None  # "the third witness testifying Tuesday who listened in ...": a relative clause

    def _noun_cue(self, token: Token) -> Cue | None:
        """"claims from Moscow that ...", "Beijing's insistence that ...": a claim noun with its that-clause and
        a named source; the clause is the source's indirect statement."""
        if _noun_clause(token) is None:
            return None
        source = next((c for c in token.children if c.dep_ == "poss"), None)
        if source is None:
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in {"from", "by", "of"}):
                source = next((g for g in prep.children if g.dep_ == "pobj"), source)
        if source is None:
            return None
        speakers = self.resolver.speakers(source)
        if not speakers:
            return None
        return Cue(token=token, frames=frozenset({"noun"}), text=token.text, speakers=speakers, subject=source)

    def _gerund_lemma(self, token: Token) -> str | None:
        """"with Jordanian Foreign Minister Ayman Safadi warning of ...": the parser reads "warning" as a noun
        with the name as its compound; it is the verb, and the name its subject."""
        word = token.lower_
        if token.pos_ != "NOUN" or not word.endswith("ing"):
            return None
        if not any(c.dep_ in {"compound", "nmod", "poss"} and c.i < token.i and self.actors.at_token(c)
                   for c in token.children):
            return None
        stem = word[:-3]
        for lemma in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem):
            if lemma in cue_lexicon():
                return lemma
        return None

    def _cue(self, token: Token, frames: frozenset[str], text: str) -> Cue:
        cue = Cue(token=token, frames=frames, text=text)
        subject = self._speaker_token(token, frames)
        if subject is None and token.i > 0 and self.doc[token.i - 1].text == ",":
            subject = self._inverted_speaker(token)
        cue.subject = subject
        if subject is not None:
            cue.speakers = self.resolver.speakers(subject) or self._earlier_speaker(subject)
        cue.addressee = self._addressee(token)
        return cue

    def _earlier_speaker(self, subject: Token) -> list[Actor]:
        """Speakers named by an earlier report: "the statement said" after "the US military said in a statement"
        is the military's; "it said" after the military or its statement spoke, when no organization is the
        subject of this sentence or the one before."""
        word = subject.lemma_.lower()
        definite = any(c.lower_ in {"the", "that", "this"} for c in subject.children)
        earlier = sorted((c for c in self.cues.values() if c.token.i < subject.i and c.speakers),
                         key=lambda c: c.token.i, reverse=True)
        if word in statement_words("document") and definite:
            for cue in earlier:
                media = [g for c in cue.token.children if c.dep_ == "prep" and c.lower_ == "in"
                         for g in c.children if g.dep_ == "pobj"]
                if any(m.lemma_.lower() == word for m in media):
                    return list(cue.speakers)
            return []
        if subject.lower_ == "it":
            here = self.resolver.sentence_of[subject.i]
            for cue in earlier:
                if here - self.resolver.sentence_of[cue.token.i] > EARLIER_SPEAKER_SENTENCES:
                    break
                if len(cue.speakers) == 1 and cue.speakers[0].type in {"organization", "location"}:
                    return list(cue.speakers)
        return []

    def _inverted_speaker(self, token: Token) -> Token | None:
        """'..., said The We Company's recently named executive chair Marcelo Claure in an email': the name
        right after an inverted cue when the parser hung it elsewhere. Persons before organizations."""
        found: list[Token] = []
        for candidate in self.doc[token.i + 1 : token.i + 1 + INVERTED_SUBJECT_TOKENS]:
            if candidate.is_punct and candidate.text not in {"’s", "'s", "-", "."}:
                break
            participle = candidate.tag_ == "VBN"  # stays inside the name's phrase: "recently named executive chair"
            if candidate.pos_ in {"ADP", "VERB", "AUX", "SCONJ"} and candidate.dep_ != "case" and not participle:
                break
            if self.actors.at_token(candidate) is not None:
                found.append(candidate)
        persons = [t for t in found if self.actors.at_token(t).type == "person"]
        return (persons or found or [None])[-1]

    def _speaker_token(self, token: Token, frames: frozenset[str]) -> Token | None:
        """The subject of the cue, found through participles, infinitives and coordination."""
        if "source" in frames:  # "according to X"
            for child in token.children:
                if child.lower_ == "to":
                    return next((g for g in child.children if g.dep_ == "pobj"), None)
            following = self.doc[token.i + 1]
            return next((g for g in following.children if g.dep_ == "pobj"), None)
        agent = next((g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return agent  # "is accused by critics of ...", "was announced by the ministry": the agent speaks
        if _is_comma_participle(token):
            # ", adding ..." / ", saying ..." hangs in the parse from whatever clause precedes it, often a reported
            # one; it continues the reporting clause, so the speaker is the subject of the cue above it
            for ancestor in token.ancestors:
                if ancestor.i in self.cues or cue_lexicon().get(ancestor.lemma_.lower()):
                    return self._speaker_token(ancestor, cue_lexicon().get(ancestor.lemma_.lower(), frames))
        current = token
        via_conj = False
        for _ in range(CHAIN_STEPS):
            # two subjects is a misparse ("Wikileaks editor-in-chief Kristinn Hrafnsson said"): the nearer one
            subjects = [c for c in current.children if c.dep_ == "nsubj"]
            before = [c for c in subjects if c.i < current.i]
            subject = before[-1] if len(subjects) > 1 and before else next(iter(subjects), None)
            if subject is None and current.lemma_.lower() == "quote":  # "X was quoted as saying"
                subject = next((c for c in current.children if c.dep_ == "nsubjpass"), None)
            if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return current.head  # "Mary Collins, who said the deal was dead": the antecedent speaks
            if subject is not None:
                return subject
            if current.i == token.i:
                # "with Jordanian Foreign Minister Ayman Safadi warning of ...": the name hangs from the gerund
                named = [c for c in token.children
                         if c.dep_ in {"compound", "poss", "nmod"} and c.i < token.i and self.actors.at_token(c)]
                if named:
                    return named[-1]
            parent = current.head
            if parent.i == current.i:
                return None
            if current.dep_ == "conj" and parent.dep_ == "ccomp" and parent.head.i in self.cues:
                # "said it viewed ... and said it would ...": the parser coordinated the second cue with the
                # reported clause; it is the reporting clause's coordinate, so the reporter speaks
                reporter = self.cues[parent.head.i]
                return self._speaker_token(reporter.token, reporter.frames)
            if current.dep_ == "xcomp":  # "led the manufacturer to announce", "prompted users to argue"
                obj = next((c for c in parent.children if c.dep_ in {"dobj", "obj"}), None)
                if obj is not None:
                    return obj
            elif current.dep_ == "acl" and parent.pos_ in {"NOUN", "PROPN"}:
                if parent.lemma_.lower() in statement_words("document") and parent.dep_ == "dobj":
                    # "the Commission issued a statement warning that ...": the issuer speaks
                    return next((c for c in parent.head.children if c.dep_ == "nsubj"), None)
                return parent  # "South Dakotans ... declaring, '...'"
            elif current.dep_ == "ccomp" and not via_conj:
                return None  # the cue is itself reported: its subject is not the outer speaker
            elif current.dep_ not in {"advcl", "conj", "xcomp", "pcomp", "prep", "pobj", "ccomp"}:
                return None
            via_conj = via_conj or current.dep_ == "conj"
            current = parent
        return None

    def _addressee(self, token: Token) -> str | None:
        """Who was told: "told CNN", "in an email to The Associated Press", "in an interview with CNN"."""
        for child in token.children:
            if child.dep_ in {"dobj", "dative"} and token.lemma_.lower() in {"tell", "warn", "ask", "assure"}:
                named = self.resolver.addressee(child)
                if named:
                    return named
            if child.dep_ == "prep" and child.lower_ in {"to", "in", "with", "on"}:
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    if child.lower_ != "in":
                        named = self.resolver.addressee(pobj)
                        if named:
                            return named
                    if pobj.lower_ in statement_words("medium"):
                        for prep in (g for g in pobj.children if g.dep_ == "prep" and g.lower_ in {"to", "with"}):
                            for target in (g for g in prep.children if g.dep_ == "pobj"):
                                named = self.resolver.addressee(target)
                                if named:
                                    return named
        return None


def _is_negated(token: Token, quoted: dict[int, int]) -> bool:
    """A cue that reports silence: negated ("did not say"), or under a refusal ("declined to say"); a "not" inside
    the quotation it reports ('"Absolutely not," she responded') negates nothing of the cue."""
    if any(child.dep_ == "neg" and child.i not in quoted for child in token.children):
        return True
    for subject in (c for c in token.children if c.dep_ in SUBJECTS):
        if subject.lower_ in NOBODY or any(c.lower_ == "no" and c.dep_ == "det" for c in subject.children):
            return True  # "nothing indicated that ...", "no official said ..."
    head = token.head
    return token.dep_ in {"xcomp", "acl"} and head.lemma_.lower() in statement_words("refusal")


def _misparsed_verb(token: Token) -> str | None:
    """"the Congressional Budget Office projects that ...": a verb read as a noun, though it has a subject and
    a clause of its own."""
    if token.pos_ != "NOUN" or not has_subject(token) or not any(c.dep_ == "ccomp" for c in token.children):
        return None
    return token.lemma_.lower()


def _is_idiom(token: Token) -> bool:
    """"That said," / "This said,": the cue with a demonstrative for its subject, set off by a comma."""
    doc = token.doc
    return (0 < token.i < len(doc) - 1 and doc[token.i - 1].lower_ in {"that", "this"}
            and doc[token.i + 1].text == "," and (token.i == 1 or doc[token.i - 1].is_sent_start))


def _is_received(token: Token) -> bool:
    """A passive participle opening a clause with no subject or auxiliary ("Asked about the deal, ...", "when told
    of the decision"): the main clause's subject is the one addressed, not a speaker."""
    return (token.tag_ == "VBN" and token.dep_ == "advcl"
            and not any(c.dep_ in SUBJECTS or c.dep_ in {"aux", "auxpass"} for c in token.children))


def _is_comparison(token: Token) -> bool:
    """"faster than expected", "as predicted": a participle after "than" or "as" with no subject of its own."""
    doc = token.doc
    return (token.tag_ == "VBN" and token.i > 0 and doc[token.i - 1].lower_ in {"than", "as"}
            and not any(c.dep_ in SUBJECTS for c in token.children))


def _is_caused_state(token: Token) -> bool:
    """A participle that completes a causative ("has officials wondering", "left investors questioning")."""
    return (token.tag_ == "VBG" and token.dep_ in {"ccomp", "xcomp", "oprd"}
            and token.head.lemma_.lower() in statement_words("causative"))


def _is_imperative(token: Token) -> bool:
    """A bare verb heading its sentence with no subject ("Add the spices ...", "According to LN, expect ...")."""
    return (token.tag_ == "VB" and token.dep_ == "ROOT"
            and not any(child.dep_ in SUBJECTS or child.dep_ in {"aux", "auxpass"} for child in token.children))


def _noun_clause(token: Token) -> Token | None:
    """The that-clause completing a claim noun ("claims ... that Ukraine is threatening war")."""
    return next((c for c in token.children if c.dep_ in {"acl", "ccomp", "relcl"}
                 and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)


def _is_comma_participle(token: Token) -> bool:
    """", adding that ...", ", saying ...": a participle opening a clause right after a comma."""
    return token.tag_ == "VBG" and token.i > 0 and token.doc[token.i - 1].text in {",", "—", "–"}
