"""etl.parse on small pages written for each rule: one test per metadata source, body rule and input quirk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from etl.decoding import decode_html, load_tree
from etl.metadata import parse_datetime, url_date
from etl.models import Article
from etl.parse import ParseError, parse_html

PARAGRAPHS = [
    "The city council voted on Tuesday to expand the bus network, adding four routes that will connect the "
    "northern suburbs with the hospital district by next spring.",
    "Supporters said the plan would cut commuting times for thousands of nurses and shift workers, while critics "
    "questioned whether the transit agency could hire enough drivers to run the extra services.",
    "“We have waited ten years for this,” said Maria Lopez, who chairs the residents’ association. “People here "
    "should not need a car to get to work.”",
    "The agency expects the new routes to cost about $12 million a year. Officials said federal grants would cover "
    "roughly half of that amount during the first three years of operation.",
]


def page(head: str = "", article: str | None = None, before: str = "", after: str = "", lang: str = "en") -> str:
    """A complete page: navigation, an article with the test paragraphs (or ``article``), and a footer."""
    text = article if article is not None else "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Council expands bus network | Example News</title>
{head}</head>
<body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<main><article class="story">
<h1 class="headline">Council expands bus network</h1>
{before}
<div class="article-body">{text}</div>
{after}
</article></main>
<footer class="site-footer"><p>Example News, 1 Main Street. Contact the newsroom.</p></footer>
</body></html>"""


def paragraphs(article: Article) -> list[str]:
    return article.body.split("\n\n")


# --------------------------------------------------------------------------------------------------------------
# the public surface


def test_returns_an_article_with_the_body_text() -> None:
    article = parse_html(page(), url="https://news.example.com/council-buses")
    assert isinstance(article, Article)
    assert article.url == "https://news.example.com/council-buses"
    assert paragraphs(article) == PARAGRAPHS


def test_parse_error_is_a_value_error_with_a_machine_readable_reason() -> None:
    for empty in ("", "   \n", b"", "<html><head><title>x</title></head><body></body></html>"):
        with pytest.raises(ParseError) as caught:
            parse_html(empty)
        assert isinstance(caught.value, ValueError)
        assert caught.value.reason in {"empty_document", "empty_body"}
    with pytest.raises(ParseError) as caught:
        parse_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert caught.value.reason == "empty_body"


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><div><p>Unclosed paragraph " + PARAGRAPHS[0] + "<div><span>" + PARAGRAPHS[1],
        "<div>" * 1500 + "<p>" + PARAGRAPHS[0] + " " + PARAGRAPHS[1] + "</p>" + "</div>" * 1500,
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>' + PARAGRAPHS[0] + "</p></body></html>",
        "<html><head><script type='application/ld+json'>{broken json,,,</script>"
        "<meta property='article:published_time' content='not a date'>"
        "<meta name='author' content='https://example.com/staff'></head><body><p>"
        + PARAGRAPHS[2]
        + "</p></body></html>",
        "<p>" + PARAGRAPHS[0] + "\x00 with a NUL byte</p>",
        "<table><tr><td>" + PARAGRAPHS[0] + "</td><td>" + PARAGRAPHS[1] + "</td></tr></table>",
    ],
)
def test_odd_markup_never_raises(markup: str) -> None:
    article = parse_html(markup)
    assert article.body.strip()


# --------------------------------------------------------------------------------------------------------------
# metadata sources


def test_json_ld_news_article() -> None:
    head = """<script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Example News", "url": "https://news.example.com/"},
      {"@type": "NewsArticle", "headline": "Council expands bus network to northern suburbs",
       "datePublished": "2019-11-18T10:45:00-05:00", "dateModified": "2019-11-18T12:00:00Z",
       "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "Example News"}],
       "articleSection": ["Local", "Transport"], "inLanguage": "en-US",
       "mainEntityOfPage": {"@id": "https://news.example.com/local/council-buses"}}]}
    </script>"""
    article = parse_html(page(head))
    assert article.title == "Council expands bus network to northern suburbs"
    assert article.published == datetime(2019, 11, 18, 10, 45, tzinfo=timezone(timedelta(hours=-5)))
    assert article.modified == datetime(2019, 11, 18, 12, 0, tzinfo=UTC)
    assert article.authors == ["Jane Doe"]  # the organization is not a person when a person is named
    assert article.section == "Local"
    assert article.canonical_url == "https://news.example.com/local/council-buses"


