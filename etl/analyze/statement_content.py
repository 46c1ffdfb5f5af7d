"""What a cue reports: the reported clause of "said (that) ...", the object of "accused X of ...", the clause an
"according to X" qualifies, a reporting clause set into or after what it reports ("..., Mayer said, ...",
"<clause>, executives announced"), cut where another report or a contrast begins and kept inside its paragraph.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Token

from etl.analyze.lexicon import is_title_head
from etl.analyze.speakers import gender_words, speaker_nouns
from etl.analyze.statement_base import (
    INVERTED_SUBJECT_TOKENS,
    SUBJECTS,
    Content,
    StatementContext,
    cue_lexicon,
    has_subject,
    statement_words,
)

CLAUSE_DEPS = {"ccomp"}
CUT_DEPS = {"advcl", "conj", "parataxis"}
FINITE_TAGS = {"VBD", "VBZ", "VBP"}
KEPT_PUNCTUATION = {"%", "…", "?", "!"}  # part of what was said: "3.5%", a question
ADVERBIAL_PREPOSITIONS = {"in", "at", "on", "during", "after", "before"}  # "urged X in a speech on Monday to ..."
# "DUBAI, United Arab Emirates —", "HANOI, Vietnam (AP) —": a dateline is not part of what anyone said
DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Z.'’ -]{2,40}(?:,[^—–\n(]{1,40})?\s*(?:\([^)\n]{1,20}\)\s*)?[—–-]+"  # HANOI, Vietnam (AP) —
    r"|(?:[A-Z][\w.'’ -]{0,40})?\(\s*[A-Z][A-Za-z]{1,12}\s*\)\s*[—–-]*)\s*"  # Washington (CNN) / (CNN)
)
THAT_LOOKAHEAD = 10  # tokens from a cue to a "that" introducing its clause
ADDRESSEE_CUES = {"tell", "assure", "inform", "remind", "warn"}  # "told the paper that ...": the object is who heard it
SOURCE_PRONOUNS = {"he", "she", "they", "we", "i"}  # a subject that can only be someone
CONTRAST_MARKS = {"while", "whereas", "although", "though"}  # ", while the Arab League condemned ...": not reported


@cache
def _speaking_words() -> frozenset[str]:
    """Nouns and pronouns for someone who can speak: spokes-nouns, documents, media, gendered nouns, "he"."""
    return frozenset(speaker_nouns()) | frozenset(gender_words()) | SOURCE_PRONOUNS


class ReportedContent(StatementContext):
    """Token ranges of reported speech, read from the parse with its usual misparses repaired."""

    def _content(self, token: Token, frames: frozenset[str]) -> Content | None:
        """What the cue reports, by the first of its frames that applies."""
        children = list(token.children)
        if "source" in frames:
            head = token.head
            if not self._same_paragraph(head.idx, token.idx):
                head = self._paragraph_head(token) or head
            if head.dep_ in SUBJECTS and head.head.pos_ in {"VERB", "AUX"} and head.head.i > token.i:
                head = head.head  # "One of the officers, according to prison records, had worked ...": the clause
            if head.i == token.i or head.i in self.cues:
                return None  # "... he told settler leaders, according to a statement": qualifies the cue
            return self._sourced_clause(head, token)
        if "that" in frames:  # "The organization believes that ...": only a that-clause is a claim
            clause = next((c for c in children if c.dep_ == "ccomp" and c.i > token.i
                           and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
            return self._span(clause) if clause is not None else None
        if "clause" in frames:
            found = self._clause(token, children)
            if found is not None:
                return found
        if "for" in frames and self._has_source(token):
            found = self._requested(token, children)
            if found is not None:
                return found
        if "on" in frames:
            for prep in (c for c in children if c.dep_ == "prep" and c.lower_ == "on"):
                pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                xcomp = next((c for c in [*children, *(pobj.children if pobj else [])] if c.dep_ == "xcomp"), None)
                if pobj is not None and xcomp is not None:
                    return self._range(pobj.left_edge.i, xcomp.right_edge.i + 1, pobj)
        if "object" in frames and any(c.dep_ == "auxpass" for c in children):
            accused = self._passive_charge(token, children)  # "X was accused (by Y) of Z": Z is the claim
            if accused is not None:
                return accused
        obj = next((c for c in children if c.dep_ in {"dobj", "obj"} and c.i > token.i), None)
        credit = "credit" in frames and obj is not None and obj.lemma_.lower() in statement_words("credit")
        sourced = "sourceobject" in frames and obj is not None and self._has_source(token, own=True, named_body=False)
        if ("object" in frames or credit or sourced) and obj is not None:
            # "urging new rules to combat misinformation or regulate ads": a bare verb coordinated with the
            # infinitive the object governs goes on with it
            infinitive = any(c.dep_ == "xcomp" and c.i > obj.i for c in children)
            last = max((c.right_edge.i for c in children
                        if c.i > obj.i and (c.dep_ in {"xcomp", "ccomp", "prep", "oprd"}
                                            or (infinitive and c.dep_ == "conj" and c.tag_ == "VB"))
                        and not (c.dep_ == "prep" and c.lower_ in ADVERBIAL_PREPOSITIONS)),
                       default=obj.right_edge.i)
            for relative in (t for t in self.doc[obj.i : last + 1] if t.dep_ == "relcl"):
                if any(t.i in self.cues for t in relative.subtree):
                    # "claimed responsibility for downing the helicopter, which it said crashed in ...": the
                    # relative clause is a report of its own
                    last = min(last, relative.left_edge.i - 1)
            return self._range(obj.left_edge.i, last + 1, obj)
        if "plan" in frames and obj is not None:
            # "reiterated the UK's position that ...", "cited the backlash as proof that ...": the that-clause
            # completing a noun is what was claimed
            that = next((t for t in token.subtree if t.i > obj.i and t.dep_ == "mark" and t.lower_ == "that"
                         and t.head.head.pos_ in {"NOUN", "PROPN"}), None)
            if that is not None:
                return self._span(that.head)
            if any(c.dep_ in {"acl", "relcl", "ccomp"} and c.pos_ in {"VERB", "AUX"} for c in obj.children):
                return self._span(obj)  # "revealed plans to expand the fleet"
        if "infinitive" in frames:
            xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > token.i), None)
            if xcomp is not None and any(c.lower_ == "to" for c in xcomp.children):
                return self._span(xcomp)
        if "of" in frames:
            for prep in (c for c in children if c.dep_ == "prep" and c.lower_ == "of"):
                pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return self._span(pobj)
        if "as" in frames and obj is not None:  # "described the doctored video as lighthearted satire"
            prep = next((c for c in [*children, *obj.children] if c.dep_ == "prep" and c.lower_ == "as"
                         and c.i > obj.i and any(g.dep_ == "pobj" for g in c.children)), None)
            if prep is not None:
                return self._range(obj.left_edge.i, prep.right_edge.i + 1, obj)
        if "label" in frames:
            label = next((c for c in children if c.dep_ == "oprd" and c.i > token.i), None)
            if label is None and obj is not None:
                label = next((c for c in obj.children if c.dep_ == "oprd"), None)
            if label is not None:
                found = self._span(label)
                return Content(found.start, found.end, found.head, "label") if found is not None else None
        if "clause" in frames:
            return self._inverted(token) or self._parenthetical(token)
        return None

    def _parenthetical(self, token: Token) -> Content | None:
        """'As Dr. Sanjay Gupta noted at the time, Trump's heart disease meant ...' and 'The economy, he said, is
        slowing': a reporting clause set into the clause it reports; the report is that clause without it."""
        head = token.head
        if head.dep_ in SUBJECTS:
            head = head.head  # "HP, as Gizmodo explained, is a rare condition": hung from the subject
        if head.i == token.i or head.i in self.cues or head.pos_ not in {"VERB", "AUX"}:
            return None
        as_clause = token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children)
        edge = token.left_edge.i
        aside = token.dep_ == "parataxis" and edge > 0 and "," in {self.doc[edge].text, self.doc[edge - 1].text}
        if not (as_clause or aside) or any(t.i in self.quote_of for t in head.subtree):
            return None  # '"The economy," he said, "is slowing"': the quotations are the statements
        start, end = head.left_edge.i, head.right_edge.i + 1
        last = max(t.i for t in head.subtree if not t.is_punct)
        if token.right_edge.i >= last:
            end = edge
        elif edge <= start + 1:
            start = token.right_edge.i + 1
        return self._range(start, end, head)

    def _requested(self, token: Token, children: list[Token]) -> Content | None:
        """"calling for an explanation of how ...", "asked for the investigation to be resumed": what is asked for
        (the parser makes "for" a preposition, or the mark of a clause with its own subject)."""
        for child in children:
            if child.lower_ != "for" or child.i < token.i:
                continue
            if child.dep_ == "prep" and any(g.dep_ == "pobj" for g in child.children):
                return self._range(child.i + 1, child.right_edge.i + 1, child)
            if child.dep_ == "mark" and child.head.i != token.i:
                return self._range(child.i + 1, child.head.right_edge.i + 1, child.head)
        for clause in (c for c in children if c.dep_ == "advcl" and c.i > token.i):
            mark = next((g for g in clause.children if g.dep_ == "mark" and g.lower_ == "for"), None)
            if mark is not None and mark.i == clause.left_edge.i:
                return self._range(mark.i + 1, clause.right_edge.i + 1, clause)
        return None

    def _has_source(self, token: Token, own: bool = False, named_body: bool = True) -> bool:
        """Whether the cue's subject is someone who can report or ask: a named actor, a person, a spokes-noun or a
        medium ("State media have reported ...", "an AP journalist reported ..."), not "964,000 people reported a
        disorder" or "the plan calls for ...". With ``own`` the subject must be the cue's own, not one it shares with
        a clause it is coordinated with; without ``named_body`` an organization named as the subject does not count:
        "McClatchy reported a loss of $304.7 million" is a company's accounts, not a report."""
        cue = self.cues.get(token.i)
        if cue is None or cue.subject is None:
            return False
        if own and cue.subject.head.i != token.i and token.dep_ not in {"acl", "advcl"}:
            return False
        named = self.actors.at_token(cue.subject)
        body = (named is not None and named.type != "person") or speaker_nouns().get(cue.subject.lemma_) == \
            "organization"  # "the company also reported long-term debt of ..."
        if not named_body and body:
            return False
        if cue.speakers:
            return True
        subject = cue.subject
        return bool({subject.lower_, subject.lemma_.lower()} & _speaking_words()) or is_title_head(subject)

    def _passive_charge(self, token: Token, children: list[Token]) -> Content | None:
        """"The party was accused Wednesday of trying to deceive voters", "is accused by critics of promoting ...
        and of failing ...": the "of" phrase (with its coordinated "of" phrases) is what was claimed."""
        # "of" hangs from the cue, from its agent ("by critics of ...") or from an adverbial ("on Wednesday of ...")
        holders = [token, *(g for c in children if c.dep_ in {"agent", "prep"} for g in c.children if g.dep_ == "pobj")]
        of = next((c for holder in holders for c in holder.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None or of.right_edge.i <= of.i:
            return None
        claim = next((c for c in of.children if c.dep_ in {"pcomp", "pobj"}), None)
        return self._range(of.i + 1, of.right_edge.i + 1, claim) if claim is not None else None

    def _paragraph_head(self, token: Token) -> Token | None:
        """The verb heading ``token``'s sentence within its own paragraph, when the parser ran the sentence on
        over a paragraph break ('...the money.”\\n\\nNearly 300 districts closed ..., according to unions')."""
        low, _ = self._paragraph_bounds(self._paragraph_of(token.idx))
        for candidate in self.doc[token.sent.start : token.i]:
            if candidate.idx < low or candidate.pos_ not in {"VERB", "AUX"}:
                continue
            if not self._same_paragraph(candidate.head.idx, token.idx) or candidate.head.i == candidate.i:
                return candidate
        return None

    def _sourced_clause(self, head: Token, according: Token) -> Content | None:
        """The clause "according to X" attaches to, without the phrase when it opens or closes the clause;
        a phrase in the middle ("This, according to attendees, is ...") stays, so the clause stays whole."""
        whole = self._span(head)
        if whole is None:
            return None
        first, last = according.left_edge.i, according.right_edge.i
        start, end = whole.start, whole.end
        if first <= start + 1 and last >= start:
            start = last + 1
        elif last >= end - 2 and first < end:
            end = first
        return self._range(start, end, head)

    def _clause(self, token: Token, children: list[Token]) -> Content | None:
        """The reported clause of a "say"-like cue, including the usual misparses around it."""
        clauses = [c for c in children if (c.dep_ in CLAUSE_DEPS or (c.dep_ == "xcomp" and c.tag_ == "VBG"))
                   and self._same_paragraph(c.idx, token.idx)]  # a parse run over a paragraph break joins two
        if clauses:
            right = [c for c in clauses if c.i > token.i]
            left = [c for c in clauses if c.i < token.i]
            after_comma = token.i > 0 and self.doc[token.i - 1].text == ","
            # '<clause>, said The We Company's chair Marcelo Claure': the parser took the speaker for a clause
            # "told visiting Ukraine officials they would need to ...": a clause with a subject of its own beats a
            # participle the parser also hung from the cue
            right = sorted(right, key=lambda c: not (c.dep_ in CLAUSE_DEPS and has_subject(c)))
            clause = left[-1] if after_comma and left else (right or clauses)[0]
            span = self._span(clause)
            if span is not None and clause in right:
                span = self._clausal_subject(span, clause, right)
            if span is None or has_subject(clause) or clause.i < token.i:
                return span
            # a clause without its subject: the parser hung the subject elsewhere
            inner = next((t for t in clause.children if t.dep_ == "ccomp" and t.i > clause.i
                          and any(g.dep_ == "mark" and g.lower_ == "that" for g in t.children)), None)
            if inner is not None and clause.dep_ == "xcomp" and clause.tag_ == "VBG":
                # "told cheering teachers that they weren't ...": a participle read as the clause
                return self._span(inner)
            that = next((t for t in self.doc[token.i + 1 : clause.i] if t.lower_ == "that"), None)
            if that is not None:  # "told friends that the interview aired at the weekend was ..."
                return self._range(that.i + 1, span.end, clause)
            obj = next((c for c in children if c.dep_ == "dobj" and token.i < c.i < clause.i), None)
            if obj is not None and token.lemma_.lower() != "tell":
                # "added the exact circumstances ... remained unclear": the object is the clause's subject
                return self._range(obj.left_edge.i, span.end, clause)
            return span
        for t in self.doc[token.i + 1 : min(token.i + 1 + THAT_LOOKAHEAD, len(self.doc))]:
            # "told reporters at a press conference that ...": the clause hung from a noun by mistake; only
            # the addressee and adverbials may stand between the cue and "that"
            if t.lower_ == "that" and t.dep_ in {"mark", "advmod"} and t.head.pos_ in {"VERB", "AUX"}:
                if t.head.i not in self.cues and any(c.dep_ in SUBJECTS for c in t.head.children):
                    return self._span(t.head)
                return None
            if t.is_punct or t.pos_ in {"VERB", "AUX"}:
                break
        return self._clause_in_object(token, children)

    def _clausal_subject(self, span: Content, clause: Token, right: list[Token]) -> Content:
        """'said whether Trump will agree ... depends largely on ...': the parser split a clause whose subject is
        itself a clause into two complements; the later one, with no subject of its own, completes the first."""
        later = [c for c in right if c.i > clause.i and c.dep_ in CLAUSE_DEPS]
        if not later or any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in later[0].children):
            return span
        whole = self._span(later[0])
        if whole is None or whole.start > span.end + 1:
            return span
        return self._range(span.start, whole.end, clause)

    def _clause_in_object(self, token: Token, children: list[Token]) -> Content | None:
        """Reported clauses the parser hung inside the cue's object:
        'said more than 15,000 people registered' (the clause's subject read as the object, its verb as a
        participle modifying it) and 'told teachers who covered the lawn that ...' (the that-clause hung from the
        addressee's relative clause)."""
        obj = next((c for c in children if c.dep_ in {"dobj", "obj"} and c.i > token.i), None)
        if obj is None:
            return None
        if "subject" in cue_lexicon().get(token.lemma_.lower(), ()) and obj.pos_ in {"NOUN", "PROPN"}:
            verb = next((c for c in obj.children if c.dep_ in {"acl", "relcl"} and c.i > obj.i
                         and c.tag_ in {"VBD", "VBN"} and c.left_edge.i == c.i), None)
            if verb is not None:
                return self._range(obj.left_edge.i, verb.right_edge.i + 1, verb)
        for relcl in (c for c in obj.children if c.dep_ == "relcl"):
            if relcl.lemma_.lower() in cue_lexicon():
                continue  # "told reporters who said that ...": the inner report is theirs
            that = self.doc[relcl.left_edge.i]
            if (token.lemma_.lower() in ADDRESSEE_CUES and that.lower_ == "that" and that.i == obj.i + 1
                    and any(c.dep_ in SUBJECTS and c.i != that.i for c in relcl.children)):
                # "tells the paper that he fought with ...": "that" read as a relative pronoun; a relative clause
                # with a subject of its own after the addressee is the reported clause
                return self._range(that.i + 1, relcl.right_edge.i + 1, relcl)
            for clause in (c for c in relcl.children if c.dep_ in CLAUSE_DEPS and c.i > relcl.i):
                if any(g.dep_ == "mark" and g.lower_ == "that" for g in clause.children):
                    return self._span(clause)
        return None

    def _inverted(self, token: Token) -> Content | None:
        """'<clause>, executives of both companies announced Wednesday.': a reporting clause closing the sentence
        whose parse lost the link to what it reports. Taken only when nothing but a noun phrase stands between
        the comma and the cue and nothing but adverbials follows it."""
        if token.tag_ not in FINITE_TAGS:
            return None  # "..., a deal announced at the beginning of the week": a participle describing a noun
        if token.dep_ == "relcl" and any(c.dep_ in SUBJECTS and c.i > token.head.i for c in token.children):
            return None  # "..., a prospect Vindman denied earlier": a relative clause describing a noun
        if any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB") for c in token.children):
            return None  # "..., when, in fact, he responded quickly": a subordinate clause, not a reporting one
        sentence = token.sent
        comma = next((t for t in reversed(self.doc[sentence.start : token.i]) if t.text == ","), None)
        if comma is None or token.i - comma.i > INVERTED_SUBJECT_TOKENS:
            return None
        between = self.doc[comma.i + 1 : token.i]
        after = self.doc[token.i + 1 : sentence.end]
        if any(t.pos_ in {"VERB", "AUX"} or t.i in self.quote_of for t in [*between, *after]):
            return None
        if not any(t.pos_ in {"PROPN", "NOUN", "PRON"} for t in between):
            return None  # "..., then add a jar of honey": no one is named as the source
        if any(t.pos_ in {"CCONJ", "SCONJ"} or t.tag_ in {"WDT", "WP"} for t in between):
            return None  # "..., and Vindman reported to him", "..., which Vindman denied": not a source
        reported = self.doc[sentence.start : comma.i]
        if not any(t.pos_ in {"VERB", "AUX"} for t in reported):
            return None
        return self._range(sentence.start, comma.i, reported.root)

    def _span(self, head: Token) -> Content | None:
        """``head``'s subtree, cut where another reporting clause of the same voice starts (", adding ...",
        "and said ...") or a contrast begins (", while ...")."""
        excluded: set[int] = set()
        last = max((t.i for t in head.subtree if not t.is_punct), default=head.i)
        for token in head.subtree:
            if token.i <= head.i:
                continue
            edge = token.left_edge.i
            contrast = (token.dep_ == "advcl" and self.doc[edge].lower_ in CONTRAST_MARKS
                        and edge > 0 and self.doc[edge - 1].text == ",")
            # "..., according to Sui-Lee Wee of the New York Times" closing the clause names a second source
            sourced = (token.i in self.cues and "source" in self.cues[token.i].frames
                       and token.right_edge.i >= last)
            purpose = token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
            # "... a conference of the Republican Governors Association, which gave $5.9 million ...": the
            # writer's background on a name closing the clause, not the speaker's words
            background = (token.dep_ == "relcl" and token.right_edge.i >= last and edge > 0
                          and self.doc[edge - 1].text == "," and self.doc[edge].lower_ in {"which", "who"}
                          and self.actors.at_token(token.head) is not None)
            if contrast or sourced or background or (token.dep_ in CUT_DEPS and token.i in self.cues and not purpose
                                                     and self._same_voice(token, head)):
                excluded.update(t.i for t in token.subtree)
                if edge > 0 and self.doc[edge - 1].dep_ == "cc":
                    excluded.add(edge - 1)
        members = {t.i for t in head.subtree} - excluded
        if head.i not in members:
            return None
        start = end = head.i  # reported content is one stretch of text: the contiguous run around the head
        while start - 1 in members:
            start -= 1
        while end + 1 in members:
            end += 1
        return self._range(start, end + 1, head)

    def _same_voice(self, inner: Token, clause: Token) -> bool:
        """Whether the cue ``inner`` inside a reported clause speaks with the reporting voice (", adding ...",
        "and called on ...") rather than reporting someone inside the clause ("nations ... warning of ...")."""
        reporter = next((a for a in clause.ancestors if a.i in self.cues), None)
        if reporter is None:
            return True
        inner_subject, outer_subject = self.cues[inner.i].subject, self.cues[reporter.i].subject
        return inner_subject is None or (outer_subject is not None and inner_subject.i == outer_subject.i)

    def _range(self, start: int, end: int, head: Token) -> Content | None:
        """Trim punctuation, spaces, a dateline, "that" and conjunctions off a token range; keep quotation marks
        whose partner is inside, and take in the closing mark of a quotation the range opens."""
        doc = self.doc
        low, high = self._paragraph_bounds(self._paragraph_of(head.idx))
        dateline = DATELINE.match(self.text, low, high)
        while dateline and start < end and doc[start].idx < dateline.end():
            start += 1
        while start < end and doc[start].idx < low:  # what someone said never runs past a paragraph
            start += 1
        while end > start and doc[end - 1].idx >= high:
            end -= 1
        while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc"
                               or (doc[start].dep_ == "mark" and doc[start].lower_ == "that")):
            if self._is_quote_mark(doc[start]) and self._mark_opens_inside(doc[start], end):
                break
            start += 1
        while end > start and ((doc[end - 1].is_punct and doc[end - 1].text not in KEPT_PUNCTUATION)
                               or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
            if self._is_quote_mark(doc[end - 1]) and self._mark_closes_inside(doc[end - 1], start):
                break
            end -= 1
        if end <= start:
            return None
        for after in range(end, min(end + 2, len(doc))):
            # 'settlements "are illegal under international law"': the mark hangs from the main verb
            if self._is_quote_mark(doc[after]) and self._mark_closes_inside(doc[after], start):
                end = after + 1
                break
            if not doc[after].is_punct:
                break
        return Content(start, end, head)

    def _is_quote_mark(self, token: Token) -> bool:
        return token.i in self.quote_of and any(c in token.text for c in "\"“”„‟«»'‘’")

    def _mark_opens_inside(self, token: Token, end: int) -> bool:
        quote = self.quotes[self.quote_of[token.i]]
        return quote.open_at == token.idx and quote.end <= self.doc[end - 1].idx + len(self.doc[end - 1])

    def _mark_closes_inside(self, token: Token, start: int) -> bool:
        quote = self.quotes[self.quote_of[token.i]]
        return quote.close_at == token.idx and quote.open_at >= self.doc[start].idx

