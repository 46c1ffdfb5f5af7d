"""Referents: which actors a phrase of the article stands for, beyond the names the ActorIndex knows.

A phrase can stand for an actor it does not name: a pronoun ("accuses him", through the statements module's
resolver; "we" inside a quotation, its speaker; "it"/"they" as doers, the latest subject naming an actor; an object
"them", the group named just before), a relative pronoun ("the Taliban, who refused"), a title whose holder the
article names ("China's ambassador"), "the country" for the country named before, "the Trump administration" for
the leader's country, "the party" or "the company" for the organization named before, members for their
institution when they act ("prosecutors alleged" -> the U.S. Attorney's Office, "prison officials" -> the Bureau of
Prisons, event_cues.tsv "member"), "the authorities" or "government officials" for the country the article is
about, "the Russian and Syrian defense ministries" for both countries, and a lede's "A New York man" for the person
the next sentences name with his age. "A New York man" is from New York and does not stand for it.

``event_roles`` decides which phrases are a trigger's source and target; this module only says whom they name.
"""

from __future__ import annotations

from spacy.tokens import Token

from etl.analyze.actors import is_title_head
from etl.analyze.event_context import Context
from etl.analyze.event_lexicon import lexicon
from etl.analyze.gazetteer import get_gazetteer
from etl.analyze.lexicon import context_words, title_words, words
from etl.analyze.names import strip_possessive
from etl.models import Actor

NOUN_SOURCE_PREPS = ("by", "from")  # "an attack by X", "claims from Moscow"
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my", "ours"}
GROUP_PRONOUNS = {"they", "them", "their", "it", "its"}
PERSONAL_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}


def resolve(ctx: Context, token: Token, agent: bool = True) -> list[Actor]:
    """Actors a noun phrase names (``agent``: as the doer of an act). Beyond ``ActorIndex.resolve``: pronouns,
    relative pronouns, "we" inside a quotation (its speaker), titles whose holder the article names ("China's
    ambassador" -> Liu Xiaming), appositions ("two Arab states - Egypt and Jordan") and the phrases the module
    docstring lists."""
    lower = token.lower_
    if lower in RELATIVE_PRONOUNS:
        return _relative(ctx, token)
    if lower in FIRST_PERSON and token.pos_ == "PRON":  # "us", not "the US"
        if ctx.in_quote(token) is None:
            return []
        speaker = ctx.speaker(token)
        return [speaker] if speaker else []
    if lower in GROUP_PRONOUNS and token.pos_ == "PRON":
        if agent:
            return _antecedent(ctx, token)
        return _plural_antecedent(ctx, token) if lower in {"them", "their"} else []
    if lower in PERSONAL_PRONOUNS and token.pos_ == "PRON":
        known, person = ctx.pronoun(token)  # "accuses him of", "stripped him of": objects too, not only speakers
        if known:
            return [person] if person is not None and person.type == "person" else []
        people = ctx.people(token)
        found = people if people is not None else ctx.actors.resolve(token)
        return [a for a in found if a.type == "person"]  # "he was arrested" is no newspaper
    if is_title_head(token) and ctx.actors.at_token(token) is None:
        holder = _title_holder(ctx, token)
        if holder is not None:
            return [holder] + [a for c in token.conjuncts if c.i > token.i for a in resolve(ctx, c, agent)]
    if token.pos_ == "NOUN" and lexicon().cue(token, "regime"):
        state = _led_state(ctx, token)
        if state is not None:
            return [state]  # "the Trump administration" acts for the United States
    if token.pos_ == "NOUN":  # "Dubai's flagship carrier Emirates Airline", "Carlineo's attorney, Sonya Zoghlin"
        for child in token.children:
            if child.dep_ == "appos" and ctx.actors.at_token(child) is not None:
                return ctx.actors.resolve(child)
    found = ctx.actors.resolve(token)
    if _one_person(ctx, token):
        found = [a for a in found if a.type != "location"]  # "a New York man" is from New York, not New York
        introduced = _introduced_person(ctx, token) if not found else None
        if introduced is not None:
            return [introduced]  # "A New York man pleaded guilty ... Patrick Carlineo, 55, of Addison, pleaded"
    if found:
        return found
    definite = any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an", "some", "any"} for c in token.children)
    if token.pos_ == "NOUN" and definite and lexicon().cue(token, "referent"):
        country = _country_before(ctx, token)  # "Washington invaded the country"
        return [country] if country is not None else []
    the = any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in token.children)
    if token.pos_ == "NOUN" and (the if not agent else definite):
        found = ctx.people(token) or []  # "the city's police deny", "the company said", "defended the party"
        if found:
            return found
    if token.pos_ == "NOUN" and _authority(token):
        country = _main_country(ctx)  # "the authorities must end this crackdown": the country the story is about
        if country is not None:
            return [country]
    institution = _institution(ctx, token) if agent else None  # members act for it; they suffer as themselves
    if institution is not None:
        return [institution]  # "prosecutors alleged", "prison officials placed ... on leave"
    for child in sorted((c for c in token.children if c.dep_ == "appos"), key=lambda c: -c.i):
        found = ctx.actors.resolve(child)
        if found:
            return found
    if token.pos_ in {"NOUN", "NUM"} and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        # "tens of thousands of students throughout Indonesia", "members of the Kurdish party"
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.i > token.i:
                        found = resolve(ctx, pobj, agent)
                        if found:
                            return found
    if token.pos_ == "NOUN" and token.ent_type_ == "":
        # "security forces in Guinea", "students throughout Indonesia": a group placed in a country acts for it
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "throughout", "across"}:
                for pobj in child.children:
                    place = ctx.actors.at_token(pobj)
                    if pobj.dep_ == "pobj" and place is not None and get_gazetteer().country(place.name):
                        return [place]
    return []


