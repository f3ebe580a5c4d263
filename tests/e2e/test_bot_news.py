"""Acceptance tests: the real bot with the real NewsService, played through the Telegram emulator.

The article is ingested once per module (it loads the models); every test gets a fresh emulator
world and its own running bot over the same collection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_bot_harness import (
    bot_running,
    buttons,
    entity_text,
    entity_types,
    eventually,
    make_settings,
)
from tg import TelegramEmulator

from bot.factory import build_ingestor, build_service
from bot.telegram.handlers.gate import REFUSAL
from bot.telegram.handlers.media import ONLY_TEXT
from bot.telegram.runner import session_id

pytestmark = pytest.mark.slow

ARTICLE = (Path(__file__).parent / "tram_article.txt").read_text(encoding="utf-8")

WHO_SAID = "Who said that trams are quieter than buses?"
STUDENTS = "who said the tram will connect thousands of students?"

SECOND_ARTICLE = """Lakeside library reopens after flood repairs

The Lakeside public library reopened on Monday, eight months after a flood damaged its ground floor.

"Our readers waited patiently, and we rebuilt the children's room first," said head librarian Noor Patel.

The repairs cost 1.2 million euros, most of it covered by insurance.
"""


@pytest.fixture(scope="module")
def news(tg_emulator: TelegramEmulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A data dir with the tram article ingested, and the real service over it."""
    data_dir = tmp_path_factory.mktemp("newsbot-data")
    article = data_dir / "tram.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    settings = make_settings(tg_emulator, data_dir)
    service = build_service(settings)
    done, skipped = build_ingestor(settings, service.store).ingest([str(article)])
    assert not skipped and done[0].quotes >= 3
    yield {"settings": settings, "service": service, "doc_id": done[0].doc_id, "data_dir": data_dir}


async def test_start_offers_examples_and_a_button_asks_one(tg: TelegramEmulator,
                                                            news: dict[str, Any]) -> None:
    alice = tg.user("Alice", "alice")
    chat = tg.private_chat(alice)
    async with bot_running(news["settings"], news["service"]):
        commands = [c["command"] for c in tg.commands()]
        assert commands == ["start", "help", "summary", "quotes", "speakers", "articles", "use", "sources", "reset"]
        tg.send_text(chat, alice, "/start")
        (welcome,) = await tg.wait_bot_messages(chat["id"])
        examples = buttons(welcome)
        assert len(examples) == 3 and all(len(b["callback_data"].encode()) <= 64 for b in examples)
        assert examples[0]["text"].startswith("Who said “")
        tg.press_button(chat, alice, welcome["message_id"], examples[0]["callback_data"])
        (answer,) = await tg.wait_bot_messages(chat["id"], timeout=20)
        assert "Elena Ruiz" in entity_text(answer, "bold")
        assert "blockquote" in entity_types(answer)
        assert [b["text"] for b in buttons(answer)] == ["Sources"]
        assert tg.callback_answers()[0]["text"].startswith("Asking: Who said")
    history = news["service"].sessions.history(session_id(chat["id"]))
    assert history[-1]["question"] == examples[0]["text"]


async def test_who_said_then_a_follow_up_in_the_same_chat(tg: TelegramEmulator, news: dict[str, Any]) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    async with bot_running(news["settings"], news["service"]):
        tg.send_text(chat, alice, WHO_SAID)
        (first,) = await tg.wait_bot_messages(chat["id"], timeout=20)
        assert entity_text(first, "bold") == ["Amira Haddad"]
        assert any("quieter, cleaner" in q for q in entity_text(first, "blockquote"))
        assert tg.chat_actions(chat["id"]) == ["typing"]
        tg.send_text(chat, alice, "What else did she say?")
        (second,) = await tg.wait_bot_messages(chat["id"], timeout=20)
        assert "30,000" in second["text"]
    turns = news["service"].sessions.history(session_id(chat["id"]))
    assert [t["question"] for t in turns] == [WHO_SAID, "What else did she say?"]


async def test_summary_and_the_sources_button(tg: TelegramEmulator, news: dict[str, Any]) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    async with bot_running(news["settings"], news["service"]):
        tg.send_text(chat, alice, "/summary")
        (summary,) = await tg.wait_bot_messages(chat["id"], timeout=20)
        assert "[1]" in summary["text"] and "tram" in summary["text"].lower()
        (button,) = buttons(summary)
        assert button["text"] == "Sources" and len(button["callback_data"].encode()) <= 64
        tg.press_button(chat, alice, summary["message_id"], button["callback_data"])
        (edited,) = await tg.wait_bot_messages(chat["id"])
        assert edited["_method"] == "editMessageText" and edited["message_id"] == summary["message_id"]
        assert edited["text"].startswith(summary["text"]) and "Sources" in entity_text(edited, "bold")
        passages = entity_text(edited, "blockquote")
        assert passages and all(p in ARTICLE.replace("\\\n", "") or p in ARTICLE for p in passages)
        assert "reply_markup" not in tg.message(chat["id"], summary["message_id"])


