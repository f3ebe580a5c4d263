"""What someone said somewhere: the setting is in the attribution, and a speaker's spellings are one."""

from __future__ import annotations

STRIKE = (
    "Union calls bus strike\n"
    "Bus drivers at Tarn Transit will strike from June 3, their union said on Friday.\n"
    "“We have waited long enough,” Tiago Gonçalves, the union's general secretary, told reporters outside "
    "the depot on Mill Street, where about 200 drivers had gathered before dawn to hand out leaflets about "
    "the dispute over pay and shifts.\n"
    "Goncalves said 80 percent of members had backed the walkout.\n"
    "“This is a timetable, not a threat,” Goncalves said at a rally later that evening.\n"
    "The company said it would keep talking.\n"
)


def test_what_was_said_to_whom_or_where_is_found_in_the_attribution(serve_article, tmp_path):
    served = serve_article(tmp_path, "strike.txt", STRIKE)
    told = served.ask("What did Tiago Gonçalves tell reporters?", session="s")["answer"]
    assert "waited long enough" in told and "timetable" not in told, told
    # The follow-up's "speaking" is the "told" of the passage just cited.
    assert "Mill Street" in served.ask("Where was he speaking?", session="s")["answer"]
    rally = served.ask("What did Goncalves say at the rally?")["answer"]
    assert "timetable" in rally and "waited long enough" not in rally, rally


def test_a_speakers_quotes_are_gathered_under_every_spelling_of_the_name():
    from bot.answerers.quotes import QuoteRecord, _fullest, _spoken_by

    def rec(speaker: str, role: str, start: int) -> QuoteRecord:
        return QuoteRecord("d", speaker, role, "direct", start, start + 10, "words", "person")

    quotes = [rec("Gonçalves", "", 50), rec("Nuno Gonçalves", "general secretary", 10), rec("Goncalves", "", 90)]
    quotes.append(rec("Ana Ruiz", "minister", 120))
    assert [q.start for q in _spoken_by("Gonçalves", quotes)] == [50, 10, 90]
    assert (_fullest(quotes[:3]).speaker, _fullest(quotes[:3]).role) == ("Nuno Gonçalves", "general secretary")


def _harbour_article(filler: int) -> str:
    plan = (
        "the harbour will need new cranes, new berths and a dredged channel before the larger ships can call "
        "here safely, and every one of those projects takes years of planning"
    )
    paras = ["Harbour plans delayed", "The port board met on Tuesday to discuss the plans."]
    paras += [f"“Number {i}: {plan},” Mara Lind, the harbour master, said on Tuesday." for i in range(4)]
    # Two quotes in one passage: the first fits the answer, the second overflows it.
    paras.append(f"“We waited {'a very long time ' * filler}for this,” Lind said, “and {plan} so we must start now.”")
    paras.append("The board will meet again next month.")
    return "\n\n".join(paras) + "\n"


def test_a_long_what_said_answer_cites_only_passages_it_lists(serve_article, tmp_path):
    import re

    served = serve_article(tmp_path, "harbour.txt", _harbour_article(9))
    reply = served.ask("What did Mara Lind say?")
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", reply["answer"])}
    assert cited == {c["n"] for c in reply["citations"]}, reply


def test_a_role_qualified_by_a_name_the_article_gives_is_that_roles_speaker(serve_article, tmp_path):
    served = serve_article(tmp_path, "strike.txt", STRIKE)
    # "the Tarn Transit union boss": the role says "general secretary", the article says Tarn Transit.
    said = served.ask("What did the Tarn Transit general secretary say?")
    assert said["kind"] == "what_said" and said["answer"].startswith("Tiago Gonçalves"), said["answer"]
    # A name the article never gives does not place a role in it.
    assert not served.ask("What did the Lisbon general secretary say?")["answer"].startswith("Tiago")