def _authority(token: Token) -> bool:
    """"the authorities", "the government", "government officials": a state's power with no name or owner."""
    lex = lexicon()
    if lex.cue(token, "authority"):
        return _bare(token)
    if not lex.cue(token, "people") or any(c.dep_ == "prep" for c in token.children):
        return False
    modifiers = [c for c in token.children if c.i < token.i and c.dep_ not in {"det", "punct", "amod", "nummod"}]
    return len(modifiers) == 1 and modifiers[0].dep_ == "compound" and lex.cue(modifiers[0], "authority")


def employer(ctx: Context, person: Actor) -> Actor | None:
    """The organization a person's role names ("WeWork's founder" -> WeWork), when the article names it."""
    roles = " ".join(person.roles).lower().replace("’", "'")
    if person.type != "person" or not roles:
        return None
    for actor in ctx.actors.actors:
        if actor.type == "organization" and any(
            len(form) > 2 and form.lower().replace("’", "'") in roles for form in (actor.name, *actor.aliases)
        ):
            return actor
    return None


def _bare(token: Token) -> bool:
    """A noun with no modifier but "the": "the authorities", "authorities", "the government"."""
    for child in token.children:
        if child.dep_ == "prep" or (child.i < token.i and child.dep_ != "punct" and child.lower_ != "the"):
            return False  # "the Afghan government", "his government", "the government of Iraq"
    return True


def _main_country(ctx: Context) -> Actor | None:
    """The country an article is about: the country actor named most often, at least three times and twice as
    often as any other."""
    gazetteer = get_gazetteer()
    counts = sorted(((len(a.mentions), i) for i, a in enumerate(ctx.actors.actors)
                     if a.type == "location" and gazetteer.country(a.name) is not None), reverse=True)
    if not counts or counts[0][0] < 3 or (len(counts) > 1 and counts[0][0] < 2 * counts[1][0]):
        return None
    return ctx.actors.actors[counts[0][1]]