async def test_groups_answer_only_mentions_and_replies(tg: TelegramEmulator, news: dict[str, Any]) -> None:
    bob = tg.user("Bob", "bob")
    group = tg.group_chat("Tram fans", added_by=bob)
    async with bot_running(news["settings"], news["service"]):
        tg.send_text(group, bob, STUDENTS)
        await tg.assert_no_bot_messages(group["id"], within=0.5)
        asked = tg.send_text(group, bob, STUDENTS, mention=True)
        (answer,) = await tg.wait_bot_messages(group["id"], timeout=20)
        assert answer["reply_to_message"]["message_id"] == asked["message_id"]
        assert "Elena Ruiz" in entity_text(answer, "bold")
        follow_up = tg.send_text(group, bob, "How much will the project cost?", reply_to=answer["message_id"])
        (cost,) = await tg.wait_bot_messages(group["id"], timeout=20)
        assert cost["reply_to_message"]["message_id"] == follow_up["message_id"]
        assert "240 million" in cost["text"]
        tg.send_sticker(group, bob)
        await tg.assert_no_bot_messages(group["id"], within=0.3)
    turns = news["service"].sessions.history(session_id(group["id"]))
    assert [t["question"] for t in turns] == [STUDENTS,
                                              "How much will the project cost?"]


async def test_allowlist_refuses_others_once(tg: TelegramEmulator, news: dict[str, Any]) -> None:
    alice, mallory = tg.user("Alice"), tg.user("Mallory")
    settings = news["settings"].model_copy(update={"telegram_allowed_ids": [alice["id"]]})
    async with bot_running(settings, news["service"]):
        for text in ("hello?", "Who said the tram will connect students?", "/start"):
            tg.send_text(tg.private_chat(mallory), mallory, text)
        tg.send_sticker(tg.private_chat(mallory), mallory)
        tg.inline_query(mallory, "tram")
        (refusal,) = await tg.wait_bot_messages(mallory["id"])
        assert refusal["text"] == REFUSAL
        tg.send_text(tg.private_chat(alice), alice, "How much will the project cost?")
        (answer,) = await tg.wait_bot_messages(alice["id"], timeout=20)
        assert "240 million" in answer["text"]
        await tg.assert_no_bot_messages(mallory["id"], within=0.3)
        assert tg.inline_answers()[0]["results"] == []


async def test_stickers_media_and_oversized_questions_get_short_replies(tg: TelegramEmulator,
                                                                        news: dict[str, Any]) -> None:
    carol = tg.user("Carol")
    chat = tg.private_chat(carol)
    async with bot_running(news["settings"], news["service"]):
        tg.send_sticker(chat, carol)
        tg.send_photo(chat, carol)
        tg.send_voice(chat, carol)
        replies = await tg.wait_bot_messages(chat["id"], n=3)
        assert [r["text"] for r in replies] == [ONLY_TEXT] * 3
        tg.send_text(chat, carol, "why " * 2500)
        (too_long,) = await tg.wait_bot_messages(chat["id"])
        assert too_long["text"] == "Please ask a shorter question (at most 1,000 characters)."
    assert news["service"].sessions.history(session_id(chat["id"])) == []


async def test_restart_keeps_the_conversation_and_its_sources_buttons(tg: TelegramEmulator,
                                                                     news: dict[str, Any]) -> None:
    dave = tg.user("Dave")
    chat = tg.private_chat(dave)
    service = news["service"]
    async with bot_running(news["settings"], service, citations=service.sessions):
        tg.send_text(chat, dave, WHO_SAID)
        (first,) = await tg.wait_bot_messages(chat["id"], timeout=20)
    restarted = build_service(news["settings"])  # a new process would build exactly this
    async with bot_running(news["settings"], restarted, citations=restarted.sessions):
        tg.send_text(chat, dave, "What else did she say?")
        (second,) = await tg.wait_bot_messages(chat["id"], timeout=20)
        assert "30,000" in second["text"]
        tg.press_button(chat, dave, first["message_id"], buttons(first)[0]["callback_data"])
        (edited,) = await tg.wait_bot_messages(chat["id"])
        assert edited["_method"] == "editMessageText" and edited["message_id"] == first["message_id"]
        assert "Sources" in entity_text(edited, "bold") and entity_text(edited, "blockquote")
    turns = restarted.sessions.history(session_id(chat["id"]))
    assert [t["question"] for t in turns] == [WHO_SAID, "What else did she say?"]


