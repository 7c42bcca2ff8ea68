"""The arXiv client: ids and URLs, the API's Atom answers (recorded in tests/data/arxiv), failures."""

import contextlib
import threading
import urllib.error
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.formats.bibtex import parse_bibtex
from generator.sources import arxiv

DATA = Path(__file__).resolve().parents[1] / "data" / "arxiv"


@contextlib.contextmanager
def fake_api(answers: dict[str, str], status: int = 200):
    """A local stand-in for export.arxiv.org: id_list -> recorded answer file. Yields the API URL
    and the list of id_list values asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            ids = query.get("id_list", [""])[0]
            asked.append(ids)
            name = answers.get(ids)
            body = (DATA / name).read_bytes() if name else (DATA / "not-found.xml").read_bytes()
            self.send_response(status)
            self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/api/query", asked
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/query"  # nothing listens there once the socket is closed


@pytest.mark.parametrize(
    "text, expected",
    [
        ("arXiv:1706.03762", "1706.03762"),
        ("arxiv: 1706.03762v5", "1706.03762v5"),
        ("1706.03762", "1706.03762"),
        ("2401.00123", "2401.00123"),
        ("https://arxiv.org/abs/1706.03762", "1706.03762"),
        ("http://arxiv.org/abs/1706.03762v7", "1706.03762v7"),
        ("https://arxiv.org/pdf/1706.03762v7.pdf", "1706.03762v7"),
        ("https://arxiv.org/pdf/1706.03762", "1706.03762"),
        ("arxiv.org/abs/1706.03762/", "1706.03762"),
        ("https://export.arxiv.org/abs/1810.04805?context=cs", "1810.04805"),
        ("https://arxiv.org/html/2401.00123v2", "2401.00123v2"),
        ("hep-th/9711200", "hep-th/9711200"),
        ("https://arxiv.org/abs/math.GT/0309136", "math.GT/0309136"),
        ("  arXiv:1706.03762  ", "1706.03762"),
    ],
)
def test_ids_and_urls(text, expected):
    assert arxiv.parse_id(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1706.376",
        "1706.03762x",
        "https://example.org/abs/1706.03762",
        "attention is all you need",
        "abstracts/x.txt",
        "arXiv:",
        "17060.3762",
    ],
)
def test_not_ids(text):
    assert arxiv.parse_id(text) is None


def test_query_url():
    assert (
        arxiv.query_url(["1706.03762", "hep-th/9711200"], "https://export.arxiv.org/api/query")
        == "https://export.arxiv.org/api/query?id_list=1706.03762%2Chep-th%2F9711200&max_results=2"
    )


def test_parse_classic_answer():
    [paper] = arxiv.parse_feed((DATA / "1706.03762.xml").read_bytes())
    assert paper.id == "1706.03762" and paper.version == "v7"
    assert paper.title == "Attention Is All You Need"
    assert paper.abstract.startswith(
        "The dominant sequence transduction models are based on complex recurrent or convolutional neural networks"
    )
    assert paper.abstract.endswith("both with large and limited training data.") and "\n" not in paper.abstract
    assert paper.authors[0] == "Ashish Vaswani" and len(paper.authors) == 8
    assert paper.published == "2017-06-12" and paper.updated == "2023-08-02"
    assert paper.categories == ("cs.CL", "cs.LG")
    assert paper.abs_url == "https://arxiv.org/abs/1706.03762" and paper.pdf_url == "https://arxiv.org/pdf/1706.03762"
    assert paper.comment == "15 pages, 5 figures"


def test_parse_newer_answer_with_old_style_id_and_doi():
    bert, maldacena = arxiv.parse_feed((DATA / "two-papers.xml").read_bytes())
    assert bert.title == "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    assert bert.published == "2018-10-11" and bert.categories == ("cs.CL",)
    assert maldacena.id == "hep-th/9711200" and maldacena.authors == ("Juan M. Maldacena",)
    assert maldacena.doi == "10.1023/A:1026654312961"
    assert maldacena.journal_ref == "Adv.Theor.Math.Phys.2:231-252,1998"
    assert "${\\cal N} =4$" in maldacena.abstract


def test_api_errors_and_unknown_ids():
    with pytest.raises(arxiv.ArxivError, match="refused the query: incorrect id format for 1706.0376x"):
        arxiv.parse_feed((DATA / "error-bad-id.xml").read_bytes())
    assert arxiv.parse_feed((DATA / "not-found.xml").read_bytes()) == []
    with pytest.raises(arxiv.ArxivError, match="not an Atom feed"):
        arxiv.parse_feed(b"<html><body>Rate limit exceeded")


def test_bibtex_of_a_paper_reads_back_through_the_bibtex_format():
    for name in ("1706.03762.xml", "two-papers.xml"):
        for paper in arxiv.parse_feed((DATA / name).read_bytes()):
            [back], problems = parse_bibtex(arxiv.to_bibtex(paper), "abstracts/" + arxiv.listing_name(paper.id))
            assert problems == []
            assert (back.title, back.abstract, back.published) == (paper.title, paper.abstract, paper.published)
            assert back.authors == len(paper.authors)
            assert back.links[:2] == (paper.abs_url, paper.pdf_url)
            assert list(back.author_names) == list(paper.authors)
            assert list(back.categories) == list(paper.categories)
            assert back.arxiv_id == paper.id


def test_citation_keys_and_file_names():
    bert, maldacena = arxiv.parse_feed((DATA / "two-papers.xml").read_bytes())
    assert arxiv.citation_key(bert) == "devlin2018bert"
    assert arxiv.citation_key(maldacena) == "maldacena1997large"
    assert arxiv.listing_name("hep-th/9711200v3") == "arxiv-hep-th_9711200.bib"
    assert arxiv.to_bibtex(bert).startswith("@misc{devlin2018bert,\n  title ")


def test_lookup_against_a_recorded_answer():
    with fake_api({"1810.04805,hep-th/9711200v3": "two-papers.xml"}) as (api, asked):
        papers = arxiv.lookup(["1810.04805", "hep-th/9711200v3"], api)
    assert [p.id for p in papers] == ["1810.04805", "hep-th/9711200"]
    assert asked == ["1810.04805,hep-th/9711200v3"]  # one request for all of them


def test_lookup_of_an_unknown_id_says_so():
    with fake_api({}) as (api, _), pytest.raises(arxiv.ArxivError, match="arXiv has no paper 1706.99999"):
        arxiv.lookup(["1706.99999"], api)


def test_offline_is_a_clear_error():
    with pytest.raises(arxiv.ArxivError) as err:
        arxiv.fetch(["1706.03762"], closed_port_url(), timeout=5)
    message = str(err.value)
    assert message.startswith("cannot reach 127.0.0.1 (")
    assert message.endswith("; check your connection or paste the abstract with 'paperlist add < file'")


def test_unresolvable_host_names_the_host():
    def no_dns(request, timeout):
        raise urllib.error.URLError(OSError(-3, "Temporary failure in name resolution"))

    with pytest.raises(
        arxiv.ArxivError,
        match=r"^cannot reach export\.arxiv\.org \(Temporary failure in name "
        r"resolution\); check your connection",
    ):
        arxiv.fetch(["1706.03762"], opener=no_dns)


def test_timeouts_and_server_errors():
    def slow(request, timeout):
        raise TimeoutError("timed out")

    with pytest.raises(arxiv.ArxivError, match=r"cannot reach export\.arxiv\.org \(no answer in 30 s"):
        arxiv.fetch(["1706.03762"], opener=slow)
    with (
        fake_api({"1706.03762": "1706.03762.xml"}, status=503) as (api, _),
        pytest.raises(arxiv.ArxivError, match="answered HTTP 503"),
    ):
        arxiv.fetch(["1706.03762"], api)
