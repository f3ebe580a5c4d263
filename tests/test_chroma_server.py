"""NEWSBOT_CHROMA_URL: the same behaviour against a `chroma run` server as with the embedded store."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

QUESTIONS = [
    "How much will the tram line cost?",
    "How did the council vote on the tram line?",
    "What did Mayor Helen Okafor say?",
    "What did Olaf Scholz say?",
    "What is the weather in Paris?",
]


@pytest.fixture(scope="module")
def server_cli(chroma_server, cli, tmp_path_factory, articles):
    """One CLI ingest into the server, then one batch of questions and the quotes, all over HTTP."""
    root = tmp_path_factory.mktemp("server-cli")
    article = root / "council.txt"
    article.write_text(articles["council"], encoding="utf-8")
    data = root / "data"
    env = {"NEWSBOT_CHROMA_URL": chroma_server.url}
    ingest = cli("ingest", str(article), "--json", data_dir=data, env=env)
    assert ingest.code == 0, str(ingest)
    stdin = "".join(json.dumps({"id": i, "question": q}) + "\n" for i, q in enumerate(QUESTIONS))
    with ThreadPoolExecutor(max_workers=2) as pool:  # both only read
        asking = pool.submit(cli, "ask", "--json", data_dir=data, env=env, input=stdin)
        quoting = pool.submit(cli, "quotes", "--json", data_dir=data, env=env)
        asked, quotes = asking.result(), quoting.result()
    assert asked.code == 0, str(asked)
    assert quotes.code == 0, str(quotes)
    return {"data": data, "article": article, "ingest": ingest.json(), "answers": asked.json_lines(),
            "quotes": quotes.json()["quotes"]}


@pytest.fixture(scope="module")
def embedded(build_newsroom, tmp_path_factory, articles):
    """The same article and questions through the embedded store, in-process."""
    from bot.factory import build_service
    from bot.settings import Settings

    root = tmp_path_factory.mktemp("embedded")
    room = build_newsroom(root, "news")
    [rec], _ = room.ingest(room.write("council.txt", articles["council"]))
    service = build_service(Settings(data_dir=root / "data", chroma_url=None), store=room.store)
    answers = [service.ask(q).to_json(i) for i, q in enumerate(QUESTIONS)]
    return {"room": room, "ingest": rec, "answers": answers, "quotes": service.quotes()}


def test_cli_ingest_through_the_server_matches_embedded(server_cli, embedded):
    [item] = server_cli["ingest"]["ingested"]
    rec = embedded["ingest"]
    assert server_cli["ingest"]["skipped"] == []
    assert (item["doc_id"], item["title"], item["chunks"], item["quotes"]) == \
        (rec.doc_id, rec.title, rec.chunks, rec.quotes)


def test_cli_answers_through_the_server_match_embedded(server_cli, embedded, check_answer):
    texts = {d.doc_id: d.text for d in embedded["room"].store.docs()}
    for got, want in zip(server_cli["answers"], embedded["answers"], strict=True):
        check_answer(got, texts)
        assert got == want
    assert [a["status"] for a in server_cli["answers"]] == ["answered"] * 3 + ["not_found"] * 2


def test_cli_quotes_through_the_server_match_embedded(server_cli, embedded):
    assert server_cli["quotes"] == embedded["quotes"] and server_cli["quotes"]


def test_nothing_is_written_to_the_local_data_dir(server_cli, chroma_server):
    data = server_cli["data"]
    assert not (data / "chroma").exists()
    assert list(chroma_server.path.rglob("*")), "the server stored the collection"


def test_build_store_reads_the_server(chroma_server, server_cli, tmp_path):
    from bot.factory import build_store
    from bot.settings import Settings

    store = build_store(Settings(data_dir=tmp_path, chroma_url=chroma_server.url))
    [doc] = store.docs()
    assert doc.doc_id == server_cli["ingest"]["ingested"][0]["doc_id"]
    assert doc.text == server_cli["article"].read_text().strip()
    assert len(store.all_chunks()) == doc.chunks
    assert not (tmp_path / "chroma").exists()


def test_all_or_nothing_and_replacement_over_http(chroma_server, build_newsroom, tmp_path, articles,
                                                  monkeypatch):
    from index.store import DOCS_SUFFIX, make_client

    room = build_newsroom(tmp_path, "rollback", client=make_client("", chroma_url=chroma_server.url))
    flood = room.ingest_text("flood.txt", articles["flood"])
    before = room.snapshot()

    def broken(**kwargs):
        raise ConnectionError("server hiccup")

    with monkeypatch.context() as mp:
        mp.setattr(room.store._raw[DOCS_SUFFIX], "upsert", broken)
        done, skipped = room.ingest(room.write("council.txt", articles["council"]))
    assert done == [] and len(skipped) == 1 and "could not store" in skipped[0].reason
    assert room.snapshot() == before

    done, _ = room.ingest(room.write("flood.txt", articles["flood"]))
    assert done[0].status == "unchanged" and room.snapshot() == before
    new = room.ingest_text("flood.txt", articles["flood"].replace("300 homes", "400 homes"))
    assert new.replaced == [flood.doc_id] and room.store.doc_ids() == [new.doc_id]
    assert room.store._raw[""].get(where={"doc_id": flood.doc_id}, include=[])["ids"] == []


def test_a_malformed_server_url_is_bad_usage(cli, tmp_path):
    run = cli("quotes", "--json", data_dir=tmp_path, env={"NEWSBOT_CHROMA_URL": "ftp://127.0.0.1:1"})
    [line] = run.err.strip().splitlines()
    assert "NEWSBOT_CHROMA_URL" in line or "chroma_url" in line
    assert run.code == 2, str(run)


def test_an_unreachable_server_fails_with_one_line(cli, tmp_path, get_free_port):
    run = cli("quotes", "--json", data_dir=tmp_path,
              env={"NEWSBOT_CHROMA_URL": f"http://127.0.0.1:{get_free_port()}"})
    assert run.code != 0 and run.out.strip() == "", str(run)
    [line] = run.err.strip().splitlines()
    assert line.startswith("newsbot:") and "chroma" in line.lower()
    assert not (tmp_path / "chroma").exists()