async def test_speakers_quotes_and_reset(tg: TelegramEmulator, news: dict[str, Any]) -> None:
    erin = tg.user("Erin")
    chat = tg.private_chat(erin)
    async with bot_running(news["settings"], news["service"]):
        tg.send_text(chat, erin, "/speakers")
        (listing,) = await tg.wait_bot_messages(chat["id"])
        assert {"Elena Ruiz", "Tom Becker", "Amira Haddad"} <= set(entity_text(listing, "bold"))
        assert "Tom Becker, councillor — 1 quote" in listing["text"]
        tg.send_text(chat, erin, "/quotes Becker")
        (quotes,) = await tg.wait_bot_messages(chat["id"])
        assert entity_text(quotes, "bold") == ["Tom Becker"]
        assert entity_text(quotes, "blockquote") == [
            "“We are spending a fortune on rails while our bus network is falling apart”"]
        tg.send_text(chat, erin, "/quotes Nobody Atall")
        (none,) = await tg.wait_bot_messages(chat["id"])
        assert none["text"].startswith("I found no quotes by Nobody Atall")
        tg.send_text(chat, erin, "How much will the project cost?")
        await tg.wait_bot_messages(chat["id"], timeout=20)
        assert news["service"].sessions.history(session_id(chat["id"]))
        tg.send_text(chat, erin, "/reset")
        (done,) = await tg.wait_bot_messages(chat["id"])
        assert done["text"].startswith("Done")
    assert news["service"].sessions.history(session_id(chat["id"])) == []


async def test_inline_mode_offers_matching_quotes(tg: TelegramEmulator, news: dict[str, Any]) -> None:
    frank = tg.user("Frank")
    async with bot_running(news["settings"], news["service"]):
        tg.inline_query(frank, "who said the tram will connect students")
        (by_words,) = await eventually(tg.inline_answers)
        first = by_words["results"][0]
        assert first["title"] == "Elena Ruiz (Mayor)" and first["type"] == "article"
        content = first["input_message_content"]
        assert content["parse_mode"] == "HTML"
        assert "<blockquote>“This tram will connect" in content["message_text"]
        tg.inline_query(frank, "Becker")
        await eventually(lambda: len(tg.inline_answers()) == 2)
        by_name = tg.inline_answers()[1]["results"]
        assert by_name[0]["title"] == "Tom Becker (councillor)" and len(by_name) <= 10
        tg.inline_query(frank, "")
        await eventually(lambda: len(tg.inline_answers()) == 3)
        assert 1 <= len(tg.inline_answers()[2]["results"]) <= 10


async def test_admin_ingests_uploads_and_others_are_refused(tg: TelegramEmulator,
                                                             news: dict[str, Any]) -> None:
    admin, user = tg.user("Admin"), tg.user("User")
    admin_chat, user_chat = tg.private_chat(admin), tg.private_chat(user)
    settings = news["settings"].model_copy(update={"telegram_admin_ids": [admin["id"]]})
    built: list[int] = []

    def ingestor_factory() -> Any:
        built.append(1)
        return build_ingestor(settings, news["service"].store)

    async with bot_running(settings, news["service"], ingestor_factory):
        assert [c["command"] for c in tg.commands({"type": "chat", "chat_id": admin["id"]})][-2:] == \
            ["ingest", "forget"]
        tg.send_document(user_chat, user, "library.txt", SECOND_ARTICLE.encode(), "text/plain")
        tg.send_text(user_chat, user, "/ingest https://example.com/news.html")
        refusals = await tg.wait_bot_messages(user["id"], n=2)
        assert all(r["text"].startswith("Only admins") for r in refusals)

        tg.send_document(admin_chat, admin, "report.pdf", b"%PDF-1.4", "application/pdf")
        (pdf,) = await tg.wait_bot_messages(admin["id"])
        assert pdf["text"] == "I can read .txt, .md and .html files, not .pdf."
        tg.send_document(admin_chat, admin, "huge.txt", b"news " * 300_000, "text/plain")
        (huge,) = await tg.wait_bot_messages(admin["id"])
        assert huge["text"] == "That file is too big (1.4 MB); the limit is 1 MB."
        tg.send_text(admin_chat, admin, "/ingest")
        (usage,) = await tg.wait_bot_messages(admin["id"])
        assert usage["text"].startswith("Send /ingest URL")
        assert built == []  # nothing heavy loaded for refusals and bad input

        tg.send_document(admin_chat, admin, "library.txt", SECOND_ARTICLE.encode(), "text/plain")
        (added,) = await tg.wait_bot_messages(admin["id"], timeout=60)
        assert added["text"].startswith("Added Lakeside library reopens after flood repairs: ")
        doc_id = entity_text(added, "code")[0]
        tg.send_text(admin_chat, admin, "/ingest http://127.0.0.1:9/missing.html")
        (failed,) = await tg.wait_bot_messages(admin["id"], timeout=30)
        assert failed["text"].startswith("Could not add http://127.0.0.1:9/missing.html: ")
        assert built == [1]

        tg.send_text(user_chat, user, "Who said the children's room was rebuilt first?")
        (answer,) = await tg.wait_bot_messages(user["id"], timeout=20)
        assert "Noor Patel" in entity_text(answer, "bold")
        tg.send_text(user_chat, user, "/sources")
        (listing,) = await tg.wait_bot_messages(user["id"])
        titles = {"Harbour City council approves new tram line",
                  "Lakeside library reopens after flood repairs"}
        assert titles <= set(entity_text(listing, "bold"))

        tg.send_text(user_chat, user, f"/forget {doc_id}")
        (no,) = await tg.wait_bot_messages(user["id"])
        assert no["text"].startswith("Only admins")
        tg.send_text(admin_chat, admin, f"/forget {doc_id}")
        (removed,) = await tg.wait_bot_messages(admin["id"])
        assert removed["text"] == f"Removed article {doc_id}."
    assert [d.doc_id for d in news["service"].store.docs()] == [news["doc_id"]]