def test_opengraph_tags() -> None:
    head = """<meta property="og:title" content="Bus network grows">
    <meta property="og:url" content="https://news.example.com/og-url">
    <meta property="article:published_time" content="2020-03-04T05:06:07+01:00">
    <meta property="article:modified_time" content="2020-03-05T08:00:00+01:00">
    <meta property="article:section" content="Transport">"""
    article = parse_html(page(head))
    assert article.title == "Bus network grows"
    assert article.published == datetime(2020, 3, 4, 5, 6, 7, tzinfo=timezone(timedelta(hours=1)))
    assert article.modified == datetime(2020, 3, 5, 8, 0, tzinfo=timezone(timedelta(hours=1)))
    assert article.section == "Transport"
    assert article.canonical_url == "https://news.example.com/og-url"


def test_vendor_meta_tags_without_time_zone_give_a_naive_datetime() -> None:
    head = """<meta name="sailthru.date" content="2018-06-01 14:30:00">
    <meta name="author" content="By Sam Carter">
    <meta name="parsely-section" content="City Hall">"""
    article = parse_html(page(head))
    assert article.published == datetime(2018, 6, 1, 14, 30)
    assert article.published.tzinfo is None
    assert article.authors == ["Sam Carter"]
    assert article.section == "City Hall"


def test_date_only_meta_tag_is_midnight_naive() -> None:
    article = parse_html(page('<meta name="pubdate" content="2017-02-03">'))
    assert article.published == datetime(2017, 2, 3)


def test_time_element() -> None:
    before = '<p class="byline">By Ann Author · <time datetime="2021-07-09T08:15:00Z">9 July 2021</time></p>'
    article = parse_html(page(before=before))
    assert article.published == datetime(2021, 7, 9, 8, 15, tzinfo=UTC)


def test_microdata_item_props() -> None:
    before = """<span itemprop="author" itemscope><span itemprop="name">Lee Chang</span></span>
    <span itemprop="datePublished" content="2016-05-06T07:08:09+09:00">6 May</span>"""
    article = parse_html(page(before=before))
    assert article.authors == ["Lee Chang"]
    assert article.published == datetime(2016, 5, 6, 7, 8, 9, tzinfo=timezone(timedelta(hours=9)))


def test_url_date_when_the_page_has_none() -> None:
    article = parse_html(page(), url="https://news.example.com/2019/11/18/council-buses/")
    assert article.published == datetime(2019, 11, 18)


def test_url_date_wins_over_a_conflicting_page_date() -> None:
    head = '<meta property="article:published_time" content="2023-01-01T00:00:00Z">'  # a template's date
    article = parse_html(page(head), url="https://news.example.com/2019/11/18/council-buses/")
    assert article.published == datetime(2019, 11, 18)
    # ... but a page date within a day of the URL's keeps its time and zone
    head = '<meta property="article:published_time" content="2019-11-19T01:30:00Z">'
    article = parse_html(page(head), url="https://news.example.com/2019/11/18/council-buses/")
    assert article.published == datetime(2019, 11, 19, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/2019/11/18/slug", (2019, 11, 18)),
        ("https://a.example/news/2019-11-19/slug.html", (2019, 11, 19)),
        ("https://a.example/commentisfree/2019/nov/18/the-view", (2019, 11, 18)),
        ("https://a.example/tuft-cells-20191115/", (2019, 11, 15)),
        ("https://a.example/article/3834/1", None),
        ("https://a.example/2019/11/slug", None),
        (None, None),
    ],
)
def test_url_date_patterns(url: str | None, expected: tuple[int, int, int] | None) -> None:
    found = url_date(url)
    assert (found.timetuple()[:3] if found else None) == expected


def test_parse_datetime_formats() -> None:
    assert parse_datetime("2019-11-18T10:45:00Z") == datetime(2019, 11, 18, 10, 45, tzinfo=UTC)
    assert parse_datetime("2019-11-18T10:45:00+0530").utcoffset() == timedelta(hours=5, minutes=30)
    assert parse_datetime("Nov. 19, 2019 8:21 am EST") == datetime(
        2019, 11, 19, 8, 21, tzinfo=timezone(timedelta(hours=-5))
    )
    assert parse_datetime("Nov. 19, 2019 8:21 am ET") == datetime(2019, 11, 19, 8, 21)  # ambiguous zone: naive
    assert parse_datetime("1574168580") == datetime(2019, 11, 19, 13, 3, tzinfo=UTC)
    assert parse_datetime("0001-01-01") is None
    assert parse_datetime("tomorrow-ish") is None


def test_canonical_link_is_resolved_against_the_page_url() -> None:
    head = '<link rel="canonical" href="/local/council-buses?ref=canonical">'
    article = parse_html(page(head), url="https://news.example.com/amp/council-buses")
    assert article.canonical_url == "https://news.example.com/local/council-buses?ref=canonical"


