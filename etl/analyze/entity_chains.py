"""Organization names the tagger cut into pieces, put back together from runs of capitalised words.

"U.S. Attorney’s Office for the Western District of New York" is a GPE, nothing, a LOC and a GPE to spaCy, and
"Sioux Falls Argus Leader" an ORG without its last word. ``OrganizationChains`` is a mixin of the name finder in
``entities``: it reads the finder's doc, tokens, entities and word lists and returns the runs that name one body.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from etl.analyze.lexicon import is_honorific, is_title_head, is_title_word
from etl.analyze.names import strip_possessive

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})  # entity labels that can name an actor
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
CHAIN_CONNECTORS = frozenset({"of", "for", "on", "and", "&", "de"})
CHAIN_ARTICLE_AFTER = frozenset({"of", "for", "on"})
NOT_CAPITAL_POS = frozenset({"DET", "PRON", "AUX", "VERB", "ADP", "CCONJ", "SCONJ", "PUNCT", "NUM", "PART", "SYM"})
CAPITALISED_TOKEN = re.compile(r"(?:[A-Z]\.)+|[A-Z][\w.-]*")


class OrganizationChains:
    """Runs of capitalised words that name one organization; the finder supplies the state below."""

    doc: Doc
    tokens: list[Token]
    ents: list[Span]
    org_words: frozenset[str]
    organization_texts: set[str]
    person_words: set[str]

    def _reads_as_name(self, span: Span, label: str) -> bool:  # supplied by the finder
        raise NotImplementedError

    def _organization_chains(self, entities: list[Span]) -> list[Span]:
        """Runs of capitalised words that name one organization although spaCy cut them into pieces.

        "U.S. Attorney’s Office for the Western District of New York" (GPE + nothing + LOC + GPE to spaCy) and
        "Sioux Falls Argus Leader" (ORG without its last word): a run counts when it holds an organization word
        ("Office", "University") or extends an ORG entity, and does not stand before a person as a title.
        """
        doc, tokens = self.doc, self.tokens
        ent_at = {i: ent for ent in entities for i in range(ent.start, ent.end)}
        other_ents = {i for ent in self.ents if ent.label_ not in ACTOR_LABELS for i in range(ent.start, ent.end)}
        capital = [self._capital(token, other_ents) for token in tokens]
        chains: list[Span] = []
        i = 0
        while i < len(tokens):
            if not capital[i]:
                i += 1
                continue
            end = i + 1
            j = i + 1
            while j < len(tokens) and not tokens[j].is_sent_start:
                token = tokens[j]
                if capital[j]:
                    j += 1
                    end = j
                elif token.lower_ in CHAIN_CONNECTORS or token.tag_ == "POS" or (
                    token.lower_ == "the" and tokens[j - 1].lower_ in CHAIN_ARTICLE_AFTER
                ):
                    j += 1
                else:
                    break
            chain = doc[i:end]
            owner_end = next((t.i for t in chain if t.tag_ == "POS"), None)
            if owner_end is not None and owner_end > i and all(t.ent_type_ in PLACE_LABELS for t in doc[i:owner_end]):
                chain = doc[owner_end + 1:end]  # "Indiana’s Richmond High School": the place only owns the name
            accepted = self._chain_is_organization(chain, ent_at) and self._reads_as_name(chain, "ORG")
            if accepted:
                chains.append(chain)
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
        if len(chain) < 2 or is_title_head(chain[0]) or is_honorific(chain[0]):
            return False  # "President of the Senate", "Inspector-General of Police", "Mr Assange": not a body
        labels = [ent_at[i].label_ if i in ent_at else None for i in range(chain.start, chain.end)]
        if "PERSON" in labels:
            return False
        of = next((t.i for t in chain if t.lower_ == "of"), None)
        if of is not None and of > chain.start and strip_possessive(doc[of - 1].text) in self.person_words:
            return False  # "Penelope Muse Abernathy of the University of North Carolina": a person and her place
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
        if len(entities) > 1 and chain.text in self.organization_texts:
            return True  # "Customs and Border Protection", tagged whole elsewhere, cut in two here
        connectors = [t for t in chain if t.lower_ in {"and", "&"}]
        if connectors and len(entities) > 1:
            return False  # "United Nations and European Union": two names, not one
        if self._defines_acronym(chain):
            return True  # "The New York State Attorney General (NYAG)": a body named with its acronym
        if is_title_head(chain[-1]) and chain.end + 1 < len(doc) and doc[chain.end].text == "," \
                and doc[chain.end + 1].ent_type_ == "PERSON":
            return False  # "the then UK Home Secretary, Sajid Javid": a title, not a body
        if any(t.lower_ in self.org_words for t in chain if t.text[:1].isupper()):
            return not all(is_title_word(t) or t.lower_ in CHAIN_CONNECTORS for t in chain)
        orgs = [ent for ent in entities.values() if ent.label_ == "ORG"]
        if len(orgs) != 1 or any(t.tag_ == "POS" for t in chain):
            return False  # "Boeing's Dreamliner" is Boeing's product, not a longer name
        org = orgs[0]
        longer = chain.start < org.start or chain.end > org.end
        return longer and all(labels[i - chain.start] in {None, "ORG"} for i in range(chain.start, chain.end))

    def _defines_acronym(self, chain: Span) -> bool:
        """Whether "(ACRONYM)" follows the run and spells its initials, in order, from the first word's to the
        last's ("New York State Attorney General (NYAG)"; a word may go unabbreviated)."""
        doc = self.doc
        if chain.end + 2 >= len(doc) or doc[chain.end].text != "(" or doc[chain.end + 2].text != ")":
            return False
        letters = doc[chain.end + 1].text.replace(".", "")
        if not (2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()):
            return False
        initials = [t.text[0] for t in chain if t.text[:1].isupper()]
        if len(initials) < 2 or letters[0] != initials[0] or letters[-1] != initials[-1]:
            return False
        remaining = iter(initials)
        return all(letter in remaining for letter in letters)