def _institution(ctx: Context, token: Token) -> Actor | None:
    """The organization a group of its members stands for: "prosecutors" for the U.S. Attorney's Office,
    "lawmakers" for the Legislature (event_cues.tsv "member"), "prison officials" for the Bureau of Prisons (a
    noun modifying a noun for people, found in the organization's name); the one named nearest before, else the
    first named after. Only organizations the article names: a bare "officials" stands for no one."""
    if token.pos_ != "NOUN":
        return None
    lex = lexicon()
    words = set(lex.institutions(token))
    if words or lex.cue(token, "people"):
        words |= {c.lemma_.lower() for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN"}
    if not words:
        return None
    candidates = [a for a in ctx.actors.actors if a.type == "organization" and words & _name_words(a)]
    before = [(m.start, a) for a in candidates for m in a.mentions if m.start < token.idx]
    if before:
        return max(before, key=lambda pair: pair[0])[1]
    after = [(m.start, a) for a in candidates for m in a.mentions]
    return min(after, key=lambda pair: pair[0])[1] if after else None


def _name_words(actor: Actor) -> set[str]:
    """The words of an actor's names, lower case, without possessives, also in the singular ("Prisons")."""
    found: set[str] = set()
    for name in (actor.name, *actor.aliases):
        for word in name.lower().replace("’", "'").split():
            word = word.removesuffix("'s").strip(".,'")
            found |= {word, word[:-1]} if word.endswith("s") and len(word) > 3 else {word}
    return found


def _relative(ctx: Context, token: Token) -> list[Actor]:
    """"the Taliban, who have refused": the noun right before the pronoun, else the one the clause modifies."""
    i = token.i - 1
    while i >= 0 and ctx.doc[i].is_punct:
        i -= 1
    if i >= 0 and ctx.doc[i].pos_ in {"NOUN", "PROPN"}:
        found = resolve(ctx, ctx.doc[i], agent=True)  # "The company, which is expected to": the company meant
        if found:
            return found
    clause = token.head
    return ctx.actors.resolve(clause.head) if clause.dep_ in {"relcl", "acl"} else []


def _led_state(ctx: Context, token: Token) -> Actor | None:
    """The country actor a leader's government stands for ("the Trump administration"), when the article names
    the leader's country as an actor."""
    for child in token.children:
        leader = ctx.actors.at_token(child) if child.dep_ in {"compound", "poss"} else None
        if leader is not None and leader.type == "person" and leader.country:
            state = _country_actor(ctx, leader.country)
            if state is not None:
                return state
    return None


def _country_actor(ctx: Context, alpha3: str) -> Actor | None:
    """The article's actor for the country with this ISO code, if the article names the country as an actor."""
    gazetteer = get_gazetteer()
    for actor in ctx.actors.actors:
        country = gazetteer.country(actor.name) if actor.type == "location" else None
        if country is not None and country.alpha3 == alpha3:
            return actor
    return None


def state_of(ctx: Context, person: Actor) -> Actor | None:
    """The state a person acts for by office, when the title names it ("US Secretary of State", "Jordanian Foreign
    Minister", "China's ambassador", actor_context.tsv ``office``) and the article names that state as an actor.
    PLOVER codes an official by country, and the articles' readers do too: "the Arab League condemned the move
    announced by US Secretary of State Mike Pompeo" condemns the United States. The state must be named as an actor
    in its own right, not only described ("French President" alone adds no France). A former holder ("former US
    President") acts for no one, and a governor or a senator (no ``office`` word) is left alone."""
    if person.type != "person":
        return None
    gazetteer = get_gazetteer()
    past = words(context_words(), "past")
    for role in person.roles:
        tokens = role.replace("’", "'").replace("-", " - ").split()
        if {t.lower() for t in tokens} & past:
            continue
        for size in (3, 2, 1):
            for i in range(len(tokens) - size + 1):
                text = strip_possessive(" ".join(tokens[i:i + size]))
                country = gazetteer.country(text) or gazetteer.demonym(text)
                if country is None or not _names_the_office(tokens, i, i + size):
                    continue
                state = _country_actor(ctx, country.alpha3)
                if state is not None and not ctx.actors.is_weak(state):
                    return state
    return None


def _names_the_office(tokens: list[str], start: int, end: int) -> bool:
    """Whether the country at ``tokens[start:end]`` qualifies the role's office itself, with only title words between
    them: "US Secretary of State", "Jordanian Foreign Minister", "minister of Jordan", but not "president of the
    American Farm Bureau" or "Indiana State Teachers Association President", whose office is in an organization."""
    office, titles = words(context_words(), "office"), title_words()
    lowered = [t.lower() for t in tokens]

    def title_run(positions: range) -> bool:  # title words (or "of", "-") up to an office word
        for i in positions:
            if lowered[i] in office:
                return True
            if lowered[i] not in titles and lowered[i] not in {"of", "-"}:
                return False
        return False

    if title_run(range(end, len(lowered))):  # "US Secretary of State": the office follows the country
        return True
    before = start  # "foreign minister of (the) Jordan": the country closes the role after "of"
    while before > 0 and lowered[before - 1] == "the":
        before -= 1
    return end == len(lowered) and before > 0 and lowered[before - 1] == "of" and title_run(range(before - 1, -1, -1))


def _country_before(ctx: Context, token: Token) -> Actor | None:
    """The country a definite "the country" refers back to: the latest country named before it, not the doer of
    the clause it is in ("Washington invaded the country" is no self-invasion)."""
    doers = {c.i for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass"}}
    doers |= {t.i for d in list(doers) for t in ctx.doc[d].subtree}
    gazetteer = get_gazetteer()
    for i in range(token.i - 1, -1, -1):
        if i in doers:
            continue
        actor = ctx.actors.at_token(ctx.doc[i])
        if actor is not None and actor.type == "location" and gazetteer.country(actor.name) is not None:
            return actor
    return None


def _title_holder(ctx: Context, token: Token) -> Actor | None:
    """The named holder of a title phrase, when the phrase's own modifiers agree with the holder's role."""
    modifiers = [ctx.actors.at_token(c) for c in token.children if c.dep_ in {"poss", "compound", "amod", "nmod"}]
    modifiers = [m for m in modifiers if m is not None]
    if not modifiers:
        return None  # "the president" alone: ActorIndex.resolve already answers with the role holder
    holder = ctx.actors.role_holder(token)
    if holder is None:
        return None
    roles = " ".join(holder.roles).lower()
    for modifier in modifiers:
        if modifier.type == "person":
            return None
        forms = [modifier.name, *modifier.aliases]
        if (holder.country and holder.country == modifier.country) or any(f.lower() in roles for f in forms):
            return holder
    return None


def _antecedent(ctx: Context, token: Token) -> list[Actor]:
    """What "it"/"they" refers to as a doer: the subject of the verb a coordinated verb hangs from ("officials
    pushed back ... and they have attributed"), else the latest earlier subject (same or previous sentence) that
    names an actor; "it" only a single organization or place."""
    neuter = token.lower_ in {"it", "its"}
    verb = token.head
    if token.dep_ == "nsubj" and verb.dep_ == "conj":
        for child in verb.head.children:
            if child.dep_ == "nsubj" and child.lower_ not in GROUP_PRONOUNS:
                found = ctx.actors.resolve(child)
                if found and (not neuter or len(found) == 1):
                    return found
    sent = token.sent
    first = ctx.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for i in range(token.i - 1, first - 1, -1):
        candidate = ctx.doc[i]
        if candidate.dep_ not in {"nsubj", "nsubjpass"} or candidate.lower_ in GROUP_PRONOUNS | RELATIVE_PRONOUNS:
            continue
        found = ctx.actors.resolve(candidate)
        if not found:
            continue
        if neuter:
            things = [a for a in found if a.type != "person"]
            if len(things) == 1 and len(found) == 1:
                return things
            continue
        return found
    return []


def _plural_antecedent(ctx: Context, token: Token) -> list[Actor]:
    """What an object "them" refers to: the latest group of actors named before it, in its sentence or the one
    before ("other partners, including Europe, Japan, Canada and Mexico, publicly threatening them"), never the
    doer of its own verb; a group is a coordination of names or a plural noun naming an actor."""
    doers = {a.name for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass"} for a in ctx.actors.resolve(c)}
    sent = token.sent
    first = ctx.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for i in range(token.i - 1, first - 1, -1):
        candidate = ctx.doc[i]
        if candidate.dep_ in {"compound", "amod", "nmod", "poss", "conj"} or candidate.pos_ not in {"NOUN", "PROPN"}:
            continue
        found = [a for a in ctx.actors.resolve(candidate) if a.name not in doers]
        if len(found) > 1 or (found and candidate.tag_ in {"NNS", "NNPS"}):
            return found
    return []


def np_actors(ctx: Context, token: Token, agent: bool = False) -> list[Actor]:
    """Actors of a noun phrase, also those deep in a compound chain ("50 Airbus A350-900 jets")."""
    if token.tag_ == "VBG":  # the small model's "The Red Cross operating in Iraq said": a gerund subject
        inner = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if inner is not None:
            token = inner
    found = resolve(ctx, token, agent)
    if found:
        for child in token.children:  # "the Russian and Syrian defense ministries": both modifiers act
            if child.dep_ in {"amod", "compound", "nmod"} and ctx.actors.at_token(child) in found:
                for conj in child.conjuncts:
                    actor = ctx.actors.at_token(conj)
                    if actor is not None and actor not in found:
                        found.append(actor)
        return found
    places_only_describe = _one_person(ctx, token)
    for child in token.children:
        if child.dep_ == "poss" and child.pos_ == "NOUN":  # "defended the party's actions": the party
            found += [a for a in resolve(ctx, child, agent) if a not in found]
        elif child.dep_ in {"compound", "nmod", "poss"} and child.i < token.i:
            for inner in child.subtree:
                actor = ctx.actors.at_token(inner)
                if actor is None or actor in found or (places_only_describe and actor.type == "location"):
                    continue
                found.append(actor)
    return found


INTRODUCTION_SENTENCES = 2  # how far after "A New York man ..." the article names him


def _introduced_person(ctx: Context, token: Token) -> Actor | None:
    """The person a lede introduces by where he is from ("A New York man pleaded guilty ...") and names, with his
    age, as the subject of one of the next sentences ("Patrick W. Carlineo Jr., 55, of Addison, pleaded guilty")."""
    if token.dep_ not in {"nsubj", "nsubjpass"} or not any(
        c.dep_ == "det" and c.lower_ in {"a", "an"} for c in token.children
    ):
        return None
    if not any(ctx.actors.at_token(t) is not None for c in token.children if c.i < token.i for t in c.subtree):
        return None  # "a man was stabbed": no place, no introduction
    doc = ctx.doc
    sentences = list(doc.sents)
    here = ctx.sentence_of(token)
    for sent in sentences[here + 1: here + 1 + INTRODUCTION_SENTENCES]:
        for candidate in sent:
            actor = ctx.actors.at_token(candidate)
            if candidate.dep_ not in {"nsubj", "nsubjpass"} or actor is None or actor.type != "person":
                continue
            after = doc[candidate.i + 1: candidate.i + 4]
            if len(after) == 3 and after[0].text == "," and after[1].like_num and after[2].text == ",":
                return actor  # "Carlineo Jr., 55,": the age that introduces a person
    return None


def _one_person(ctx: Context, token: Token) -> bool:
    """"A New York man": one unnamed person, whom a place modifier describes (where from) rather than names."""
    return token.tag_ == "NN" and lexicon().cue(token, "person-noun") and ctx.actors.at_token(token) is None


def prep_actors(
    ctx: Context, token: Token, preps: tuple[str, ...], agent: bool = False, deep: bool = False
) -> list[Actor]:
    """Actors named after these prepositions. ``deep``: an object naming none lends the doer of its own phrase
    ("agreed to a rescue by SoftBank", "responded to claims from Moscow")."""
    found: list[Actor] = []
    for child in token.children:
        if child.dep_ in {"prep", "dative", "agent"} and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ in {"pobj", "pcomp"}:
                    named = np_actors(ctx, pobj, agent)
                    if not named and deep and pobj.pos_ == "NOUN":
                        named = prep_actors(ctx, pobj, NOUN_SOURCE_PREPS, agent=True)
                    found += [a for a in named if a not in found]
    return found
