"""Small hand-made articles and documents for tests that need rows without running the NLP."""

from __future__ import annotations

import datetime as dt

from etl.models import Actor, Article, Document, Event, Figure, Mention, Statement

BODY = "Jane Roe met John Doe in Paris. \u201cWe agreed,\u201d Roe said. About 300 troops left."
FETCHED = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)


def make_article(n: int | str = "a", body: str = BODY) -> Article:
    return Article(url=f"https://news.example/{n}?utm_source=x", canonical_url=f"https://news.example/{n}",
                   title=f"Roe meets Doe ({n})", published=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
                   language="en", body=body)


def make_document(n: int | str = "a", quote: str = "We agreed,") -> Document:
    return Document(
        id=str(n),
        actors=[
            Actor(name="Jane Roe", type="person", aliases=["Roe"],
                  mentions=[Mention(start=0, end=8, text="Jane Roe"), Mention(start=48, end=51, text="Roe")]),
            Actor(name="John Doe", type="person", mentions=[Mention(start=13, end=21, text="John Doe")]),
            Actor(name="Paris", type="location", country="FRA", mentions=[Mention(start=25, end=30, text="Paris")]),
        ],
        statements=[Statement(speaker="Jane Roe", quote=quote, kind="direct", cue="said", start=33, end=43)],
        figures=[Figure(value=300, object="troops", text="About 300 troops", qualifier="About", start=58, end=74)],
        events=[Event(type="CONSULT", source=["Jane Roe"], target=["John Doe"], status="occurred", trigger="met",
                      sentence="Jane Roe met John Doe in Paris.", location="Paris", start=9, end=12,
                      date=dt.date(2026, 11, 19))],
    )


NEWS_PAGE = """<html><head><title>{title}</title>
<meta property="article:published_time" content="2026-11-20T08:00:00Z"></head><body><article>
<h1>{title}</h1>
<p>Foreign Minister Anna Kovac met Secretary of State Mark Ellis in Geneva on Thursday, officials said.</p>
<p>“We agreed to keep talking,” Kovac told reporters after the meeting, which lasted more than three hours.</p>
<p>Ellis said the United States would send 300 engineers to help repair the damaged dam near the border.</p>
</article></body></html>"""


def news_page(title: str = "Envoys meet in Geneva") -> str:
    """A small, complete news page: a meeting, a quote with its speaker, a figure."""
    return NEWS_PAGE.format(title=title)
