"""Fact questions and follow-ups on an article the test writes: answer types, counted nouns, names, roles."""

from __future__ import annotations

import pytest

FESTIVAL = """Lakeside festival draws record crowd despite storm warnings
BRAMWELL — The Lakeside Music Festival drew 48,000 visitors over three days, its organisers said on Monday, breaking the record of 41,000 set in 2019.
The festival was held at Corran Park on the northern shore of the lake, after the town's usual venue flooded in the spring.
The opening concert had been delayed by two hours because of storm warnings, festival director Ana Pereira said.
Pereira, who has run the event since 2015, announced a partnership with the regional rail company to add late-night trains next year.
“People came from all over the country, and almost nobody complained about the rain,” Pereira said.
The storm damaged 14 tents and two food stalls, according to the fire service, but nobody was hurt.
Local businesses reported their busiest weekend of the year.
“We sold out of bread by ten in the morning on Saturday,” said Tom Hale, who owns a bakery near the park.
Next year's festival is expected to begin “no earlier than mid-July,” the organisers said, and tickets will go on sale in 2027.
Three neighbouring towns have asked to host concerts of their own during the festival.
"""


ARTICLE = ("festival.txt", FESTIVAL)


def test_a_where_question_is_answered_by_a_sentence_with_a_place(ask):
    # The lead holds "festival" and "Lakeside" more often; only the second sentence says where.
    a = ask("Where was the Lakeside festival held?")
    assert a["status"] == "answered"
    assert "Corran Park" in a["answer"], a["answer"]


def test_how_many_is_answered_by_the_number_that_counts_the_asked_noun(ask):
    # "two hours", "three days" and "48,000 visitors" are numbers too, but only "14 tents" counts tents.
    a = ask("How many tents did the storm damage at the Lakeside festival?")
    assert a["answer"].startswith("14"), a["answer"]


def test_how_many_when_every_number_counts_something_else_is_refused(ask):
    # "14 tents", "two food stalls", "48,000 visitors": none counts firefighters.
    a = ask("How many firefighters were at the Lakeside festival during the storm?")
    assert a["status"] == "not_found", a["answer"]
    # "a record of 41,000 set in 2019" counts nothing after it: still an answer to a count of visitors.
    assert ask("How many visitors did the Lakeside festival draw?")["answer"].startswith("48,000")


def test_a_year_inside_a_quoted_sentence_answers_a_when_question(ask):
    a = ask("When will tickets for next year's festival go on sale?")
    assert "2027" in a["answer"], a["answer"]


def test_a_surname_stands_for_the_full_name_the_question_gives():
    from bot.answerers.extractive import named
    from bot.questions import analyze
    from bot.text import terms

    # After "Ana Pereira" news says "Pereira": that sentence holds the whole name the question gives.
    q = analyze("What did Ana Pereira declare on Monday?")
    assert set(terms("Ana Pereira")) <= set(named(q, terms("Pereira declared a partnership.")))
    assert "ana" not in named(q, terms("The director declared a partnership."))


def test_how_much_did_they_pay_without_any_sum_in_the_article_is_refused(ask):
    a = ask("How much did the rail company pay Ana Pereira for the partnership?")
    assert a["status"] == "not_found", a["answer"]


def test_a_job_question_about_a_pronoun_gets_the_speakers_role(ask):
    ask("What did Tom Hale say?", "s-role")
    a = ask("Where does he work?", "s-role")
    assert a["status"] == "answered"
    assert "bakery" in a["answer"], a["answer"]


def test_and_x_asks_about_x_not_the_previous_subject(ask):
    ask("How many visitors did the festival draw?", "s-and")
    a = ask("And the record?", "s-and")
    assert "41,000" in a["answer"], a["answer"]


def test_a_follow_up_with_its_own_words_is_answered_from_them(ask):
    # The previous answer cites the lead; the follow-up's own words point elsewhere.
    ask("How many visitors came to the Lakeside festival?", "s-own")
    a = ask("Which towns asked to host concerts?", "s-own")
    assert "neighbouring towns" in a["answer"], a["answer"]


def test_in_how_many_asks_for_a_count():
    from bot.questions import analyze

    q = analyze("In how many cities?")
    assert q.expects == ("CARDINAL", "QUANTITY") and q.head == "citi"


@pytest.mark.parametrize(
    ("question", "kind", "target"),
    [
        ("Where does Rafael Moreno work?", "who_is", "Rafael Moreno"),
        ("Who does she work for?", "who_is", "she"),
        ("What is Moreno's job?", "who_is", "Moreno"),
        ("Where does the river flow?", "fact", None),
    ],
)
def test_job_questions_are_who_is_questions(question, kind, target):
    from bot.questions import analyze

    q = analyze(question)
    assert (q.kind, q.target) == (kind, target)