def test_authors_are_split_and_cleaned() -> None:
    head = """<script type="application/ld+json">{"@type": "NewsArticle",
      "author": [{"@type": "Person", "name": "MEG KINNARD"}, {"@type": "Person", "name": "AP Political Writer"},
                 {"@type": "Person", "name": "Ilana Muhlstein, MS, RDN"}]}</script>"""
    assert parse_html(page(head)).authors == ["Meg Kinnard", "Ilana Muhlstein"]
    head = '<meta name="byl" content="By Jane Doe and John Smith">'
    assert parse_html(page(head)).authors == ["Jane Doe", "John Smith"]
    head = '<meta name="author" content="Analysis by Chris Wallace">'
    assert parse_html(page(head)).authors == ["Chris Wallace"]


def test_title_falls_back_to_the_page_title_without_the_site_name() -> None:
    markup = page().replace('<h1 class="headline">Council expands bus network</h1>', "")
    assert parse_html(markup).title == "Council expands bus network"


def test_html_entities_in_meta_titles_are_decoded() -> None:
    article = parse_html(page('<meta property="og:title" content="Bike &amp;#8216;Style&amp;#8217; review">'))
    assert article.title == "Bike ‘Style’ review"


# --------------------------------------------------------------------------------------------------------------
# language


def test_language_is_detected_from_the_body() -> None:
    assert parse_html(page()).language == "en"
    french = [
        "Le conseil municipal a voté mardi l'extension du réseau de bus, avec quatre nouvelles lignes qui "
        "relieront les banlieues du nord au quartier des hôpitaux d'ici le printemps prochain.",
        "Les partisans du projet estiment qu'il réduira le temps de trajet de milliers d'infirmières, tandis que "
        "les critiques se demandent si l'agence pourra recruter assez de conducteurs pour les nouveaux services.",
    ]
    article = parse_html(page(article="".join(f"<p>{p}</p>" for p in french), lang="en"))
    assert article.language == "fr"  # the text outweighs a wrong declaration


def test_declared_language_is_used_for_very_short_text() -> None:
    markup = '<html lang="de-AT"><body><article><p>Kurzer Text.</p></article></body></html>'
    assert parse_html(markup).language == "de"


# --------------------------------------------------------------------------------------------------------------
# body: paragraphs and boilerplate


def test_paragraph_breaks_from_p_and_double_br() -> None:
    text = f"{PARAGRAPHS[0]}<br><br>{PARAGRAPHS[1]}<br/><br/>{PARAGRAPHS[2]}"
    article = parse_html(page(article=f"<div class='entry-content'>{text}</div><p>{PARAGRAPHS[3]}</p>"))
    assert paragraphs(article) == PARAGRAPHS


def test_single_br_is_a_line_break_inside_a_paragraph() -> None:
    address = "<p>City Hall<br>1 Main Street<br>Springfield</p>"
    article = parse_html(page(article="".join(f"<p>{p}</p>" for p in PARAGRAPHS) + address))
    assert article.body.endswith("\n\nCity Hall\n1 Main Street\nSpringfield")


def test_inline_markup_keeps_its_spaces() -> None:
    text = "<p>The <a href='/x'>council</a> <em>voted</em> on <b>Tuesday</b>, and the <i>mayor</i> agreed.</p>"
    article = parse_html(page(article="".join(f"<p>{p}</p>" for p in PARAGRAPHS) + text))
    assert paragraphs(article)[-1] == "The council voted on Tuesday, and the mayor agreed."


def test_boilerplate_is_removed() -> None:
    furniture = {
        "caption": "<figure><img src='bus.jpg'><figcaption>A bus in the depot. Photo: Example</figcaption></figure>",
        "byline": "<div class='article__byline'>By Jane Doe, Transport Reporter</div>",
        "read more": "<p>Read more: Why the last bus plan failed</p>",
        "newsletter": "<p>Sign up for our newsletter to get the day's top stories delivered to your inbox.</p>",
        "share": "<div class='social-share'><p>Share this story with a friend on Facebook or Twitter now.</p></div>",
        "related": "<ul><li><a href='/a'>Mayor opens new library</a></li><li><a href='/b'>Roadworks on Main "
        "Street</a></li><li><a href='/c'>Five things to do this weekend</a></li></ul>",
    }
    body = (
        f"<p>{PARAGRAPHS[0]}</p>{furniture['caption']}{furniture['byline']}<p>{PARAGRAPHS[1]}</p>"
        f"{furniture['read more']}<p>{PARAGRAPHS[2]}</p>{furniture['newsletter']}{furniture['share']}"
        f"<p>{PARAGRAPHS[3]}</p>{furniture['related']}"
    )
    article = parse_html(page(article=body))
    assert paragraphs(article) == PARAGRAPHS
    assert "Council expands bus network" not in article.body  # the headline is not body text


