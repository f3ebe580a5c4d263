"""The `llm` answerer end to end: the real service and the real ChatOpenAI client against a scripted server.

Each scripted failure must end as issue 6 says: repaired (the bad sentence dropped) or the extractive
answer, with a notice when the server itself failed, and the model is never asked when the article has
no answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fake_llm import FakeLLM, Reply, cite, passages_of, prompt_of

SOLAR = """Solar roof powers Mervin school
MERVIN — The Harbourside school in Mervin switched on a solar roof of 400 panels on Monday, the town council said.
The panels will supply about 60 percent of the school's electricity, according to the council.
“Our pupils will learn physics from the roof above their heads,” said head teacher Grace Obi.
Councillor Peter Lund, who chairs the energy committee, said the project cost 1.2 million euros.
“Every school in the district should have one by 2030,” Lund said.
The installation took eleven weeks and was carried out by a local firm, Brightwatt.
"""

QUESTION = "How much of the school's electricity will the panels supply?"
GOOD = "The panels will supply about 60 percent of the school's electricity"


def good(prompt: str) -> str:
    return f"{GOOD} {cite(prompt, '60 percent')}."


@pytest.fixture(scope="module")
def room(tmp_path_factory, build_newsroom) -> Any:
    room = build_newsroom(tmp_path_factory.mktemp("llm"))
    room.ingest_text("solar.txt", SOLAR)
    return room


@pytest.fixture
def fake() -> Iterator[FakeLLM]:
    server = FakeLLM().start()
    yield server
    server.stop()


def make_service(room: Any, tmp_path: Any, **settings: Any) -> Any:
    from bot.factory import build_service
    from bot.settings import Settings

    return build_service(Settings(_env_file=None, data_dir=tmp_path, **settings), store=room.store)


@pytest.fixture
def service(room, fake, tmp_path) -> Any:
    return make_service(room, tmp_path / "llm", answerer="llm", llm_url=fake.url, llm_model="scripted",
                        llm_timeout=1.0)


@pytest.fixture(scope="module")
def extractive(room, tmp_path_factory) -> Any:
    return make_service(room, tmp_path_factory.mktemp("extractive"))


@pytest.fixture(scope="module")
def texts(room) -> dict[str, str]:
    return {d.doc_id: d.text for d in room.store.docs()}


@pytest.fixture
def ask(service, texts, check_answer):
    def run(question: str = QUESTION, session: str | None = None) -> Any:
        answer = service.ask(question, session)
        check_answer(answer.to_json(), texts)
        return answer

    return run


def extractive_text(extractive: Any, question: str = QUESTION) -> str:
    return extractive.ask(question).answer


# --- the model's answer, verified ------------------------------------------------------------------------


def test_a_good_cited_answer_is_shown_with_real_citations(ask, fake, texts):
    fake.say(Reply(good))
    a = ask()
    assert a.status == "answered" and a.notice is None
    assert a.answer == f"{GOOD} [1]."
    (c,) = a.citations
    assert c.n == 1 and texts[c.doc_id][c.start:c.end] == c.text and "60 percent" in c.text
    (request,) = fake.requests
    assert request["model"] == "scripted" and not request.get("stream")
    prompt = prompt_of(request)
    assert QUESTION in prompt and "head teacher Grace Obi" in prompt  # the quote records are given
    assert any("60 percent" in text for text in passages_of(prompt).values())


def test_an_invented_citation_is_dropped_and_the_rest_kept(ask, fake, caplog):
    fake.say(Reply(lambda p: f"{good(p)} The roof also heats the swimming pool [7]."))
    with caplog.at_level(logging.INFO, logger="bot.answerers.llm"):
        a = ask()
    assert 7 not in passages_of(prompt_of(fake.requests[0]))
    assert a.answer == f"{GOOD} [1]." and len(a.citations) == 1
    assert "cites [7], which is not a passage given" in caplog.text


def test_an_answer_citing_only_an_invented_passage_falls_back(ask, fake, extractive):
    fake.say(Reply(f"{GOOD} [7]."))
    a = ask()
    assert a.answer == extractive_text(extractive) and a.notice is None


def test_a_fabricated_quote_falls_back_to_the_extractive_answer(ask, fake, extractive, caplog):
    fake.say(Reply(lambda p: f"Grace Obi said the roof was “the best thing that ever happened to Mervin” "
                             f"{cite(p, 'Grace Obi')}."))
    with caplog.at_level(logging.INFO, logger="bot.answerers.llm"):
        a = ask()
    assert a.answer == extractive_text(extractive)
    assert "best thing" not in a.answer
    assert "is not in the article" in caplog.text


def test_a_quote_given_to_the_wrong_speaker_is_dropped(ask, fake, caplog):
    fake.say(Reply(lambda p: f"{good(p)} Peter Lund said: “Our pupils will learn physics from the roof above "
                             f"their heads.” {cite(p, 'Our pupils')}"))
    with caplog.at_level(logging.INFO, logger="bot.answerers.llm"):
        a = ask()
    assert a.answer == f"{GOOD} [1]."
    assert "is attributed to Peter Lund, but the article attributes it to head teacher Grace Obi" in caplog.text


def test_a_quote_given_to_its_speaker_is_kept(ask, fake):
    fake.say(Reply(lambda p: f"{good(p)} Grace Obi said: “Our pupils will learn physics from the roof above "
                             f"their heads.” {cite(p, 'Our pupils')}"))
    a = ask()
    assert a.answer.startswith(f"{GOOD} [1]. Grace Obi said: “Our pupils will learn physics")
    assert a.answer.endswith("[2]") and len(a.citations) == 2


def test_an_uncited_claim_is_dropped(ask, fake):
    fake.say(Reply(lambda p: f"{good(p)} The school also plans to build a wind turbine next year."))
    a = ask()
    assert a.answer == f"{GOOD} [1]."


def test_the_model_finding_nothing_gives_the_extractive_answer(ask, fake, extractive):
    fake.say(Reply("NOT_IN_ARTICLE"))
    assert ask().answer == extractive_text(extractive)


# --- the model server failing -------------------------------------------------------------------------------


def test_a_slow_server_times_out_to_the_extractive_answer_with_a_notice(ask, fake, extractive):
    fake.say(Reply(good, delay=4.0))
    began = time.monotonic()
    a = ask()
    assert time.monotonic() - began < 3.0
    assert a.answer == extractive_text(extractive)
    assert a.notice == "The language model did not answer within 1 s, so this is the extractive answer."
    assert a.to_json()["notice"] == a.notice
    assert len(fake.requests) == 1  # no retries


def test_a_server_error_gives_the_extractive_answer_with_a_notice(ask, fake, extractive):
    fake.say(Reply(status=500))
    a = ask()
    assert a.answer == extractive_text(extractive)
    assert a.notice == "The language model answered with HTTP 500, so this is the extractive answer."


def test_an_unreachable_server_gives_the_extractive_answer_with_a_notice(room, tmp_path, closed_port, extractive):
    service = make_service(room, tmp_path, answerer="llm", llm_url=f"http://127.0.0.1:{closed_port}/v1",
                           llm_timeout=1.0)
    a = service.ask(QUESTION)
    assert a.answer == extractive_text(extractive)
    assert a.notice == "The language model could not be reached, so this is the extractive answer."


def test_the_model_is_not_asked_when_the_article_has_no_answer(ask, fake):
    fake.say(Reply(good))
    a = ask("Who won the football match on Saturday?")
    assert a.status == "not_found"
    assert fake.requests == []


def test_not_found_while_streaming_asks_nobody_either(service, fake):
    answers = list(service.ask_stream("Who won the football match on Saturday?"))
    assert [a.status for a in answers] == ["not_found"] and fake.requests == []


# --- streaming ------------------------------------------------------------------------------------------------


def test_streaming_yields_only_verified_sentences(service, fake, texts, check_answer):
    fake.say(Reply(lambda p: f"{good(p)} Grace Obi said the roof was “a gift from the sky” {cite(p, 'Grace Obi')}. "
                             f"The roof has 400 panels {cite(p, '400 panels')}.", chunk_delay=0.01, chunk_chars=5))
    answers, arrived = [], []
    for a in service.ask_stream(QUESTION):
        answers.append(a)
        arrived.append(time.monotonic())
    assert fake.requests[0]["stream"] is True
    # The first sentence as soon as the next one began (the fabricated one never shows), then the whole answer.
    assert len(answers) == 2 and arrived[1] - arrived[0] > 0.1
    for a in answers:
        check_answer(a.to_json(), texts)
        assert "gift" not in a.answer
    assert answers[0].answer == f"{GOOD} [1]."
    assert answers[-1].answer == f"{GOOD} [1]. The roof has 400 panels [2]."
    assert [c.n for c in answers[-1].citations] == [1, 2]


def test_streaming_from_a_dead_server_ends_with_the_extractive_answer(service, fake, extractive):
    fake.say(Reply(good, delay=4.0))
    began = time.monotonic()
    answers = list(service.ask_stream(QUESTION))
    assert time.monotonic() - began < 3.0
    assert len(answers) == 1 and answers[0].answer == extractive_text(extractive)
    assert answers[0].notice and "did not answer within 1 s" in answers[0].notice


def test_a_stream_that_breaks_off_ends_with_the_extractive_answer(service, fake, extractive):
    fake.say(Reply(lambda p: good(p) + " More text" * 40, chunk_delay=0.3, chunk_chars=40))
    service.abilities.stream.timeout = 0.2  # a 1 s budget (5 timeouts) for a 4 s stream
    answers = list(service.ask_stream(QUESTION))
    assert answers[-1].answer == extractive_text(extractive)
    assert answers[-1].notice == "The language model took longer than 1 s to answer, so this is the extractive answer."


def test_the_streamed_answer_is_recorded_in_the_session(service, fake):
    fake.say(Reply(good))
    answers = list(service.ask_stream(QUESTION, "s1"))
    (turn,) = service.sessions.history("s1")
    assert turn["answer"]["answer"] == answers[-1].answer


# --- summaries and follow-ups ----------------------------------------------------------------------------


def test_a_summary_is_written_by_the_model_from_the_extractive_summarys_passages(service, fake, texts,
                                                                                  check_answer, extractive):
    fake.say(Reply(lambda p: f"The Harbourside school switched on a solar roof of 400 panels "
                             f"{cite(p, '400 panels')}. It was the greatest day in the town's history."))
    a = service.summary()
    check_answer(a.to_json(), texts)
    assert a.kind == "summary"
    assert a.answer == "The Harbourside school switched on a solar roof of 400 panels [1]."
    prompt = prompt_of(fake.requests[0])
    assert "Solar roof powers Mervin school" in prompt
    summary_passages = {c.text for c in extractive.summary().citations}
    assert set(passages_of(prompt).values()) == {" ".join(t.split()) for t in summary_passages}


def test_a_failed_summary_keeps_the_extractive_summary(service, fake, extractive):
    fake.say(Reply(status=500))
    a = service.summary()
    assert a.answer == extractive.summary().answer and a.notice


def test_an_ambiguous_follow_up_is_rewritten_before_retrieval(ask, fake):
    fake.say(Reply(good), Reply("When was the solar roof switched on?"),
             Reply(lambda p: f"The roof was switched on on Monday {cite(p, 'Monday')}."))
    ask(session="conv")
    a = ask("When was it switched on?", session="conv")
    assert len(fake.requests) == 3
    rewrite = prompt_of(fake.requests[1])
    assert "Last question: When was it switched on?" in rewrite and QUESTION in rewrite
    assert "Question: When was the solar roof switched on?" in prompt_of(fake.requests[2])
    assert a.answer == "The roof was switched on on Monday [1]."
