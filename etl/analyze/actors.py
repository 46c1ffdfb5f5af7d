"""Actors of one article: named people, organizations and places, each mention joined to one canonical actor.

``entities`` supplies clean name spans (spaCy's entities with boundaries, labels and misses corrected). This module
decides what each span stands for and groups them: titles split off names and kept as roles ("Secretary of State
Antony Blinken" -> Antony Blinken, role "Secretary of State"); surnames and first names joined to full names;
organizations joined to their acronyms and short forms ("ICC", "Security Council"); countries, demonyms and
capitals acting as the state mapped to one country actor ("Moscow said" -> Russia, but "in Moscow" is the city).

Not every mention makes an actor. FORMAT.md keeps out places named only in a title or a dateline, and names that
only describe something else ("U.S. population", "a New York man", "Kazakhstan's Air Astana"): such mentions are
*weak*. A weak-only actor stays in the index, so statements and events can still resolve "Russian forces" to
Russia, and is emitted only when one of them marks it used. The rules for what one mention says live in
``actor_mentions``; the index handed to statements and events in ``actor_index``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from etl.analyze.actor_index import ActorIndex
from etl.analyze.actor_mentions import ORG_WORDS, MentionRules, in_regions
from etl.analyze.entities import PLACE_LABELS, NameSpan, find_names
from etl.analyze.gazetteer import Country, get_gazetteer
from etl.analyze.lexicon import context_words, is_title_head, is_title_word, title_words, words
from etl.analyze.names import PersonNames, has_initial, is_full_name, name_parts, strip_possessive
from etl.analyze.nlp import doc_text, doc_tokens
from etl.analyze.organizations import OrganizationGroups, is_acronym, org_form
from etl.analyze.quotes import find_quote_spans
from etl.analyze.roles import find_role, role_apposition
from etl.models import Actor, ActorType, Mention

__all__ = [
    "ActorIndex",
    "find_actors",
    "is_title_head",
    "is_title_word",
    "title_words",
]

ENTITY_TYPES: dict[str, ActorType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "location",
    "LOC": "location",
    "FAC": "location",
    "NORP": "location",
}
MAX_DESCRIPTOR_WORDS = 3  # "New South Wales", "United Arab Emirates": a place qualifying an organization's name
PLACE_PREPOSITIONS = words(context_words(), "inside")
MIN_MODIFIER_MENTIONS = 2  # an organization named this often, even only as a modifier, is a subject of the story


@dataclass
class _Cluster:
    """Mentions believed to name one actor, before a canonical name is chosen."""

    type: ActorType
    key: str
    country: Country | None = None
    mentions: list[Mention] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    weak: bool = True  # no mention names it as an actor yet: emitted only when a statement or event uses it
    minor: int = 0  # mentions as a mere modifier ("Security Council resolutions")

    def add(self, mention: Mention, form: str | None, weak: bool, minor: bool = False) -> None:
        if all(m.start != mention.start for m in self.mentions):
            self.mentions.append(mention)
            self.minor += minor
        if form and form not in self.forms:  # demonyms are mentions, not names (form None)
            self.forms.append(form)
        self.weak = self.weak and weak



def _is_abbreviation(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


class _Builder(MentionRules):
    """Turns one Doc's name spans into clusters, then into the ActorIndex."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.gazetteer = get_gazetteer()
        self.names = find_names(doc)
        self.quotes = [(q.start, q.end) for q in find_quote_spans(doc_text(doc))]
        self.clusters: dict[str, _Cluster] = {}
        self.token_cluster: dict[int, str] = {}
        self.role_tokens: set[int] = set()
        self.roles: dict[int, Span] = {}
        self.people = PersonNames()
        self.name_tokens = {i: name for name in self.names for i in range(name.span.start, name.span.end)}
        self.org_groups = OrganizationGroups(ORG_WORDS)
        self.org_first_words: set[str] = set()
        self.owner_countries: list[tuple[int, Country | None]] = []  # token of a name -> its country

    # --- passes ---------------------------------------------------------------------------------------------

    def build(self) -> ActorIndex:
        """Labels are settled first (people, then votes), then organizations grouped, then every name placed."""
        self._register_people()
        self._people_tagged_otherwise()
        self._add_missed_surnames()
        self._decide_label_votes()
        self._places_tagged_organization()
        self._group_organizations()
        for name in self.names:
            self._add_name(name)
        for token, country in self.owner_countries:
            cluster = self.clusters.get(self.token_cluster.get(token, ""))
            if cluster is not None and not cluster.key.startswith("country:"):
                cluster.country = cluster.country or country
        self._settle_strength()
        return self._index()

    def _register_people(self) -> None:
        """Full names first, so a lone "Jordan" can be told from Michael Jordan's surname."""
        for name in self.names:
            if name.label == "PERSON":
                self._find_role(name)
                if is_full_name(name_parts(name.text)):
                    self.people.add(name.text, name.start_char)
        surnames = self.people.surnames()
        for name in self.names:
            if name.label == "PERSON" and not is_full_name(name_parts(name.text)):
                if self.gazetteer.country(name.text) and name.text.lower() not in surnames:
                    name.label = name.base_label = "GPE"  # "Jordan" with no Michael Jordan in the article
                else:
                    self.people.add(name.text, name.start_char)

    def _find_role(self, name: NameSpan) -> None:
        role = find_role(name.span)
        if role is not None:
            self.roles[name.span.start] = role
            self.role_tokens.update(range(role.start, role.end))

    def _people_tagged_otherwise(self) -> None:
        """"Mason Rudolph" tagged ORG while "Rudolph" alone is a PERSON: a given name plus a known surname is the
        person's full name, whatever the label."""
        surnames = self.people.surnames()
        # "Jeff Sanborn ... Sanborn said": a two-word name whose last word the article uses alone, as reporters use
        # surnames (organizations are shortened to their first words: "Sierra Nevada" for "Sierra Nevada Corp.")
        alone = {n.text for n in self.names if n.label in {"ORG", "PERSON"} and not n.noun and len(n.span) == 1}
        for name in self.names:
            parts = name_parts(name.text)
            if name.label == "PERSON" or name.noun or not 2 <= len(parts) <= 3 or not is_full_name(parts):
                continue
            before = self.doc[name.span.start - 1] if name.span.start > 0 else None
            # "executive chair Marcelo Claure", "Jeff Sanborn, president of Chapter & Verse": a role makes a person
            titled = (before is not None and is_title_head(before)) or role_apposition(name.span) is not None
            known = parts[-1].lower() in surnames or (len(parts) == 2 and parts[-1] in alone)
            if (known or titled) and all(p[:1].isupper() for p in parts) and not any(
                is_title_word(t) or t.lower_ in ORG_WORDS or t.ent_type_ in {"GPE", "NORP"} for t in name.span
            ):
                name.label = name.base_label = "PERSON"
                self.people.add(name.text, name.start_char)
                self._find_role(name)

    def _add_missed_surnames(self) -> None:
        """Surnames of the article's people that the tagger left untagged ("King and Weeks were abducted")."""
        surnames = {s for s in self.people.surnames() if " " not in s}
        lowercase = {token.text for token in doc_tokens(self.doc) if token.is_lower}
        added = False
        for token in doc_tokens(self.doc):
            if token.i in self.name_tokens or not token.is_title:
                continue
            if token.pos_ != "PROPN" and not (token.pos_ == "NOUN" and token.lower_ not in lowercase):
                continue  # "Scissors, who consults with ...": a surname that is also a noun, never used as one here
            if token.lower_ in surnames and not is_title_word(token) and not token.is_stop:
                span = self.doc[token.i:token.i + 1]
                name = NameSpan(span, "PERSON", span, "PERSON", added=True)
                self.names.append(name)
                self.name_tokens[token.i] = name
                added = True
        if added:
            self.names.sort(key=lambda n: n.span.start)

    def _decide_label_votes(self) -> None:
        """One type per name the gazetteer does not know: spaCy may tag "Alibaba" ORG in one sentence and GPE in
        the next ("Alibaba shares"); the label it gives most often wins for every mention."""
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for name in self.names:
            if name.body or name.label in {"PERSON", "NORP"} or self._known_place(name.base_text):
                continue
            votes[name.text.lower()]["ORG" if name.label == "ORG" else "LOC"] += 1
        for name in self.names:
            vote = votes.get(name.text.lower())
            if vote and len(vote) > 1 and not name.noun:
                winner = vote.most_common(1)[0][0]
                if (winner == "ORG") != (name.label == "ORG"):
                    name.label = name.base_label = winner

    def _places_tagged_organization(self) -> None:
        """"the fuel facility in Senkata": an unknown "organization" the article only ever puts things *in* is a
        place (but an acronym or a name with "Party", "Council" ... stays an organization)."""
        located: dict[str, bool] = {}
        for name in self.names:
            if name.label == "ORG" and not name.body and not name.added:
                before = self.doc[name.span.start - 1] if name.span.start > 0 else None
                inside = before is not None and before.lower_ in PLACE_PREPOSITIONS
                located[name.text] = located.get(name.text, True) and inside
        for name in self.names:
            if located.get(name.text) and name.label == "ORG" and not is_acronym(name.text) and not any(
                t.lower_ in ORG_WORDS for t in name.span
            ) and not self.people.knows(name.text):
                name.label = name.base_label = "LOC"

    def _group_organizations(self) -> None:
        """Join organization forms that name one body: acronyms, "(ICC)" after a name, short and long forms."""
        self.org_first_words = {
            org_form(n.text).split()[0] for n in self.names
            if n.label == "ORG" and not n.body and len(n.span) > 1 and n.span[-1].lower_ in ORG_WORDS
        }
        for name in self.names:
            if self._is_org_candidate(name):
                self.org_groups.add(name.text)
                acronym = self._parenthesised_acronym(name.span)
                if acronym:
                    self.org_groups.join(name.text, acronym)
        written = {org_form(n.text) for n in self.names if self._is_org_candidate(n)}
        for name in self.names:
            if not self._is_org_candidate(name):
                continue
            for size in range(1, min(len(name.span), MAX_DESCRIPTOR_WORDS + 1)):
                if self._is_descriptor(name.span[:size].text):
                    rest = name.span[size:].text
                    if org_form(rest) in written:  # "the Afghan Taliban" / "the Taliban", "Indiana Statehouse"
                        self.org_groups.join(name.text, rest)
                    break
        self.org_groups.join_short_forms()

    def _is_descriptor(self, word: str) -> bool:
        """A country, demonym or US state that may open an organization's name as a mere qualifier."""
        g = self.gazetteer
        place = g.place(word)
        return bool(g.demonym(word) or g.country(word) or (place is not None and place.kind == "state"))

    def _is_org_candidate(self, name: NameSpan) -> bool:
        if name.body:
            return False
        if name.label == "ORG":
            return not self.people.knows(name.text) and not self._is_gazetteer_name(name.text)
        if name.label in PLACE_LABELS and not name.noun:
            # "Emirates" for "Emirates Airline": a place label on a word no gazetteer knows
            return not self._known_place(name.text) and org_form(name.text) in self.org_first_words
        return False

    def _parenthesised_acronym(self, span: Span) -> str | None:
        doc = self.doc
        if span.end + 2 < len(doc) and doc[span.end].text == "(" and doc[span.end + 2].text == ")":
            candidate = doc[span.end + 1].text
            if is_acronym(candidate.replace(".", "")):
                return candidate
        return None

    def _is_gazetteer_name(self, text: str) -> bool:
        """A country's name, a capital or a US state ("Jordan", "Kyiv", "NJ", "Texas"): a place whatever the tagger
        said (a capital that acts, "Kyiv said", is its country: ``_add_place``)."""
        g = self.gazetteer
        place = g.place(text)
        state = place is not None and place.kind == "state"
        return bool(g.country(text) or g.capital(text) or g.us_state(text) or state)

    # --- one name -------------------------------------------------------------------------------------------

    def _add_name(self, name: NameSpan) -> None:
        """Put one mention into its cluster: a person, an organization, a demonym's country or a place."""
        if name.label == "ORG" and len(name.span) == 1 and name.span.start in self.role_tokens \
                and is_title_word(name.span[0]):
            return  # "State" in "Secretary of State"
        if name.body:
            self._add_body(name)
            return
        if self._add_hyphenated_people(name):
            return
        text = name.text
        weak = self._is_weak(name)
        person_key = self.people.key(text, name.start_char) if name.label != "NORP" else None
        if self._place_tagged_person(name, person_key):
            self._add_place(name, weak)
            return
        if name.label == "PERSON" or (person_key and (name.label == "ORG" or not self._known_place(text))):
            key = person_key or " ".join(name_parts(text)).lower()
            self._add("person", f"person:{key}", name, weak)
            self._attach_role(f"person:{key}", name)
            return
        if self._is_org_candidate(name) or (
            name.label == "ORG" and not name.noun and not self._is_gazetteer_name(name.text)
        ):
            group = self.org_groups.key(text)
            self._add("organization", f"org:{group}", name, weak, self._country_in(name.span))
            return
        if name.label == "NORP" or (self.gazetteer.demonym(text) and not self._known_place(text)):
            demonym = self.gazetteer.demonym(text)
            if demonym is not None:  # "Russian" (also when tagged GPE): the country, as a description
                self._add("location", f"country:{demonym.alpha3}", name, True, demonym, form=False)
            return
        self._add_place(name, weak)

    def _place_tagged_person(self, name: NameSpan, person_key: str | None) -> bool:
        """"Kalamazoo" tagged as a person: a one-word name that is no part of a person's full name in the article
        ("Nelson" for "Brock Nelson" is), that the gazetteer knows as a place and that the article puts where a
        place goes at least once ("in Kalamazoo")."""
        if name.label != "PERSON" or len(name.span) != 1 or not self._known_place(name.text):
            return False
        if person_key is not None and " " in person_key:  # a full name's key: someone of the article bears it
            return False
        return any(other.text == name.text and self._place_context(other.span) for other in self.names)

    def _add_place(self, name: NameSpan, weak: bool) -> None:
        g = self.gazetteer
        text = name.base_text
        owner = self._described_name(name.span)
        if owner is not None:
            self.owner_countries.append((owner, self._country_of(name.base)))
        country = g.country(text)
        if country is None and g.capital(text) is not None and not self._place_context(name.base):
            country = g.capital(text)  # metonymy: "Moscow said", "efforts by Moscow"
        if country is not None:
            self._add("location", f"country:{country.alpha3}", name, weak, country)
            return
        place = g.place(text) or g.us_state(text)
        capital_of = g.capital(text)
        if place is not None:
            place_country = g.countries.get(place.alpha3)
            self._add("location", f"place:{place.name.lower()}", name, weak, place_country)
        elif capital_of is not None:
            self._add("location", f"place:{text.lower()}", name, weak, capital_of)
        else:
            self._add("location", f"place:{text.lower()}", name, weak, self._country_in(name.span, skip=name.base))

    def _described_name(self, span: Span) -> int | None:
        """The token of another name this place describes: "Kazakhstan's Air Astana", "Kohelet Policy Forum in
        Israel". That name's actor takes the place's country."""
        root = span.root
        head = root.head
        if root.dep_ in {"poss", "compound", "nmod"} and head.i in self.name_tokens:
            return head.i if self.name_tokens[head.i].span.start != span.start else None
        if root.dep_ == "pobj" and head.lower_ == "in" and head.head.i in self.name_tokens:
            return head.head.i
        return None

    def _add_body(self, name: NameSpan) -> None:
        """"Afghan government", "Kabul government", "Russia's foreign ministry": one body per country and noun."""
        g = self.gazetteer
        base = name.base_text
        country = g.country(base) or g.demonym(base) or g.capital(base)
        owner = country.alpha3 if country else org_form(base)
        weak = self._is_weak(name)
        key = f"body:{owner}:{name.noun}"
        self._add("organization", key, name, weak, country, map_tokens=True)
        if country is not None:  # the country itself is only described here
            mention = Mention(start=name.base.start_char, end=name.base.start_char + len(base), text=base)
            form = None if g.demonym(base) and not g.country(base) else base
            self._cluster("location", f"country:{country.alpha3}", country).add(mention, form, True)

    def _add_hyphenated_people(self, name: NameSpan) -> bool:
        """"the Biden-Putin summit": two known people, one mention each, with their own offsets."""
        text = name.text
        if "-" not in text or name.label == "PERSON" or " " in text:
            return False
        parts = text.split("-")
        if len(parts) < 2 or not all(p and self.people.knows(p) for p in parts):
            return False
        weak = in_regions(name.span, self.quotes)  # a modifier ("summit") still names both as taking part
        offset = name.start_char
        for part in parts:
            key = f"person:{self.people.key(part, offset)}"
            self._cluster("person", key).add(Mention(start=offset, end=offset + len(part), text=part), part, weak)
            span = self.doc.char_span(offset, offset + len(part), alignment_mode="expand")
            for token in span if span is not None else []:
                if token.text in part or part in token.text:  # a token holding "Biden-Putin" stays unmapped
                    self.token_cluster[token.i] = key
            offset += len(part) + 1
        return True

    # --- what a mention is ----------------------------------------------------------------------------------


    def _attach_role(self, key: str, name: NameSpan) -> None:
        cluster = self.clusters[key]
        role = self.roles.get(name.span.start)
        if role is not None:
            text = role.text
            if text not in cluster.roles:
                cluster.roles.append(text)
            cluster.country = cluster.country or self._country_in(role)
        before = self.doc[name.span.start - 1] if name.span.start > 0 else None
        if cluster.country is None and before is not None and before.ent_type_ == "NORP":
            cluster.country = self.gazetteer.demonym(before.text)  # "American Kevin King"

    def _country_in(self, span: Span | None, skip: Span | None = None) -> Country | None:
        """The last country named inside ``span``: "Diplomatic Academy of Vietnam", "British Foreign Office",
        "U.S. Defense Secretary", "American University of Kabul" (Kabul, not American, says where it is)."""
        if span is None:
            return None
        found = None
        i = span.start
        while i < span.end:
            if skip is not None and skip.start <= i < skip.end:
                i = skip.end
                continue
            step = 1
            for size in (3, 2, 1):
                window = self.doc[i:min(i + size, span.end)]
                if len(window) != size or (skip is not None and window.start < skip.end and skip.start < window.end):
                    continue
                country = self._country_of(window)
                if country is not None:
                    found, step = country, size
                    break
            i += step
        return found

    def _country_of(self, window: Span) -> Country | None:
        """Country of a country name, demonym, capital or US state; of a city only where spaCy saw a place, since
        many town names are also ordinary capitalised words."""
        text = strip_possessive(window.text)
        if not text[:1].isupper():
            return None
        g = self.gazetteer
        country = g.country(text) or g.demonym(text) or g.capital(text)
        if country is not None:
            return country
        place = g.place(text) or g.us_state(text)
        if place is not None and (place.kind == "state" or all(t.ent_type_ in {"GPE", "LOC"} for t in window)):
            return g.countries.get(place.alpha3)
        return None

    # --- clusters -------------------------------------------------------------------------------------------

    def _cluster(self, actor_type: ActorType, key: str, country: Country | None = None) -> _Cluster:
        cluster = self.clusters.get(key)
        if cluster is None:
            cluster = self.clusters[key] = _Cluster(type=actor_type, key=key, country=country)
        cluster.country = cluster.country or country
        return cluster

    def _add(
        self,
        actor_type: ActorType,
        key: str,
        name: NameSpan,
        weak: bool,
        country: Country | None = None,
        map_tokens: bool = True,
        form: bool = True,
    ) -> None:
        cluster = self._cluster(actor_type, key, country)
        text = name.text
        minor = weak and self._is_minor(name)
        mention = Mention(start=name.start_char, end=name.start_char + len(text), text=text)
        cluster.add(mention, text if form else None, weak, minor)
        if name.noun and not name.body and name.base_text not in cluster.forms:
            cluster.forms.append(name.base_text)  # "Houston" beside "Houston area"
        if map_tokens:
            for token in name.span:
                self.token_cluster[token.i] = key

    def _settle_strength(self) -> None:
        """Final say on which clusters are actors.

        An organization named repeatedly, even only as a modifier, is a subject of the story. A person named once, by
        one word and with no role, is only an actor when a statement or an event relies on it: on the English pages of
        the article benchmark two in three of the 76 such names were no person at all ("Altima", "Wi-Fi", "Broncos",
        "Download"), and the rest were mentioned in passing ("Nixon"), which FORMAT.md does not count as actors
        either. One name, one actor:
        a city whose name the article also uses for its state ("Beijing") stays weak, because statements and events
        refer to actors by name and two emitted actors sharing a name would be ambiguous.
        """
        for cluster in self.clusters.values():
            if cluster.weak and cluster.type == "organization" and cluster.minor >= MIN_MODIFIER_MENTIONS:
                cluster.weak = False
            if cluster.type == "person" and len(cluster.mentions) == 1 and not cluster.roles and all(
                " " not in form for form in cluster.forms
            ):
                cluster.weak = True  # a lone word named once in passing (see the docstring)
        strong_forms: dict[str, str] = {}
        for key, cluster in self.clusters.items():
            if not cluster.weak and not key.startswith("place:"):
                for form in cluster.forms:
                    strong_forms.setdefault(form.lower(), key)
        for key, cluster in self.clusters.items():
            if key.startswith("place:") and not cluster.weak and cluster.forms and all(
                f.lower() in strong_forms for f in cluster.forms
            ):
                cluster.weak = True

    def _index(self) -> ActorIndex:
        actors: list[Actor] = []
        weak: list[bool] = []
        positions: dict[str, int] = {}
        for key, cluster in self.clusters.items():
            name = self._canonical_name(cluster)
            aliases = [form for form in cluster.forms if form != name]
            positions[key] = len(actors)
            actors.append(
                Actor(
                    name=name,
                    type=cluster.type,
                    aliases=aliases,
                    roles=cluster.roles,
                    country=cluster.country.alpha3 if cluster.country else None,
                    mentions=sorted(cluster.mentions, key=lambda m: m.start),
                )
            )
            weak.append(cluster.weak)
        token_actor = {i: positions[key] for i, key in self.token_cluster.items() if key in positions}
        return ActorIndex(doc=self.doc, actors=actors, weak=weak, token_actor=token_actor)

    def _canonical_name(self, cluster: _Cluster) -> str:
        """The fullest form: the standard country name, the longest person name, the unabbreviated organization."""
        if cluster.key.startswith("country:") and cluster.country is not None:
            return cluster.country.name
        forms = cluster.forms or [m.text for m in cluster.mentions]
        if cluster.type == "person":  # the longest name, written out ("Benjamin Nzeribe", not "B. U. Nzeribe")
            return max(forms, key=lambda f: (not has_initial(f), len(name_parts(f)), len(f)))
        candidates = [f for f in forms if not _is_abbreviation(f)] or forms
        return max(candidates, key=len)


def find_actors(doc: Doc) -> ActorIndex:
    """All actors named in ``doc``, with their mentions, roles and countries."""
    return _Builder(doc).build()