def test_paragraphs_trafilatura_drops_are_recovered() -> None:
    # Text set directly in a <div> with <br> breaks, next to real paragraphs, and a lead kept in a "summary".
    body = (
        f"<div class='article__summary'>{PARAGRAPHS[0]}</div>"
        f"<div class='content'>{PARAGRAPHS[1]}<br><br>{PARAGRAPHS[2]}</div><p>{PARAGRAPHS[3]}</p>"
    )
    assert paragraphs(parse_html(page(article=body))) == PARAGRAPHS


def test_structured_body_is_used_when_the_markup_has_no_text() -> None:
    structured = "\\n".join(PARAGRAPHS).replace('"', '\\"')
    head = f'<script type="application/ld+json">{{"@type": "NewsArticle", "articleBody": "{structured}"}}</script>'
    article = parse_html(page(head, article="<div id='app'></div>"))
    assert paragraphs(article) == PARAGRAPHS


def test_data_tables_are_rendered_one_row_per_line() -> None:
    table = (
        "<table><tr><th>Route</th><th>Stops</th></tr><tr><td>N1</td><td>14</td></tr>"
        "<tr><td>N2</td><td>9</td></tr></table>"
    )
    article = parse_html(page(article="".join(f"<p>{p}</p>" for p in PARAGRAPHS) + table))
    assert "Route Stops\n\nN1 14\n\nN2 9" in article.body


# --------------------------------------------------------------------------------------------------------------
# bytes and charsets


def test_bytes_use_the_meta_charset() -> None:
    markup = page().replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    markup = markup.replace("Maria Lopez", "María López")
    article = parse_html(markup.encode("cp1252"))
    assert "María López" in article.body
    assert "“We have waited ten years for this,”" in article.body


def test_bytes_with_http_equiv_charset_and_latin1_label() -> None:
    markup = page().replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    )
    markup = markup.replace("Maria Lopez", "María López").replace("“", '"').replace("”", '"').replace("’", "'")
    assert "María López" in parse_html(markup.encode("latin-1")).body


def test_utf8_bytes_mislabelled_as_latin1_are_read_as_utf8() -> None:
    markup = page().replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').replace("Maria", "María")
    assert "María" in parse_html(markup.encode("utf-8")).body


def test_byte_order_mark_wins() -> None:
    markup = page().replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace("Maria", "Marïa")
    assert "Marïa" in parse_html(b"\xef\xbb\xbf" + markup.encode("utf-8")).body
    assert decode_html(b"\xff\xfe" + "<p>Grüße</p>".encode("utf-16-le")) == "<p>Grüße</p>"


def test_undecodable_bytes_do_not_crash() -> None:
    markup = page().encode("utf-8").replace(b"Maria", b"Mar\xff\xfe\x81a")
    article = parse_html(markup)
    assert PARAGRAPHS[0] in article.body
    assert load_tree(b"\x00\x00\x00") is None


def test_unknown_charset_label_falls_back() -> None:
    markup = page().replace('<meta charset="utf-8">', '<meta charset="x-no-such-charset">')
    assert PARAGRAPHS[0] in parse_html(markup.encode("utf-8")).body


def test_structured_body_with_html_markup_becomes_plain_paragraphs() -> None:
    structured = "".join(f"<p>{p}</p>" for p in PARAGRAPHS).replace('"', '\\"')
    head = f'<script type="application/ld+json">{{"@type": "NewsArticle", "articleBody": "{structured}"}}</script>'
    article = parse_html(page(head, article="<div id='app'></div>"))
    assert paragraphs(article) == PARAGRAPHS


def test_authors_from_the_visible_byline() -> None:
    before = (
        '<div class="article__byline">By <a href="/staff/ann">Ann Author</a> and <a href="/staff/bo">Bo Bee</a></div>'
    )
    assert parse_html(page(before=before)).authors == ["Ann Author", "Bo Bee"]
    before = '<p class="byline">By Carla Diaz | November 18, 2019</p>'
    assert parse_html(page(before=before)).authors == ["Carla Diaz"]


def test_embedded_social_posts_are_quoted_material() -> None:
    tweet = (
        '<div class="social-media-embed"><blockquote class="twitter-tweet"><p lang="en">We will open four new '
        "routes next spring.</p>— Transit Agency (@transit) <a href='https://twitter.com/x'>November 18, 2019</a>"
        "</blockquote></div>"
    )
    body = f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>{tweet}<p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>"
    article = parse_html(page(article=body))
    assert "We will open four new routes next spring." in paragraphs(article)
    assert paragraphs(article)[0] == PARAGRAPHS[0] and paragraphs(article)[-1] == PARAGRAPHS[3]