@pytest.mark.parametrize(
    ("previous", "new", "expected"),
    [
        ("What did the German government offer?", "Argentina", "What did Argentina offer?"),
        ("When did the council vote on the fund?", "the mayor", "When did the mayor vote on the fund?"),
        ("How many people did the Red Cross evacuate?", "the army", "How many people did the army evacuate?"),
    ],
)
def test_and_x_replaces_the_whole_subject(previous, new, expected):
    from bot.conversation import _substitute

    assert _substitute(previous, new) == expected


def test_proximity_and_phrases_reward_words_that_stand_together():
    from bot.answerers.extractive import phrases, proximity
    from bot.text import terms

    q = terms("Where will most of the job cuts fall?")
    assert proximity(q, terms("most of the job cuts would fall on sales staff")) > proximity(
        q, terms("it would cut jobs and delay a factory in Kessler Falls")
    )
    assert phrases("Who voted against the plan?", "Brandt cast the only vote against it.") > 0
    assert phrases("Who voted against the plan?", "The council voted 7 to 4 for it.") == 0


def test_dates_and_sums_the_tagger_missed_are_entities():
    from bot.answerers.answer_types import entities
    from bot.evidence import Sentence

    text = "It expects production to begin “no earlier than 2027” and will spend 450 million euros."
    s = Sentence("d", 100, 100 + len(text), 0, text, text, [("CARDINAL", 169, 180)], 0.5, 0.1)
    found = {(label, text[a - 100 : b - 100]) for label, a, b in entities(s)}
    assert ("DATE", "2027") in found
    assert ("MONEY", "450 million euros") in found
    assert not any(label == "CARDINAL" for label, _ in found)  # the sum replaces the tagger's count


def test_a_where_answer_leads_with_the_place_after_a_preposition(ask):
    a = ask("Where was the Lakeside festival held?")
    assert a["answer"].startswith("Corran Park"), a["answer"]


def test_who_is_cites_an_introduction_inside_the_first_quote_once(ask):
    # "…,” said Tom Hale, who owns a bakery near the park.": one passage says both who he is and what he said.
    a = ask("Who is Tom Hale?")
    assert "bakery" in a["answer"], a["answer"]
    assert len(a["citations"]) == 1 and a["answer"].count("[1]") == 1, a


def test_irregular_verb_forms_match_their_lemma():
    from bot.text import terms

    assert terms("The pilot began; she found it; they paid") == terms("pilot begin; find; pay")


def test_a_sentence_that_only_names_what_the_question_names_does_not_answer_it(ask):
    # Corran Park is in the article; who designed it is not.
    a = ask("Who designed Corran Park?")
    assert a["status"] == "not_found", a["answer"]


def test_how_long_prefers_a_measure_to_a_count(ask):
    a = ask("How long was the opening concert delayed?")
    assert a["answer"].lower().startswith("two hours"), a["answer"]


def test_what_time_questions_want_a_time_or_duration():
    from bot.questions import analyze

    assert analyze("What was the finishing time of the swimmer?").expects == ("TIME", "QUANTITY")
    assert analyze("What time did the match start?").expects == ("TIME",)


def test_a_point_in_time_is_no_answer_to_how_long():
    from bot.answerers.answer_types import answer_entity as _answer_entity
    from bot.evidence import Sentence
    from bot.questions import analyze

    # The year stands right by "crossing", the length far from it: nearness alone would pick the year.
    text = (
        "The crossing was first swum in 1952 by a fisherman from the harbour town, and it is 38 kilometres."
    )
    a, b = text.index("1952"), text.index("38 kilometres")
    s = Sentence("d", 0, len(text), 0, text, text, [("DATE", a, a + 4), ("QUANTITY", b, b + 13)], 0.5, 0.1)
    assert _answer_entity(analyze("How long is the crossing?"), s)[0] == "38 kilometres"


SWIM = """Swimmer Lena Marsh sets out to cross the bay
Lena Marsh, 61, a retired nurse, will try on Sunday to swim across the bay.
“I have trained for this every morning for two years,” Marsh said.
Her coach, Oskar Lind, head coach of the Northside Swim Club, said she was ready.
“She never complains about the cold,” Lind said.
"""