async def test_articles_use_and_which_one(tg: TelegramEmulator, news: dict[str, Any], tmp_path: Path) -> None:
    """Two articles: a chat with none chosen is asked which one; /articles and /use pick; choices persist."""
    service = news["service"]
    second = tmp_path / "library.txt"
    second.write_text(SECOND_ARTICLE, encoding="utf-8")
    done, _ = build_ingestor(news["settings"], service.store).ingest([str(second)])
    library, tram = done[0].doc_id, news["doc_id"]
    alice, bob = tg.user("Alice"), tg.user("Bob")
    chat, other = tg.private_chat(alice), tg.private_chat(bob)
    try:
        async with bot_running(news["settings"], service):
            tg.send_text(chat, alice, "/summary")
            (which,) = await tg.wait_bot_messages(chat["id"], timeout=20)
            assert which["text"].startswith("Which article do you mean?")
            choices = buttons(which)
            assert [b["callback_data"] for b in choices] == [f"use:{library}", f"use:{tram}"]
            tg.press_button(chat, alice, which["message_id"], f"use:{tram}")
            (summary,) = await tg.wait_bot_messages(chat["id"], timeout=20)
            assert "tram" in summary["text"].lower() and [b["text"] for b in buttons(summary)] == ["Sources"]
            tg.send_text(chat, alice, "Who said the children's room was rebuilt first?")
            (elsewhere,) = await tg.wait_bot_messages(chat["id"], timeout=20)
            assert elsewhere["text"].startswith("From ‘Lakeside library reopens after flood repairs’ (not the")
            assert "Noor Patel" in entity_text(elsewhere, "bold")

            tg.send_text(other, bob, "/articles")
            (listing,) = await tg.wait_bot_messages(other["id"])
            assert entity_text(listing, "code") == [library, tram]
            assert [b["callback_data"] for b in buttons(listing)] == [f"use:{library}", f"use:{tram}"]
            tg.press_button(other, bob, listing["message_id"], f"use:{library}")
            (now,) = await tg.wait_bot_messages(other["id"])
            assert now["text"] == "Now talking about Lakeside library reopens after flood repairs."
            tg.send_text(other, bob, "/use 2")
            (switched,) = await tg.wait_bot_messages(other["id"])
            assert switched["text"] == "Now talking about Harbour City council approves new tram line."
            tg.send_text(other, bob, "/use 0123456789abcdef")
            (gone,) = await tg.wait_bot_messages(other["id"])
            assert gone["text"].startswith("That article is no longer in the collection")
        # A new bot process (a restart) keeps each chat's article.
        restarted = build_service(news["settings"])
        assert restarted.current(session_id(chat["id"])) == tram
        assert restarted.current(session_id(other["id"])) == tram
    finally:
        service.store.delete(library)


async def test_a_failing_command_menu_does_not_stop_the_bot_and_is_retried(
        tg: TelegramEmulator, news: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.telegram.app as app_module

    monkeypatch.setattr(app_module, "MENU_RETRY_SECONDS", (0.2, 0.2, 0.2))
    # Telegram's API does return transient 5xx: the menu call fails twice, then works.
    tg.fail_next("setMyCommands", "Internal Server Error", code=500, times=2)
    alice = tg.user("Alice", "alice")
    chat = tg.private_chat(alice)
    async with bot_running(news["settings"], news["service"]):
        tg.send_text(chat, alice, "/help")  # the bot serves while the menu is retried
        (answer,) = await tg.wait_bot_messages(chat["id"], timeout=20)
        assert answer["text"].strip()
        for _ in range(50):  # the third try, in the background
            if tg.commands():
                break
            await asyncio.sleep(0.1)
        assert [c["command"] for c in tg.commands()][:2] == ["start", "help"]