def test_whats_x_s_coach_said_is_the_coach_not_x(serve_article, tmp_path):
    served = serve_article(tmp_path, "swim.txt", SWIM)
    a = served.ask("What did Marsh's coach say?")
    assert "Lind" in a["answer"] and "never complains" in a["answer"], a["answer"]
    assert "every morning" not in a["answer"], a["answer"]
    # The owner is no speaker: the coach's role must name it.
    assert "Lind" in served.ask("What did the Northside Swim Club's coach say?")["answer"]
    assert served.ask("What did the Eastbay Rowing Club's coach say?")["status"] == "not_found"


GROCER = """Harlow Foods to close 12 stores
Harlow Foods, the region's third-largest grocer, said on Monday it would close 12 stores by June.
“Our customers are buying online, and our stores must follow them,” Harlow Foods said in a statement.
Chief executive Dana Whitcombe said the company would not cut staff at its warehouses.
“Nobody at our depots will lose a job,” she said.
Whitcombe said rents for the closing stores had doubled since 2021.
“We could not keep paying those rents in the city centre,” she said.
"""


def test_titles_of_organisations_and_what_was_said_about_a_topic(serve_article, tmp_path):
    # The company speaks too, so "… of Harlow Foods" must not stop at the company's own name.
    served = serve_article(tmp_path, "grocer.txt", GROCER)
    for question in ("Who is the chief executive of Harlow Foods?", "Who is Harlow Foods' chief executive?"):
        a = served.ask(question)
        assert a["answer"].startswith("Dana Whitcombe"), (question, a["answer"])
    # "… say about Y": her words about Y (and what stands with them), not all she said.
    a = served.ask("What did Dana Whitcombe say about the rents?")
    assert "doubled" in a["answer"] and "city centre" in a["answer"], a["answer"]
    assert "depots" not in a["answer"], a["answer"]
    assert "depots" in served.ask("What did Dana Whitcombe say?")["answer"]


# The same story as wire copy that lost its paragraph breaks: one line of well over a thousand characters.
GROCER_RUN_ON = """Harlow Foods to close 12 stores
Harlow Foods, the region's third-largest grocer, said on Monday it would close 12 stores by June. \
Chief executive Dana Whitcombe said the company would not cut staff at its warehouses. \
“Nobody at our depots will lose a job,” she said. The grocer employs about 9,000 people across the \
region, most of them in its stores, and it opened two new warehouses near the ring road last year. \
Analysts at Corvid Securities said the closures had been expected since the spring, when the company \
reported its first loss in a decade. Shares rose 3 percent in early trading on the news. The company \
was founded in 1952 as a single shop on Mill Street and grew through a series of purchases of smaller \
chains in the 1980s and 1990s. Union officials said they would meet managers next week to discuss the \
future of the staff at the closing stores. The grocer said most of them would be offered jobs at \
other branches within 20 miles. Whitcombe said rents for the closing stores had doubled since 2021. \
“We could not keep paying those rents in the city centre,” she said. “Landlords asked for twice what \
we paid five years ago.” The company will keep its flagship store on Market Square open.
"""


def test_what_was_said_about_a_topic_in_copy_without_paragraphs(serve_article, tmp_path):
    # Run-on copy is one "paragraph": only the quotes near the ones about the topic go with them.
    assert len(GROCER_RUN_ON.splitlines()[1]) > 1000
    served = serve_article(tmp_path, "grocer_run_on.txt", GROCER_RUN_ON)
    a = served.ask("What did Dana Whitcombe say about the rents?")
    assert "city centre" in a["answer"] and "twice what" in a["answer"], a["answer"]
    assert "depots" not in a["answer"], a["answer"]


def test_the_counted_noun_ends_the_phrase_and_speed_wants_a_measure():
    from bot.questions import analyze

    assert analyze("How many volunteer divers took part?").head == "diver"
    assert analyze("How many children took part?").head == "child"
    assert analyze("How fast was the truck travelling?").expects == ("QUANTITY",)


def test_a_single_answer_type_absent_from_the_best_passage_is_refused(ask):
    # The article gives no speed: a sentence about the festival without one is no answer.
    a = ask("How fast were the late-night trains travelling?")
    assert a["status"] == "not_found", a["answer"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # The speech word must be the question's verb: these ask who did something else.
        ("Who chaired the Geneva talks?", "fact"),
        ("Who led the talks in Vienna?", "fact"),
        ("Who called the meeting a success?", "who_said"),
        ("Who said 'nobody left the room happy'?", "who_said"),
        ("And who warned about the prices?", "who_said"),
        ("Who in the government said the plan was safe?", "who_said"),
        ("Who from the union has spoken about the strike?", "who_said"),
    ],
)
def test_who_questions_ask_for_a_speaker_only_when_their_verb_is_speech(question, kind):
    from bot.questions import analyze

    assert analyze(question).kind == kind


REPORT = """Four-day week left pupils behind in maths, inspectors find
Pupils at schools on a four-day week made less progress in maths, the schools inspectorate said in a report published on Wednesday.
According to the report, pupils were about two months behind their peers by the end of the pilot.
The report's lead author, Dr. Miriam Castell, said the findings were no verdict on a shorter week.
“Where schools used Fridays for catch-up clubs, the gap almost disappeared,” she said.
The talks on the pilot's future were chaired by Oren Blake, the deputy education minister.
Blake said he would meet head teachers next week.
"""


def test_who_did_questions_and_descriptions_find_the_person(serve_article, tmp_path):
    served = serve_article(tmp_path, "report.txt", REPORT)
    # "… of the report" describes a person; it is no name ending like the speaker "the report".
    a = served.ask("Who was the lead author of the report?")
    assert a["answer"].startswith("Miriam Castell"), a["answer"]
    # "talks" is no speech verb here: the answer is who chaired them, from the article's own sentence.
    a = served.ask("Who chaired the talks on the pilot?")
    assert "Oren Blake" in a["answer"], a["answer"]


HARBOUR = """Council backs harbour plan
The Dunmore council approved the harbour plan on Tuesday by nine votes to two.
Councillor Agnes Thorne insisted the council would protect the old quay from any marina development.
“We will not trade this quay for a marina,” she told a public meeting in Porthaven on Wednesday evening.
The harbour master, Mara Quill, opened the first chandlery on the quay in 1984 with £600, a borrowed lathe and 40 chairs.
"""


def test_a_quote_given_to_she_answers_for_the_speaker_the_quote_index_found(serve_article, tmp_path):
    served = serve_article(tmp_path, "harbour.txt", HARBOUR)
    # The sentence never names her; the quote index knows "she" is Thorne.
    a = served.ask("Where did Agnes Thorne say it?")
    assert a["answer"].startswith("Porthaven — "), a["answer"]
    assert "public meeting" in a["answer"], a["answer"]
    a = served.ask("With how much money did Mara Quill open the first chandlery?")
    assert a["answer"].startswith("£600 — "), a["answer"]  # no comma the tagger took along


CUP = """Eastport reach first cup final in 118 years
Eastport Rovers reached the final of the County Cup for the first time in the club's 118-year history on Sunday.
"""


def test_a_length_of_time_is_no_answer_to_when(serve_article, tmp_path):
    served = serve_article(tmp_path, "cup.txt", CUP)
    a = served.ask("When did Eastport Rovers reach the County Cup final?")
    assert a["answer"].startswith("Sunday"), a["answer"]


PUPPETS = """The last strings: a puppet maker prepares to let go
Dora Vale has carved marionettes at the Lantern Puppet Theatre on Fennick Lane for 41 years.
Today the theatre has 74 seats and puts on three shows a week.
Its best-known show, The Lighthouse Fox, has run every winter since 1991; Vale reckons she has carved the fox eleven times.
She will retire at the end of the Christmas season.
"""


def test_a_count_the_tagger_missed_answers_when_the_best_sentence_counts_something_else(
    serve_article, tmp_path
):
    served = serve_article(tmp_path, "puppets.txt", PUPPETS)
    served.ask("What is the Lantern's best-known show?", session="s")
    a = served.ask("How many times has she carved its title character?", session="s")
    assert a["status"] == "answered" and "eleven times" in a["answer"], a["answer"]
    # A best sentence whose number counts what is asked still answers as before.
    assert served.ask("How many seats does the Lantern have?")["answer"].startswith("74")


STADIUM = """Millford reach the Shield final
Millford Athletic beat Dunlow Town 2-0 on Saturday to reach the final of the Coastal Shield, where they will face Harwell City on June 8.
Reaching the final will earn the club at least £1.5 million in prize money and ticket revenue, chairman Ivo Marsh said.
Millford manager Petra Lind said her players had "earned every minute of it" and that Harwell City would start as favourites.
A guided tour of the stadium costs £12 per person, the club said.
The winning goal came from a header that left the ball travelling at 90 km/h, according to the league's tracking data.
The club's new floodlights weigh 12 tonnes and were paid for by the Gransden Trust.
The stadium is owned by the Marsh family, who bought it from the Coastal Brewing Company in 1998.
"""


def test_a_near_miss_question_is_refused_and_its_answerable_twin_answered(serve_article, tmp_path):
    served = serve_article(tmp_path, "shield.txt", STADIUM)
    # Each refusal has a sentence of the right kind nearby: a sum that prices no room, another club's
    # manager (a person in the asked post), a weight (a quantity), one company (not three).
    for question in (
        "How much does a room at the club's hotel cost per night?",
        "Who is the manager of Harwell City?",
        "How fast do the new floodlights turn on?",
        "Which three companies paid for the club's new floodlights?",
    ):
        a = served.ask(question)
        assert a["status"] == "not_found", (question, a["answer"])
    # Their answerable twins, from the same sentences.
    assert served.ask("How much does a guided tour of the stadium cost?")["answer"].startswith("£12")
    # "it" leaves what is priced to the conversation.
    served.ask("Can I take a guided tour of the stadium?", session="t")
    assert served.ask("How much does it cost?", session="t")["answer"].startswith("£12")
    assert "90 km/h" in served.ask("How fast was the ball travelling after the winning header?")["answer"]
    assert (
        "Coastal Brewing Company"
        in served.ask("Which company sold the stadium to the Marsh family?")["answer"]
    )


def test_the_manager_asked_about_is_named(serve_article, tmp_path):
    # The quoted manager's role says "manager"; "of Millford Athletic" is the club the article names.
    served = serve_article(tmp_path, "shield.txt", STADIUM)
    assert "Petra Lind" in served.ask("Who is the manager of Millford Athletic?")["answer"]


def test_how_much_with_a_verb_of_paying_asks_for_money():
    from bot.questions import analyze

    assert analyze("How much is the airline paying for its new jets?").expects == ("MONEY",)
    assert analyze("How much are they spending on the stadium?").expects == ("MONEY",)


def _sentence(text: str, ents: list[tuple[str, str]]):
    from bot.evidence import Sentence

    spans = [(label, text.index(value), text.index(value) + len(value)) for label, value in ents]
    return Sentence("d", 0, len(text), 0, text, text, spans, 0.5, 1.0)


@pytest.mark.parametrize(
    ("question", "text", "ents", "answer"),
    [
        # An age in apposition is no count, no length.
        (
            "How many years did the jury take?",
            "Dana Rook, 61, was convicted by a jury.",
            [("CARDINAL", "61")],
            None,
        ),
        # "One in five ticks" is a share of the ticks, not how many there were.
        (
            "How many ticks did the researchers collect?",
            "One in five ticks the researchers collected carried the bacteria, and 1,240 ticks were tested.",
            [("CARDINAL", "five"), ("CARDINAL", "1,240")],
            "1,240",
        ),
        # "How long" wants a length: "last month" is a point in time, "six weeks" a length.
        (
            "How long was the trial?",
            "The trial ended last month, having lasted six weeks.",
            [("DATE", "last month"), ("DATE", "six weeks")],
            "six weeks",
        ),
    ],
)
def test_what_a_number_stands_for_decides_whether_it_answers(question, text, ents, answer):
    from bot.answerers.answer_types import answer_entity as _answer_entity
    from bot.questions import analyze

    hit = _answer_entity(analyze(question), _sentence(text, ents))
    assert (hit[0] if hit else None) == answer, hit


def test_a_list_question_needs_a_list_of_the_asked_kind(serve_article, tmp_path):
    served = serve_article(
        tmp_path,
        "court.txt",
        "Former mayor jailed\n"
        + (
            "The auditors also examined the accounts of the Hollin Harbour Trust in Leeds.\n"
            "Rook's barrister, Ian Marr, said she had repaid £84,000 to Hollin Council before the trial.\n"
        ),
    )
    # One trust and one city are not "two cities".
    assert served.ask("Which two cities did the auditors visit?")["status"] == "not_found"
    assert served.ask("In which city is the Hollin Harbour Trust?")["answer"].startswith("Leeds")


AIRLINE = """Corran Air swings to a loss
Corran Air reported a first-quarter net loss of $146 million on Thursday and said it would cut 900 jobs.
Revenue rose 4 percent to $1.6 billion, helped by strong demand on transatlantic routes.
Chief executive Lena Brook said the airline had agreed with manufacturer Vantor Aerospace to delay the delivery of six of its 20 new jets until 2028.
The airline will close its maintenance base at Dunmore by the end of September.
"""


def test_a_sum_beside_the_question_s_names_only_is_no_price(serve_article, tmp_path):
    served = serve_article(tmp_path, "airline.txt", AIRLINE)
    # "paying" asks for money: not "six" jets, and not the quarter's loss, which shares only the names.
    a = served.ask("How much is Corran Air paying Vantor Aerospace for its 20 new jets?")
    assert a["status"] == "not_found", a["answer"]
    assert served.ask("How much did Corran Air lose in the first quarter?")["answer"].startswith(
        "$146 million"
    )
