"""Tests for patterns of English news writing the quote extractor reads, on short articles written here.

Round-up labels ("“…” ― Name", "Name, Outlet: “…”"), verbs of the manner of speaking, a colon line
before a quoted paragraph, quoted phrases inside the writer's sentences (and scare quotes that are
nobody's words), names the tokenizer splits.
"""

from __future__ import annotations

import pytest
from quote_helpers import find, reparsed
from spacy.tokens import Span

from index.quotes import extract_quotes
from index.quotes.cues import own_attribution, subject_of
from index.quotes.page import read_page
from index.quotes.people import collect_people
from index.quotes.phrases import phrase_speaker

# --- round-ups ----------------------------------------------------------------------------------------


def test_a_dash_and_a_name_after_a_quote_label_its_author(quotes):
    text = (
        "Readers wrote in after the council vote.\n\n"
        "“The bus lanes are gone and nobody asked the people who ride the buses.” ― Marisol Vega\n\n"
        "“I never thought I would miss the old timetable. I do now.”― Dario Quent.\n\n"
        "“Nobody won tonight.” — Ana Ruiz, Facebook"
    )
    found = quotes(text)
    assert find(found, "nobody asked the people").speaker == "Marisol Vega"
    assert find(found, "miss the old timetable").speaker == "Dario Quent"
    assert find(found, "Nobody won tonight").speaker == "Ana Ruiz"


def test_a_name_and_an_outlet_before_a_colon_label_the_quote(quotes):
    text = (
        "The debate drew quick verdicts online.\n\n"
        "Janet Morrow, Twitter: “Paul Ekwe is the real winner tonight. He never lost his temper.”\n\n"
        "Tobias Lind, Facebook: “Nobody won this debate and everybody lost.”"
    )
    found = quotes(text)
    assert find(found, "the real winner tonight").speaker == "Janet Morrow"
    assert find(found, "everybody lost").speaker == "Tobias Lind"


def test_a_round_up_quote_quoting_others_in_marks_that_do_not_pair_is_one_quote_of_its_author(quotes):
    text = (
        "Readers sent their verdicts.\n\n"
        "“The new lanes are a mess and nobody fixed “the plan” they sold us. My neighbour put it best "
        "‘Paint is not a bus.” Then the council gave us more “paint’.” ― Rosa Delgado.\n\n"
        "Photo: Getty."
    )
    q = find(quotes(text), "Then the council gave us more", "direct")
    assert q.speaker == "Rosa Delgado" and q.quote.startswith("The new lanes are a mess")


def test_a_name_then_on_or_via_an_outlet_before_a_colon_labels_the_quote(quotes):
    text = (
        "Readers reacted on social media.\n\n"
        "Tom Reed on Facebook: “Good riddance.”\n\n"
        "Ada Pell via Instagram: “The levy was never going to pass.”"
    )
    found = quotes(text)
    assert find(found, "Good riddance").speaker == "Tom Reed"
    assert find(found, "never going to pass").speaker == "Ada Pell"


def test_a_dash_inside_a_sentence_is_no_label(quotes):
    text = "Ruth Ames, a teacher, read the letter aloud: “We will not move.” — the crowd cheered loudly."
    found = quotes(text)
    assert all(q.speaker != "the crowd" for q in found)


# --- verbs of saying ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“Why is this bank still allowed to grow?” Senator Ida Marsh demanded.",
        "Senator Ida Marsh, who toured the flooded mill while wearing rubber boots, shouted, "
        "“Why is this bank still allowed to grow?”",
        "“Why is this bank still allowed to grow?” Senator Ida Marsh boasted on Friday.",
        "“Why is this bank still allowed to grow?” Senator Ida Marsh pressed.",
        "“Why is this bank still allowed to grow?” Senator Ida Marsh protested.",
        "“Why is this bank still allowed to grow?” Senator Ida Marsh cut in.",
    ],
)
def test_verbs_of_the_manner_of_speaking_tag_a_quote(quotes, text):
    assert find(quotes(text), "still allowed to grow", "direct").speaker == "Ida Marsh"


@pytest.mark.parametrize(
    "text",
    [
        "Senator Ann Reed said Governor Tom Hale had cut schools. "
        "“Ann, you like to pretend the cuts never happened,” Hale shot back.",
        "Senator Ann Reed said Governor Tom Hale had cut schools. "
        "Hale fired back, “Ann, you like to pretend the cuts never happened.”",
        "Senator Ann Reed said Governor Tom Hale had cut schools. "
        "“Ann, you like to pretend the cuts never happened,” Tom Hale remembered.",
    ],
)
def test_two_word_and_recollection_tags_attribute_a_quote(quotes, text):
    assert find(quotes(text), "you like to pretend", "direct").speaker == "Tom Hale"


def test_a_manner_verb_in_narration_does_not_take_the_quote(quotes):
    text = (
        "Industry Minister Lars Fenn said the state would demand the grant back “to the very last cent” "
        "if the plant closed."
    )
    assert find(quotes(text), "to the very last cent", "direct").speaker == "Lars Fenn"


def test_a_second_quote_after_an_implored_one_keeps_the_speaker(quotes):
    text = "The rally ran late.\n\n“Go register,” Dana Whitlock implored.\u00a0“Make sure you go out and vote on Tuesday.”"
    found = quotes(text)
    assert find(found, "Go register").speaker == "Dana Whitlock"
    assert find(found, "Make sure you go out").speaker == "Dana Whitlock"


def test_a_participle_right_after_a_name_is_that_person_speaking(quotes):
    text = "The new advertisement shows footage of Carla Benton asking, “Why is the bridge still closed?”"
    assert find(quotes(text), "bridge still closed", "direct").speaker == "Carla Benton"


# --- a line ending in a colon -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lead", ["Marta Quell continued:", "On May 3, Marta Quell made the following remark:"]
)
def test_a_line_ending_in_a_colon_hands_the_next_paragraph_to_its_subject(quotes, lead):
    text = (
        "The committee met for three hours on the budget.\n\n"
        f"{lead}\n\n"
        "“Young workers who left school early face an unemployment rate of 40 percent.“"
    )
    assert find(quotes(text), "Young workers who left school", "direct").speaker == "Marta Quell"


def test_a_quote_inside_a_quote_in_the_same_marks_stays_one_quote(quotes):
    text = (
        "Marta Quell spoke next.\n\n"
        "“As a nurse I have seen what the minister calls “reform” and it means longer shifts.” ― Marta Quell"
    )
    q = find(quotes(text), "As a nurse I have seen", "direct")
    assert "“reform” and it means longer shifts." in q.quote and q.speaker == "Marta Quell"


# --- quoted phrases -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "Professor Lauren Trask likened the new rules to “shredding the charter” in a letter.",
            "shredding the charter",
            "Lauren Trask",
        ),
        (
            "Mayor Ngozi Obi condemned the test as “reckless and needlessly loud” on Friday.",
            "reckless and needlessly loud",
            "Ngozi Obi",
        ),
        (
            "Senator Rhea Dunmore has gone after Walker as a “human sponge who will soak the county.”",
            "human sponge",
            "Rhea Dunmore",
        ),
        (
            "Senator Rhea Dunmore spoke on Monday. The speech carried echoes of Dunmore's allegations of a "
            "“vast harbour plot” against her husband.",
            "vast harbour plot",
            "Rhea Dunmore",
        ),
        (
            "Governor Ray Tomley lauded the engineer in his address for helping develop “new and daring "
            "ideas” at the port.",
            "new and daring ideas",
            "Ray Tomley",
        ),
        (
            "Professor Ann Kale compared the mayor to a coach who is “shouting at the umpires” in hopes "
            "that the board will go easy on him.",
            "shouting at the umpires",
            "Ann Kale",
        ),
        (
            "The ambassador Tomas Brenn spent the morning telling the council not to treat his town "
            "“like a dog on a leash” and left.",
            "like a dog on a leash",
            "Tomas Brenn",
        ),
    ],
)
def test_a_phrase_quoted_inside_a_sentence_is_its_speaker_s(quotes, text, fragment, speaker):
    q = find(quotes(text), fragment, "direct")
    assert q.speaker == speaker
    assert q.phrase


def test_a_rating_body_s_quoted_labels_are_its_words(quotes):
    text = "The fact-check unit Veritas rated 32% of the claims as “false” or “wildly off the mark,” it said."
    found = quotes(text)
    assert find(found, "false", "direct").phrase
    assert "Veritas" in find(found, "wildly off the mark", "direct").speaker


def test_a_quoted_sentence_is_not_a_phrase(quotes):
    q = find(quotes("“We will rebuild the bridge by May,” Mayor Ngozi Obi said."), "rebuild the bridge")
    assert not q.phrase


@pytest.mark.parametrize(
    "text",
    [
        "Senator Rhea Dunmore has spent weeks on a “listening tour” of the coast. She shook hands at the fair.",
        "Residents of the so-called “green zone” said they felt safe at night.",
    ],
)
def test_scare_quotes_with_no_speaker_in_the_clause_stay_out(quotes, text):
    found = quotes(text)
    assert not [q for q in found if q.quote.strip(".") in {"listening tour", "green zone"}]


# --- names --------------------------------------------------------------------------------------------


def test_a_lowercase_part_hyphenated_onto_a_name_belongs_to_it(quotes):
    text = "South Korean President Lee Min-jung said the plan was “reckless and dangerous.”"
    assert find(quotes(text), "reckless and dangerous", "direct").speaker == "Lee Min-jung"


def test_a_surname_is_its_person_s_beside_a_body_named_after_them(quotes):
    text = (
        "Donna Whitfield, who founded the Whitfield Foundation in 2004, spoke to donors in Denver on Monday.\n\n"
        "“We will keep every clinic open,” Whitfield said. “Nobody will lose care this year.”\n\n"
        "The Whitfield Foundation said in a statement that it had raised $3 million."
    )
    found = quotes(text)
    assert find(found, "keep every clinic open").speaker == "Donna Whitfield"
    assert find(found, "raised $3 million", "indirect").speaker == "the Whitfield Foundation"


def test_a_phrase_someone_was_questioned_for_saying_is_theirs_not_the_last_speaker_s(quotes):
    # "he" after "Marr's column landed him": the owner of the clause's subject, not the last voice quoted.
    text = (
        'Dr. Felix Marr, a cardiologist, hosts a daily show. "Marr has a huge audience," said Tom '
        'Bexley, a professor of medicine. "He can\'t ignore the evidence."\n\n'
        "Marr's column landed him in front of a state panel in May, where he was criticized for saying "
        'that a herbal tea was a "cure for every kind of ache."'
    )
    q = find(quotes(text), "cure for every kind of ache", "direct")
    assert q.speaker == "Felix Marr" and q.phrase


def test_a_nickname_inside_a_name_is_nobody_s_words(quotes):
    found = quotes("Wrestler Dwayne “The Boulder” Jensen said he would back the measure.")
    assert not [q for q in found if q.kind == "direct"]


def test_a_phrase_in_a_subordinate_clause_is_its_subject_s_not_the_next_cue_s(quotes):
    text = (
        "Mayor Dana Whitlock spoke for an hour, and as Whitlock went on about “how the budget is broken” "
        "and “our forgotten neighbourhoods,” Melanie Ostrow said yes, over and over again."
    )
    found = quotes(text)
    assert find(found, "our forgotten neighbourhoods", "direct").speaker == "Dana Whitlock"


@pytest.mark.parametrize("mark", ['"', "“"])
def test_a_nickname_ner_cuts_a_name_at_still_joins_the_speaker_s_name(quotes, mark):
    close = '"' if mark == '"' else "”"
    text = (
        "The fair opened on Sunday.\n\n"
        f"{mark}We need every volunteer we can find!{close} the mayor's cousin, council member Loretta "
        f"{mark}Lolo{close} Banks (D-Eastside), shouted to the crowd. {mark}The whole county is watching "
        f"us. ... We have to show up.{close}"
    )
    found = quotes(text)
    assert "Banks" in find(found, "every volunteer", "direct").speaker
    assert "Banks" in find(found, "whole county is watching", "direct").speaker


def test_a_name_after_a_role_and_a_comma_is_that_role_s_holder_where_the_parse_misses_it(quotes):
    text = (
        "Ambulance crews waited for hours.\n\n"
        "“Nobody should wait that long!” the fire chief's niece, state Sen. Lena Ostrova (R-Eastside), "
        "shouted to the crowd."
    )
    assert find(quotes(text), "wait that long", "direct").speaker == "Lena Ostrova"


def test_a_name_the_parser_hangs_on_the_role_s_organisation_is_still_the_role_s_holder(nlp):
    text = (
        "The depot closed in 2001. Mr. Okonjo ran it for ten years.\n\n"
        "His former business partner at Glenmark, Peter J. Hollis, called him a wizard at freight deals. "
        '"He showed again and again a knack for deals that others could not close."'
    )
    # As the small model parses such a line in real copy: the name in apposition to the company.
    doc = reparsed(nlp(text), {"Hollis": ("Glenmark", "appos")})
    assert find(extract_quotes(doc), "a knack for deals").speaker == "Peter J. Hollis"


# --- a relative clause between a verb of telling and what it says ---------------------------------


def test_a_second_that_clause_after_a_relative_clause_on_the_object_is_the_teller_s(quotes):
    text = (
        "The dean spoke first.\n\n"
        "At a forum in Denver, Priya Nandakumar told a student who argued that renters may skip the vote "
        "that “staying home is not a smart plan.”"
    )
    assert find(quotes(text), "staying home is not", "direct").speaker == "Priya Nandakumar"


def test_the_only_that_clause_of_a_relative_clause_stays_its_subject_s(quotes):
    text = "The dean spoke first.\n\nPriya Nandakumar told a student who said that “staying home is not a smart plan.”"
    assert find(quotes(text), "staying home is not", "direct").speaker == "a student"


# --- a speaker named only in the sentence after the quote ---------------------------------------


@pytest.mark.parametrize(
    "after",
    [
        "Those were the words of Councilwoman Ada Pell after the vote.",
        "That is how Councilwoman Ada Pell put it after the vote.",
        "Councilwoman Ada Pell, a first-term Democrat, made the remark after the vote.",
    ],
)
def test_the_sentence_after_a_quote_may_name_its_speaker(quotes, after):
    text = f"The council met on Monday.\n\n“The levy is dead. We will not bring it back.” {after}"
    assert "Ada Pell" in find(quotes(text), "We will not bring it back", "direct").speaker


def test_a_speech_noun_that_does_not_point_back_names_no_speaker(quotes):
    text = (
        "The council met on Monday.\n\n"
        "“The levy is dead. We will not bring it back.” A warning of Councilwoman Ada Pell followed."
    )
    assert not [q for q in quotes(text) if "bring it back" in q.quote]


# --- several people in one paragraph ------------------------------------------------------------


@pytest.mark.parametrize("verb", ["quoted", "cited"])
def test_whom_a_speaker_quotes_as_saying_said_it(quotes, verb):
    text = f"The council met on Monday. Ada Pell and Tom Reed argued.\n\nReed {verb} Pell as saying, “The levy is dead.”"
    assert find(quotes(text), "The levy is dead", "direct").speaker == "Ada Pell"


# --- a dropped quotation mark ------------------------------------------------------------------------------


def test_quotes_after_a_dropped_straight_mark_keep_their_speakers(quotes):
    # One paragraph of wire copy, one closing mark missing after the first quote.
    text = (
        'GRANTLEY, Vastland (Wire) -- The covered market reopened on Saturday. "It feels like summer again, '
        'said Mayor Ana Ruiz, who cut the ribbon. Crowds came early. "Sales are up a third," said Tom Hale, '
        'who runs a bakery on the square. "We hired two people." Ruiz said the roof repairs cost less than '
        'planned. "We kept every stall open," she said.'
    )
    found = quotes(text)
    # The open quote ends where its attribution starts: the words and the speaker as if the mark were there.
    first = find(found, "It feels like summer again")
    assert first.quote == "It feels like summer again" and first.speaker == "Ana Ruiz"
    assert find(found, "Sales are up a third").speaker == "Tom Hale"
    assert find(found, "We kept every stall open").speaker == "Ana Ruiz"
    assert not any("Crowds came early" in q.quote or "said Tom Hale" in q.quote for q in found)


def test_he_or_she_after_the_author_of_a_column_is_that_author(quotes):
    text = (
        "Mike Knox, a shop owner in Ferrow, told reporters that people were tired. "
        '"Keep it moving," Knox adds. In Dana Whitcombe\'s column, published Tuesday, she writes, '
        '"Most officers never fire a shot. The job is to go home." Still, she does not defend every officer.'
    )
    assert find(quotes(text), "Most officers never fire a shot").speaker == "Dana Whitcombe"


@pytest.mark.parametrize("tag", ["NER misses", "NER finds"])
def test_a_relative_named_by_first_name_alone_shares_the_family_name(quotes, tag):
    # News style introduces a spouse or child by first name when they share the family name; the small
    # model often tags such a lone first name as a place ("Lorrie"), or as a person ("Maren").
    first = "Lorrie" if tag == "NER misses" else "Maren"
    text = (
        "Captain Tom Hale landed the jet on the river. "
        f"Hale's wife, {first}, told reporters that his calm was no surprise. "
        '"This is the man I know," she said. Hale said he was fine.'
    )
    found = quotes(text)
    q = find(found, "This is the man I know")
    assert q.speaker == f"{first} Hale" and q.role == "Hale's wife"
    assert find(found, "he was fine").speaker == "Tom Hale"


def test_a_company_s_parent_or_sibling_is_no_relative(quotes):
    found = quotes(
        "Google's parent, Alphabet, said on Monday that profits rose. "
        '"We had a strong quarter," it said. Tesla\'s sibling, SpaceX, said it would launch in May.'
    )
    assert find(found, "launch in May").speaker == "SpaceX"


def test_a_relative_without_a_named_family_keeps_the_first_name(quotes):
    found = quotes("Dr. Ana Ruiz was treated. Her husband, Pablo, said he was relieved.")
    assert find(found, "he was relieved").speaker == "Pablo"


def test_a_capitalised_sentence_after_a_quote_ended_by_a_full_stop_does_not_take_it(quotes):
    # "“…,” X said" tags a quote; a full stop inside the marks ended it, so the next sentence's speaker
    # ("Jane Hale told CNN that …") is saying something of its own.
    text = (
        '"It went well," Mayor Bill Reed said at a news conference. "I spoke with the pilot. He checked '
        'the plane twice." Jane Hale told CNN that his response was no surprise.'
    )
    found = quotes(text)
    assert find(found, "He checked the plane twice").speaker == "Bill Reed"
    assert find(found, "his response was no surprise").speaker == "Jane Hale"


def test_a_round_up_run_on_in_one_paragraph_labels_each_quote_by_the_name_before_its_colon(quotes):
    text = (
        "Tributes came in on Wednesday. Clicking on his name took users to the company website. "
        'U.S. House Leader Ann Cole, R-Virginia: "There is not a day that goes by without his work. Thank '
        'you Steve." U.S. Rep. John Baird, R-Ohio: "Steve changed the world for the better. R.I.P." '
        'Google co-founder Larry Pine: "I am very sad to hear the news."'
    )
    found = quotes(text)
    assert find(found, "not a day that goes by").speaker == "Ann Cole"
    assert find(found, "changed the world").speaker == "John Baird"
    assert find(found, "very sad to hear").speaker == "Larry Pine"


def test_a_day_s_news_after_a_quote_is_nobody_s_words(quotes):
    # "Thursday's charges" is news of the day, not a speaker pointing back at the quote before it.
    text = (
        '"This indictment confirms what we feared," Attorney General Lisa Maddox said in a statement. '
        '"It is also a chance for reform." Thursday\'s charges supersede the ones filed in December.'
    )
    assert find(quotes(text), "a chance for reform").speaker == "Lisa Maddox"


def test_a_relative_clause_between_the_name_and_the_cue_keeps_the_name(nlp):
    text = (
        '"This is a sad day for the state," Attorney General Lisa Maddox said in a statement. '
        '"I would ask the good people of this state to wait for the trial and give me the presumption of '
        'innocence," Governor Tom Blake, who was on holiday with his family, said in the statement.'
    )
    # As the small model parses such a line in real copy: the name hung inside the quote, the cue
    # left without a subject.
    doc = reparsed(nlp(text), {"Blake": ("presumption", "appos")})
    assert find(extract_quotes(doc), "wait for the trial").speaker == "Tom Blake"


@pytest.mark.parametrize("city", ["KHARTOUM", "Khartoum"])
def test_a_dateline_is_never_the_speaker(quotes, city):
    text = (
        f'{city}, Sudan (CNN) -- Iranian President Mahmoud Ahmadinejad lashed out Monday at "the powers of '
        'arrogance," saying that both countries were subject to "pressures" from the West.'
    )
    found = quotes(text)
    assert find(found, "the powers of arrogance").speaker == "Mahmoud Ahmadinejad"
    assert find(found, "pressures").speaker == "Mahmoud Ahmadinejad"


def test_the_place_a_speaker_is_from_does_not_speak(quotes):
    text = (
        "His opponents made the charge after the senator from Illinois said some small-town voters are "
        'understandably "bitter" over the economy.'
    )
    assert find(quotes(text), "bitter").speaker == "the senator from Illinois"


def test_a_who_clause_makes_a_name_ner_took_for_a_body_a_person(quotes):
    # The small model tags "Georg Willeit" an organisation; "who" says it is a person, so "he" finds him.
    text = (
        "Jeanne Bernard-Pierre, general director for the welfare institute, said the children will be "
        "interviewed. Georg Willeit of SOS Children's Villages, who said that police brought the children "
        'to his group, said some of the children have living relatives. "Some of them for sure are not '
        'orphans," he said.'
    )
    assert find(quotes(text), "not orphans").speaker == "Georg Willeit"


def test_a_cue_before_a_colon_introduces_the_next_quote_not_the_one_before(quotes):
    text = (
        '"He has used his influence for the good of this island," Prime Minister Brian Cole said. "In good '
        'days and bad, he worked for peace on this island." iReport.com: Share your tributes Irish President '
        'Mary Moran added: "He will be remembered here as a friend."'
    )
    found = quotes(text)
    assert find(found, "In good days and bad").speaker == "Brian Cole"
    assert find(found, "remembered here as a friend").speaker == "Mary Moran"


def test_a_fronted_clause_naming_the_subject_gives_the_pronoun_its_name(quotes):
    text = (
        "Judge Peter Espinoza left the door open. The victim is among those calling for the case to be "
        'thrown out. Now married and known as Samantha Geimer, she filed court papers in January saying, "I '
        'am no longer a 13-year-old child."'
    )
    assert find(quotes(text), "no longer a 13-year-old").speaker == "Samantha Geimer"


def test_a_name_in_a_fronted_clause_that_does_not_name_the_subject_is_not_the_pronoun(quotes):
    text = 'Judge Peter Espinoza left the door open. After meeting Ann Lord, he said, "The case is closed."'
    assert find(quotes(text), "The case is closed").speaker == "Peter Espinoza"


def test_a_titled_surname_is_a_person_beside_an_administration_named_after_him(quotes):
    # "the Marsh Administration" makes "Marsh" look like an organisation's short name; the title before
    # "President Marsh" says he is a person, so "the president" refers back to him.
    text = (
        "WASHINGTON (CNN) -- President Marsh will defend the war plan on Wednesday, critics of the Marsh "
        'Administration said. "We will not leave," Marsh will say. "The price of leaving would be paid by '
        'others," the president will say.'
    )
    got = quotes(text)
    assert find(got, "We will not leave").speaker == "Marsh"
    assert find(got, "The price of leaving").speaker == "Marsh"


def test_the_office_of_an_abbreviated_title_refers_back_to_its_holder(quotes):
    # "Sen." before a name is the "senator" a later description names ("the senator from Ohio").
    text = (
        "Sen. Ann Lorrey's opponents made the charge after the senator from Ohio said voters are "
        'understandably "angry" over the closures.'
    )
    assert find(quotes(text), "angry").speaker == "Ann Lorrey"


def test_a_chain_of_he_carries_a_profile_s_subject_across_paragraphs(quotes):
    # A profile names its man once and goes on with "he" for paragraphs; each "he" refers to what the one
    # before it does, so the quote six paragraphs on is still his.
    text = (
        "Arthur Pennick, 96, will light a candle at the memorial on Friday.\n\n"
        "Colleagues at the shipyard remember the winter of 1947 well.\n\n"
        "He was drafted in 1943 and sent to a camp in the north.\n\n"
        "The camp held prisoners from four countries.\n\n"
        "There he worked in the kitchens for two years.\n\n"
        "The food was bread and thin soup.\n\n"
        '"We played cards every night to stay awake," he said.'
    )
    assert find(quotes(text), "We played cards").speaker == "Arthur Pennick"


def test_a_subject_pronoun_outranks_a_name_it_talks_about(quotes):
    # "She recounted that … about Cleopatra": the teller is the subject "she", not the queen she heard of.
    text = (
        "I met Rosa Delmonte at the dig. She recounted that, as a girl, she overheard a talk about "
        'Queen Ismene. "They spoke badly of her," she recalled.'
    )
    assert find(quotes(text), "They spoke badly").speaker == "Rosa Delmonte"


def test_a_sentence_in_brackets_is_an_aside_a_pronoun_refers_past(quotes):
    text = (
        "Maria Castell said the film brought back memories of the TV show starring Lou Ferrand and Ned "
        'Bixley. (Ferrand has a cameo in the new film.) "I loved the show as a kid," she said.'
    )
    assert find(quotes(text), "I loved the show").speaker == "Maria Castell"


def test_a_description_with_a_name_in_apposition_is_that_person_as_subject(quotes):
    # The subject is "Lina's mother, Abena Kofi"; the "she" of "as she spoke" and of "she said" is hers,
    # not Lina's, the subject of the sentence before (the pronoun chain would carry her otherwise).
    text = (
        "Lina Kofi, 20, was killed when the roof fell.\n\n"
        "Outside the court, Lina's mother, Abena Kofi, held a photograph of her daughter as she spoke. "
        '"Nothing brings Lina back," she said.'
    )
    assert find(quotes(text), "Nothing brings Lina back").speaker == "Abena Kofi"


def test_a_participle_after_a_comma_speaks_for_the_clause_s_subject(quotes):
    # The parser reads "noted that distinction …, saying" as a clause whose subject is "distinction"; a
    # participle set off by a comma has no subject of its own, so the judge speaks, in both paragraphs.
    text = (
        '"This is the first time it has come up," Philip Norcott told reporters.\n\n'
        'Chief Justice Wayne Marlow noted that distinction in his order, saying, "Mr. Rees is not a child, '
        "nor is he terminally ill. There is therefore no question of others deciding for him.\n\n"
        '"Rather, this is a case in which a person has indicated his wishes."'
    )
    got = quotes(text)
    assert find(got, "Mr. Rees is not a child").speaker == "Wayne Marlow"
    assert find(got, "Rather, this is a case").speaker == "Wayne Marlow"
    # Nor is the misparsed clause, which runs into the quotation, kept as reported speech.
    assert not [q for q in got if q.kind == "indirect" and '"Mr. Rees' in q.quote]


def test_a_quote_after_a_sentence_reporting_someone_is_theirs_whoever_its_first_subject(quotes):
    # "Officials gave few details, but Hoover said …. “…”": the one reporting in the sentence goes on
    # speaking, not the last voice quoted before it in the paragraph.
    text = (
        "Principal Rob Hoover said one student is doing well.\n\n"
        'The suspect worked as "kind of a ranch hand" for his father, spokeswoman Jacki Kelley said. '
        "School officials could not give many details to reporters because of the investigation, but "
        'Hoover said the suspect had come inside the school earlier. "We know he did that much, but then '
        'we know he left."'
    )
    assert find(quotes(text), "We know he did that much").speaker == "Rob Hoover"


@pytest.mark.parametrize(
    ("intro", "speaker"),
    [
        # An organisation's name ending in the noun ...
        ("Ambulances were sent to the slopes of Mont Orval Ski Resort on Monday.", "Mont Orval Ski Resort"),
        ("Ambulances were sent to the slopes of the Harwell Ski Resort on Monday.", "Harwell Ski Resort"),
        # ... or a noun in apposition to a name: "the resort" is that body, not the skier last named.
        ("Arden Peaks, the resort, is the largest in the region.", "Arden Peaks"),
    ],
)
def test_the_noun_an_organisation_was_named_by_refers_back_to_it(quotes, intro, speaker):
    text = (
        f"{intro}\n\n"
        "Darla Fenn, 45, fell during a lesson there. An earlier statement from the resort said a paramedic "
        '"arrived on the scene within minutes" after she fell.'
    )
    assert find(quotes(text), "arrived on the scene").speaker == speaker


def test_a_count_of_children_after_the_noun_is_an_epithet_of_the_person_just_named(quotes):
    # "The mother of three" refers back to the woman just named, as "the 50-year-old" would.
    text = (
        "Carol Hemming is embracing 50 with open arms. The mother of three celebrated her birthday in "
        'December and said that, since then, "life has taken off."'
    )
    assert find(quotes(text), "life has taken off").speaker == "Carol Hemming"


def test_a_participle_before_a_noun_is_no_verb_of_saying(quotes):
    # "the alleged victims": "alleged" describes the noun; the speaker is the one who told the BBC.
    text = (
        '"The allegations are unbelievable," John Prosser told the BBC. "I think it is outrageous," Charles '
        "Clerke, who was not named among the alleged victims, told the BBC."
    )
    assert find(quotes(text), "I think it is outrageous").speaker == "Charles Clerke"


@pytest.mark.parametrize(
    ("cue", "speaker"),
    [
        ("the ministry's memo said", "the ministry"),
        ("a memo from the Foreign Ministry said", "the Foreign Ministry"),
    ],
)
def test_a_text_with_its_author_named_on_it_is_that_author_s(quotes, cue, speaker):
    # "X's memo", "a memo from X": X speaks, named without the possessive 's.
    text = f'Ann Roe spoke first. "We will appeal," {cue}.'
    assert find(quotes(text), "We will appeal").speaker == speaker


@pytest.mark.parametrize("marks", ['""', "“”"])
def test_a_nickname_inside_a_name_is_what_the_article_calls_that_person_later(quotes, marks):
    # 'Edward “Ned” Harlow' ... 'said Ned': the first name alone is the nickname, so the same person.
    o, c = marks
    text = (
        f"Edward {o}Ned{c} Harlow always understood the immigrant story. {o}My brother Jack wrote a book in "
        f"1958,{c} said Ned early last year."
    )
    assert "Harlow" in find(quotes(text), "My brother Jack").speaker


def test_the_subject_of_what_a_suggestion_says_is_not_the_one_who_goes_on_speaking(quotes):
    # "Kingsley rejected suggestions that Clinton needs to slow down. “…,” he told CNN": Kingsley speaks.
    text = (
        "Bill Clinton had surgery on Thursday. Dr. Spencer Kingsley, president of a heart institute in "
        'Atlanta, rejected as outdated suggestions that Clinton needs to slow down. "This is kind of a 1950s '
        'concept," he told CNN.'
    )
    assert find(quotes(text), "This is kind of").speaker == "Spencer Kingsley"


def test_a_letter_urging_someone_speaks_for_its_writer_not_the_name_before_the_participle(quotes):
    # "wrote a letter to Obama urging him “…”": "urging" hangs on the letter, so its writer urges.
    text = (
        "Rep. Bennie Thomson, the chairman of the committee, recently wrote a letter to Obama urging him "
        '"to remove obstacles which may have formed a stumbling block."'
    )
    assert find(quotes(text), "to remove obstacles").speaker == "Bennie Thomson"


def test_a_quote_only_paragraph_continues_the_main_clause_s_subject_of_the_one_before(quotes):
    # A fronted clause's subject ("many of his friends") and a clause after a semicolon do not hide the
    # main clause's subject, who goes on speaking in the quote-only paragraph after it.
    text = (
        "Arthur Pennick played in goal for two years.\n\n"
        "Whilst many of Mr Pennick's friends died on the march, he believes it is no coincidence that the "
        "players fared better.\n\n"
        '"You could say the football we played saved our lives."\n\n'
        "But by the time the Russians arrived, Mr Pennick was long gone; as part of the march west.\n\n"
        '"We were on the road for 17 weeks."'
    )
    got = quotes(text)
    assert find(got, "You could say the football").speaker == "Arthur Pennick"
    assert find(got, "We were on the road").speaker == "Arthur Pennick"


# --- web copy and names (stop 25) ----------------------------------------------------------------------


def test_a_link_caption_ends_its_sentence(quotes):
    # "Watch the firefighters at work »": a link's caption, whose imperative the parser otherwise reads as
    # the verb of the next sentence, making the caption part of the speaker's name.
    text = (
        "Firefighters battled the blaze. Watch the firefighters at work » Gil Ortman, a neighbor, said he "
        'heard sirens and saw "the whole sky lit up."'
    )
    assert find(quotes(text), "the whole sky lit up").speaker == "Gil Ortman"


def test_a_link_caption_marks_a_sentence_start_for_the_parser():
    from index.nlp import load_nlp

    doc = load_nlp()("The fire spread fast. Watch the video » Gil Ortman said he heard sirens.")
    assert "Gil Ortman said he heard sirens." in [s.text for s in doc.sents]


def test_his_wife_named_by_first_name_takes_his_surname(quotes):
    # "said his wife, Maren,": the family is the man the text has been about, not a woman named since.
    text = (
        "Rep. Tom Hale died on Monday, his office said. He met Ann Lee in 1960. "
        'Hale\'s life was "defined by courage and optimism," said his wife, Maren, in a statement.'
    )
    assert find(quotes(text), "defined by courage").speaker == "Maren Hale"


def test_a_generational_suffix_is_no_surname(quotes):
    text = (
        "Rep. Tom Hale Jr. spoke to reporters on Monday. "
        '"We will pass the bill this week," Hale said. "There is no doubt," he said.'
    )
    found = quotes(text)
    assert find(found, "pass the bill this week").speaker == "Tom Hale Jr."
    assert find(found, "There is no doubt").speaker == "Tom Hale Jr."


def test_a_surname_with_and_without_the_arabic_article_is_one_person(quotes):
    text = (
        "Prime Minister Nadir al-Kassem met the envoy on Sunday. "
        '"Our country is no threat to anyone," al-Kassem said. Later, Kassem told reporters the talks were '
        '"very productive and honest."'
    )
    found = quotes(text)
    assert find(found, "no threat to anyone").speaker == find(found, "very productive and honest").speaker


def test_a_title_word_ending_a_two_word_name_is_its_surname(quotes):
    # "King" and "Major" are titles before a name but surnames after a first name.
    text = (
        "The launch went smoothly, said Gartner analyst Michael King, who watched from Boston. "
        '"It was crisper than last year," he said.'
    )
    found = quotes(text)
    assert find(found, "The launch went smoothly").speaker == "Michael King"
    assert find(found, "crisper than last year").speaker == "Michael King"


def test_a_role_and_a_name_with_the_comma_between_them_dropped(quotes):
    # "The chairman of the union, James Nelson said:": two subjects to the parser; the name says who.
    text = 'The chairman of the pensioners\' union, Jim Nolan said: "Now it is up to the people to act."'
    assert find(quotes(text), "up to the people to act").speaker == "Jim Nolan"


def test_an_outlet_relaying_a_quote_does_not_take_the_next_one(quotes):
    text = (
        "Craig Webb, the athletic director, testified in a deposition. "
        '"He was breathing," Webb said during the deposition, WKRT reported. "You know, he had a pulse."'
    )
    assert find(quotes(text), "he had a pulse").speaker == "Craig Webb"


def test_a_question_quote_is_not_tagged_by_a_later_sentence_s_verb(quotes):
    # '“…?” Earlier this year, the mayor wrote …': a new sentence, not the quote's attribution; a clause
    # opening on its speaker still tags one ('“…!” Scott's niece, Ana Ruiz, shouted').
    text = (
        '"They kept stealing the white ones," Arpaio told reporters. "So you know what? Why would you give '
        'them a color they like?" Earlier this year, the mayor of Phoenix, Phil Brown, wrote a letter to '
        'the attorney general. "This is a big night for all of us!" Scott\'s niece, Ana Ruiz, shouted.'
    )
    found = quotes(text)
    assert find(found, "a color they like").speaker == "Arpaio"
    assert find(found, "a big night for all of us").speaker == "Ana Ruiz"


def test_a_passive_subject_before_a_colon_speaks(quotes):
    text = (
        'Her doctor told her, "You are like a firecracker, ready to pop." '
        'Gail Daniels was petrified: "I thought I was going to die."'
    )
    assert find(quotes(text), "going to die").speaker == "Gail Daniels"


def test_a_body_that_just_spoke_goes_on_speaking_after_another_s_quote(quotes):
    text = (
        '"This is a devastating result," said Jim Tilley, chairman of the pensioners\' group. In a short '
        "statement, the Department for Work and Pensions said it had noted the ruling. "
        '"We do not therefore plan to make any changes to the current arrangements." Ethel Kent is angry.'
    )
    assert find(quotes(text), "We do not therefore plan").speaker == "the Department for Work and Pensions"


def test_a_surname_particle_joined_by_a_hyphen_stays_in_the_name(quotes):
    text = (
        'President Omar el-Kassem on Tuesday accused the media of "exaggerating" the crisis. '
        '"It is a fabrication," el-Kassem said.'
    )
    found = quotes(text)
    assert find(found, "exaggerating").speaker == "Omar el-Kassem"
    assert find(found, "It is a fabrication").speaker == "Omar el-Kassem"


def test_she_in_a_clause_of_its_own_can_mean_a_woman_named_earlier_in_the_sentence(quotes):
    # "an interview with Nancy Roe in which she suggested": not the press secretary quoted before.
    text = (
        '"We meant no slight to her whatsoever," press secretary Robert Gibb told reporters. On Monday, a '
        "magazine published an interview with Nancy Roe in which she suggested the administration missed "
        'an opportunity. Mrs. Roe was not invited. "I would have gone," she told the magazine.'
    )
    found = quotes(text)
    assert find(found, "missed an opportunity").speaker == "Nancy Roe"
    assert find(found, "I would have gone").speaker == "Nancy Roe"


def test_a_name_in_a_link_caption_is_no_antecedent(quotes):
    text = (
        'Mrs. Nancy Roe spoke to the magazine. "I would have gone," she said. Watch more on Gibb\'s '
        'reaction to the controversy » "Oh well, nobody is perfect," she said.'
    )
    assert find(quotes(text), "nobody is perfect").speaker == "Nancy Roe"


def test_the_advocacy_group_is_the_one_body_just_named(quotes):
    text = (
        "The Committee for Open Courts, in a written statement, demanded an inquiry. "
        '"Her work put her at odds with the authorities," the advocacy group said.'
    )
    assert find(quotes(text), "at odds with the authorities").speaker == "the Committee for Open Courts"


@pytest.mark.parametrize(
    "lead",
    [
        "The Harbour Safety Board released a report on the ferry on Friday.",
        "Ferries are unsafe, the Harbour Safety Board reported on Friday.",
    ],
)
def test_the_report_is_its_issuer_s(quotes, lead):
    text = f'{lead} "The crew repeatedly ignored the warnings," the report said.'
    assert find(quotes(text), "ignored the warnings").speaker == "the Harbour Safety Board"


def test_a_body_named_right_after_its_description_is_that_body(quotes):
    text = (
        "The Garment Exporters' Association welcomed the sanctions. "
        "The human rights group Open Door Watch said freezing bank accounts would achieve little."
    )
    assert find(quotes(text), "freezing bank accounts").speaker == "Open Door Watch"


def test_a_participle_clause_between_the_name_and_the_cue(quotes):
    text = (
        "Foreign Minister Tzipi Lev, right, and Secretary of State Dana Rice met on Thursday. "
        '"Carried to its conclusion, it will produce a state," Rice, referring to the talks, said Friday. '
        '"It is within reach," Rice, referring to negotiations in the wake of last year\'s summit on the '
        "peace plan in Annapolis, Maryland, said at a joint news conference with the president."
    )
    found = quotes(text)
    assert find(found, "it will produce a state").speaker == "Dana Rice"
    assert find(found, "It is within reach").speaker == "Dana Rice"


def test_a_day_s_report_is_its_issuer_s_not_the_day_s(quotes):
    text = (
        "The Harbour Safety Board released a report on the ferry on Thursday. "
        '"The crew repeatedly ignored the warnings," Thursday\'s report said.'
    )
    assert find(quotes(text), "ignored the warnings").speaker == "the Harbour Safety Board"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The last time Frank Jordan spoke with his son, Louis Jordan was fishing off the coast. "
            '"I thought I lost you," the relieved father said.',
            "Frank Jordan",
        ),
        (
            'Ann Lee waited at the hospital with her daughter, Mia Lee. "We prayed every night," the grieving '
            "mother said.",
            "Ann Lee",
        ),
    ],
)
def test_the_parent_of_a_child_just_named_is_the_father_or_mother(quotes, text, speaker):
    # "his son, Louis": the story's "the relieved father" is him; a feeling is an epithet, not a role.
    assert find(quotes(text), "I thought I lost you" if "Frank" in text else "We prayed").speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        "“This is the best night of my life!” beamed Ora Denton of Tulsa, Oklahoma, who had waited all day.",
        "“This is the best night of my life!” Ora Denton laughed.",
    ],
)
def test_a_smile_or_a_laugh_tags_a_quote(quotes, text):
    assert find(quotes(text), "best night of my life", "direct").speaker == "Ora Denton"


@pytest.mark.parametrize(
    "sentence",
    [
        "Much of Marsh’s ire was also directed at Colby, who Marsh on Wednesday called “a horrible, despicable "
        "human being.”",
        "Much of Marsh’s ire was also directed at Colby, who Marsh called “a horrible, despicable human being.”",
    ],
)
def test_a_name_right_after_who_is_the_subject_of_the_clause(quotes, sentence):
    # "who Marsh called …" is "whom Marsh called": the pronoun is the one called, the name the caller.
    text = f"Glen Marsh spoke on his radio show. {sentence}"
    assert find(quotes(text), "despicable human being").speaker == "Glen Marsh"


def test_a_relative_clause_on_a_role_after_the_name_before_the_cue(quotes):
    text = (
        "Polls tightened this week.\n\n"
        "“The governor needs a plan for [independent candidate Sam] Ortiz voters,” Lena Fisk, the pollster "
        "who founded pollwatch.com tweeted on Wednesday."
    )
    assert find(quotes(text), "needs a plan for", "direct").speaker == "Lena Fisk"


def test_a_name_before_its_role_speaks_when_the_parser_makes_the_role_the_subject(nlp):
    text = (
        "The candidate toured Tampa in June.\n\n"
        "“She looked me right in the eye and asked what it takes to win here,” Dora Tamsin, the chairwoman "
        "of the county party, recalled of a conversation she had with the candidate at the convention center."
    )
    # As the small model parses such a line in real copy: the role the subject, the name left hanging.
    doc = reparsed(nlp(text), {"Tamsin": ("recalled", "npadvmod"), "chairwoman": ("recalled", "nsubj")})
    assert find(extract_quotes(doc), "looked me right in the eye", "direct").speaker == "Dora Tamsin"


def test_a_participle_after_a_reported_clause_is_the_reporter_s(quotes):
    text = (
        "Al Brandt has stayed quiet this year.\n\n"
        "In a 2014 interview with Harbor Magazine, Brandt insisted it was “premature” to back the mayor "
        "while adding on transit matters, “I don't have any doubt that her heart is in the right place.”"
    )
    assert find(quotes(text), "heart is in the right place", "direct").speaker == "Al Brandt"


def test_a_name_right_before_the_cue_past_a_day_is_its_subject(nlp):
    text = (
        "Much of the host’s ire was also directed at Colby, who Marsh on Wednesday called “a horrible, "
        "despicable human being.” Glen Marsh hosts a radio show."
    )
    # As the small model parses such a line in real copy: the name a clause of its own, the cue one on the
    # man it names; the name before the cue, past "on Wednesday", calls him so.
    changes = {"who": ("Marsh", "nsubj"), "Marsh": ("Colby", "relcl"), "called": ("Colby", "acl")}
    doc = reparsed(nlp(text), changes)
    assert find(extract_quotes(doc), "despicable human being").speaker == "Glen Marsh"


def test_a_body_that_issued_a_statement_speaks_the_quote_only_paragraph_after_it(quotes):
    text = (
        "Party chair Dana Lee resigned on Sunday.\n\n"
        "At Lee's direction, the National Committee issued a statement apologizing to the senator for the "
        "emails.\n\n"
        "“On behalf of everyone at the committee, we want to offer a deep and sincere apology to the senator.”"
    )
    assert find(quotes(text), "deep and sincere apology").speaker == "the National Committee"


def test_phrases_of_a_tirade_the_parser_hangs_on_its_verb_are_the_speaker_s(quotes):
    text = (
        "Governor Ray Rowe spoke in Phoenix.\n\n"
        'Rowe launched into a lament for the "countless families" who are "victims of neglect".'
    )
    found = quotes(text)
    assert find(found, "countless families").speaker == "Ray Rowe"
    assert find(found, "victims of neglect").speaker == "Ray Rowe"


def test_an_op_ed_hammering_someone_s_quoted_words_is_its_author_s(quotes):
    text = (
        "Senators have broken with the mayor.\n\n"
        "Sen. Susan Cole (Maine) joined the group this week, publishing an op-ed in The Daily Ledger "
        "hammering his “unsuitability for office.”"
    )
    assert find(quotes(text), "unsuitability for office").speaker == "Susan Cole"


def test_a_quote_mark_glued_to_the_comma_before_it_still_opens_a_quote(quotes):
    text = (
        "Speaker Paul Rowe spoke on Monday.\n\n"
        "Rowe said,“Look, hateful images have no place in a campaign. Candidates should know that.”"
    )
    assert find(quotes(text), "hateful images have no place", "direct").speaker == "Paul Rowe"


def test_a_name_after_two_titles_joined_by_and_speaks(quotes):
    text = (
        "The vice president campaigned in Ohio.\n\n"
        "“That’s what he did in ’08 and ’12. He’s reprising that role,” said former Pennsylvania Gov. and "
        "National Committee Chairman Ed Rendall. “It’s about turnout.”"
    )
    found = quotes(text)
    assert find(found, "reprising that role").speaker == "Ed Rendall"
    assert find(found, "about turnout").speaker == "Ed Rendall"


@pytest.mark.parametrize(
    "sentence",
    [
        "But at the time, as prosecutor Marc Trevin put it, “there was not much to complain about.”",
        "“There was not much to complain about,” as prosecutor Marc Trevin put it.",
    ],
)
def test_as_someone_put_it_attributes_the_quote(quotes, sentence):
    text = f"Lars Abel first came to the attention of the police in 2011. {sentence}"
    assert find(quotes(text), "not much to complain about").speaker == "Marc Trevin"


def test_that_quote_from_someone_names_the_speaker_after_the_quote(quotes):
    text = (
        '"I\'d rather have a sister in a casino than a brother in the agency." That quote from Alabama '
        "Securities Commissioner Thomas Kress appeared on the front page of The Daily Ledger in 1980."
    )
    assert find(quotes(text), "sister in a casino").speaker == "Thomas Kress"


def test_a_participle_after_a_reported_clause_is_the_writer_s(quotes):
    text = (
        "Agent Gary Byrd served for years.\n\n"
        "Byrd also wrote the agents knew to brace for the eruptions, saying, “They didn’t happen every day, "
        "but behind closed doors we learned about them fast.”"
    )
    assert find(quotes(text), "behind closed doors", "direct").speaker == "Gary Byrd"


def test_a_name_ending_a_sentence_before_a_colon_is_no_round_up_label(quotes):
    text = (
        "Labor Secretary Tom Perry spoke in Ohio.\n\n"
        'Perry hammered Walsh, calling him a "train wreck" and "outsourcer in chief," and contrasted the '
        'candidate, whom he described as "volatile," with Jane Doyle: "What I have seen working with '
        'Secretary Doyle is she is a steady hand."'
    )
    assert find(quotes(text), "steady hand").speaker == "Tom Perry"


def test_the_agent_of_a_passive_ask_is_who_asks(quotes):
    text = (
        "Senator Bernie Sandler appeared on the show on Friday.\n\n"
        "Sandler was asked by host Bill Mahr, who is supporting Sandler, “Now, you famously said you were "
        "tired of hearing about the emails, has the story not moved a little bit?”"
    )
    assert find(quotes(text), "tired of hearing about the emails").speaker == "Bill Mahr"


def test_a_name_after_an_abbreviated_title_speaks(quotes):
    text = (
        "Officials were cautious.\n\n"
        '"I don\'t see how the shooting would cause us to change our operations," said Pentagon spokesman '
        "Navy Capt. Jeff Davies, who was asked about the strategy."
    )
    assert find(quotes(text), "change our operations").speaker == "Jeff Davies"


def test_a_singer_sings_the_quoted_line(quotes):
    text = (
        'In his most famous ballad, Billy Jonas sings, "Don\'t go changing to try and please me." '
        "With the senator, there's not much chance of that."
    )
    assert find(quotes(text), "go changing").speaker == "Billy Jonas"


def test_words_someone_is_blamed_for_not_saying_are_the_blamer_s(quotes):
    text = (
        "Governor Ray Rowe, while being interviewed on the radio Monday morning, called again for President "
        "Alan Hart to resign for not calling the nightclub attack an act of “radical terrorism.”"
    )
    assert find(quotes(text), "radical terrorism").speaker == "Ray Rowe"


def test_a_clause_reported_before_an_aside_cue_and_a_subordinate_clause(quotes):
    text = (
        "“Shoppers could face higher prices,” said Harriet Kemble, the regulator's director of mergers.\n\n"
        "The board has until March 14 to reach a decision, Kemble said, although the inquiry could be "
        "extended by up to eight weeks."
    )
    record = find(quotes(text), "until March 14")
    assert (record.speaker, record.kind) == ("Harriet Kemble", "indirect")
    assert "although" not in record.quote


def test_a_wh_word_before_a_colon_is_not_the_speaker(quotes):
    text = (
        "The mayor posted a photo of himself at a bus stop.\n\n"
        "Former governor Jeb Hollis broke down exactly what was wrong with the photo to the Daily Ledger: "
        "“What the mayor did was so careless. First, not all buses are late.”"
    )
    assert find(quotes(text), "so careless").speaker == "Jeb Hollis"


def test_a_name_after_a_relative_clause_on_the_subject_is_in_apposition(quotes):
    text = (
        "I was in the newsroom when the story broke.\n\n"
        "The producer I was talking to, Lena Marsh, interrupted me in mid-sentence to announce, "
        "“And… there goes the season.”"
    )
    assert find(quotes(text), "there goes the season").speaker == "Lena Marsh"


def test_a_role_is_not_a_person_the_article_names_only_much_later(quotes):
    text = (
        "The report urged the party to reach out to new voters.\n\n"
        "One of its authors, Ari Feld, said the nomination would test its conclusions. “Certainly the "
        "nominee has gone in the opposite direction from what we recommended,” said the former top aide "
        "to Governor Tom Bright.\n\n"
        "The shift began decades ago.\n\n"
        "The party changed its strategy in the years after the war.\n\n"
        "Its candidates won the South for the first time.\n\n"
        "They kept it for a generation.\n\n"
        "It was, in what aide Kevin Platt called “the beginning of a new era,” a bet on the suburbs."
    )
    # Named five paragraphs on, the one aide is someone else; the description stands for the speaker.
    assert find(quotes(text), "opposite direction").speaker == "the former top aide to Governor Tom Bright"


def test_a_participle_on_a_cue_in_a_reported_clause_is_that_cue_s_speaker(quotes):
    text = (
        "The inquiry into the mayor's emails closed on Friday.\n\n"
        "Director James Colby cannot say that “from his perspective,” Corey Lansdale added, saying it should "
        "be “up to the prosecutor to move forward or not.”"
    )
    assert find(quotes(text), "up to the prosecutor").speaker == "Corey Lansdale"


def test_a_verb_of_saying_on_a_thing_does_not_tag_the_quote(quotes):
    text = (
        "The court asked the agency to say what it would do.\n\n"
        '"If the agency obtains additional department records, it intends to search them for records" that '
        "would respond to requests from the Freedom League, Justice Department counsel Carla Ventry wrote "
        "in a court filing."
    )
    assert find(quotes(text), "intends to search them").speaker == "Carla Ventry"


def test_a_lede_s_role_is_the_person_named_a_few_paragraphs_on(quotes):
    text = (
        "Talks over the canal collapsed on Wednesday, with Norland's foreign minister accusing her "
        'neighbour of "negotiating in bad faith".\n\n'
        "The two sides had met for three days.\n\n"
        '"We came with a compromise and we leave with nothing," Norlandic Foreign Minister Ilse Varga told '
        "reporters."
    )
    assert find(quotes(text), "negotiating in bad faith").speaker == "Ilse Varga"


def test_a_quote_inside_a_quote_in_straight_marks_keeps_the_outer_quote_whole(quotes):
    text = (
        'At one point on Sunday, Governor Ray Rowe tweeted, "Reporting that the gunman shouted "Long live '
        'the cause!" as he fired at the crowd." The post was later deleted.'
    )
    assert find(quotes(text), "as he fired at the crowd").speaker == "Ray Rowe"


def test_words_a_verb_of_saying_denies_are_not_its_subject_s(quotes):
    text = (
        "Senator Dan Holt, while being interviewed on Fox and Friends Monday morning, called again for "
        "President Alan Hart to resign for not calling the Orlando nightclub attack an act of “radical "
        "Islamic terrorism.” Holt said the country faced a serious problem."
    )
    assert find(quotes(text), "radical Islamic terrorism").speaker == "Dan Holt"


def test_a_not_inside_the_quote_does_not_deny_the_cue(nlp):
    text = (
        "Lena Moore, a party organiser, watched volunteers fan out across the state on Saturday.\n\n"
        '"Are we where we need to be? Probably not," Ms. Moore said. "Will we get there? Absolutely."'
    )
    # As the small model parses such a line in real copy: the quote's "not" negates "said".
    from index.quotes.cues import find_cues
    from index.quotes.page import read_page
    from index.quotes.people import collect_people

    page = read_page(reparsed(nlp(text), {"not": ("said", "neg")}))
    # The clause touching the quote names its speaker (other rules might find her too: this one must).
    assert find_cues(page, collect_people(page)).own[0].text == "Moore"


def test_a_video_someone_released_speaks_for_them(quotes):
    text = (
        "The attorney general sued the seminar business on Monday.\n\n"
        'In selling the courses, Tom Brandt released a marketing video that said, "We are going to have '
        'teachers that are absolutely terrific, and these are all people who are handpicked by me."'
    )
    assert find(quotes(text), "absolutely terrific").speaker == "Tom Brandt"


def test_a_phrase_in_what_someone_laments_is_theirs(quotes):
    text = (
        "The anchor spoke at a conference in Miami.\n\n"
        "Luis Arenas lamented that the “danger” came from the candidate's ability to ride public anger while "
        "“allowing resentments that many thought long gone to surface.”"
    )
    assert find(quotes(text), "allowing resentments").speaker == "Luis Arenas"


def test_words_one_chides_another_with_are_the_chider_s(quotes):
    text = (
        "Senator Ada Quinn famously clashed with Senator Tom Vale at the hearing, chiding him, “What "
        "difference at this point does it make?” when questioned about the attack."
    )
    assert find(quotes(text), "What difference").speaker == "Ada Quinn"


def test_a_name_after_a_two_part_rank_speaks(quotes):
    text = (
        "Soldiers at the base watched the debate.\n\n"
        "“I really don’t understand how a better candidate didn’t jump into the race,” said Air Force 1st "
        "Lt. Tyler Brandow. “I was hoping we’d see something else.”"
    )
    found = quotes(text)
    assert find(found, "better candidate").speaker == "Tyler Brandow"
    assert find(found, "something else").speaker == "Tyler Brandow"


def test_a_phrase_under_a_verb_done_in_a_statement_is_the_subject_s(quotes):
    text = (
        "Dora Wilde, the chairwoman of the state party, is backing the senator and in a statement credited "
        "him for “an exciting and inspiring campaign.”"
    )
    assert find(quotes(text), "exciting and inspiring").speaker == "Dora Wilde"


def test_according_to_after_a_speaker_s_own_verb_names_the_channel_not_the_speaker(quotes):
    text = (
        "Opposition leader Marta Kovalenko spoke to the crowd on Saturday.\n\n"
        "She claimed that the premier is “selling out” the port, has “openly given away the harbour and "
        "everything around it,” according to a transcript posted on her website.\n\n"
        "The mayor’s spokesman, Daniel Porter, described the protest as “a small and noisy show,” according to "
        "local media reports."
    )
    found = quotes(text)
    assert find(found, "openly given away the harbour", "direct").speaker == "Marta Kovalenko"
    assert find(found, "small and noisy show", "direct").speaker == "Daniel Porter"


def test_according_to_still_speaks_for_words_no_verb_of_saying_governs(quotes):
    text = (
        "The young pianist left the city in 1961 and “soared out of the provinces on sheer nerve,” according "
        "to director Lena Ostrova, whose 2009 film “Keys: A Life” paints a sympathetic picture of him."
    )
    assert find(quotes(text), "soared out of the provinces").speaker == "Lena Ostrova"


def test_a_name_ner_calls_an_organisation_with_a_role_in_apposition_is_a_person(nlp):
    text = (
        "Greek banks are under strain, analysts said on Friday.\n\n"
        "Paola Subretti, research director in international economics at the London-based Halden House "
        "think tank, said a firewall must be put in place. Such a firewall would include flexible credit, "
        "she said. “The priority now is to focus on the rest of Europe,” she said."
    )
    doc = nlp(text)
    # On real copy the small model tags such a name ORG (the think tank's name nearby); pin that here.
    name = doc.char_span(text.index("Paola"), text.index(", research"))
    others = [e for e in doc.ents if e.end <= name.start or e.start >= name.end]
    doc.ents = [*others, Span(doc, name.start, name.end, "ORG")]
    found = extract_quotes(doc)
    assert find(found, "focus on the rest of Europe").speaker == "Paola Subretti"
    assert find(found, "a firewall must be put in place").speaker_type == "person"


def test_a_verb_of_saying_with_an_infinitive_of_its_own_is_not_saying(quotes):
    text = (
        "In a statement released after the governor quit the race, Ted Carver said he’s certain Maria Ruiz "
        "will continue to be “a champion for the small towns of this state.”"
    )
    assert find(quotes(text), "a champion for the small towns", "direct").speaker == "Ted Carver"


def test_a_reaction_set_off_by_a_comma_tags_the_quote(quotes):
    text = (
        "Lena Marsh, the agency’s director, reacted skeptically to the deal, “I am concerned about any "
        "agreement that involves blanket returns.” She demands safeguards."
    )
    assert find(quotes(text), "blanket returns").speaker == "Lena Marsh"


def test_words_someone_expressed_a_wish_to_say_are_theirs(quotes):
    text = (
        "In a clip that Judge Paul Tran called “distasteful,” Rick Sandoval expressed a desire to “try, "
        "convict and jail the governor by dawn.”"
    )
    assert find(quotes(text), "convict and jail the governor").speaker == "Rick Sandoval"


def test_a_point_inside_a_party_label_does_not_end_the_sentence_before_a_quote(quotes):
    text = (
        "On the other side, Sen. Ted Ward (R-Tex.), a candidate who has made liberty a centerpiece of his "
        "campaign, tweeted a warning. “Remember in November the Democrats who filibustered for hours.”"
    )
    assert find(quotes(text), "Remember in November").speaker == "Ted Ward"


def test_a_name_before_a_long_apposition_and_the_cue_speaks(nlp):
    text = (
        "“Very good reporter, very good reporter this guy,” Carver, the party’s frontrunner nationally and "
        "current polling leader in Ohio by a wide margin after winning the Iowa caucuses, said when Boyle asked "
        "him a question.\n\n"
        "Businessman Hal Carver leads the polls."
    )
    # On real copy the parser hangs the name on the quote's last noun and leaves "said" without a subject.
    doc = reparsed(nlp(text), {"Carver": ("reporter", "appos")})
    assert find(extract_quotes(doc), "Very good reporter").speaker == "Hal Carver"


def test_a_participle_after_a_comma_on_an_object_shares_the_subject(quotes):
    text = (
        "Continuing to explain his view, Ben Okafor rejected the notion that the episode should be forgotten, "
        "saying that if he “found something that was rotten and that I didn't agree with, I would fix it.”"
    )
    assert find(quotes(text), "found something that was rotten", "direct").speaker == "Ben Okafor"


def test_a_text_sent_out_by_someone_speaks_for_them(quotes):
    text = (
        "In addition, a fundraising email sent out by Dana Whitfield on Tuesday night warned of the fight "
        "ahead: “There are 14 primaries over the next three weeks, and our victory will prompt a response.”"
    )
    assert find(quotes(text), "14 primaries").speaker == "Dana Whitfield"


@pytest.mark.parametrize(
    "text, fragment, speaker",
    [
        (
            "Front-runner Dana Whitfield is questioning whether the governor would have attended the funeral "
            "“if it were held in a mosque.”",
            "held in a mosque",
            "Dana Whitfield",
        ),
        (
            "Ben Okafor also bemoaned the political climate in which people “literally hate each other” because "
            "they differ.",
            "literally hate each other",
            "Ben Okafor",
        ),
    ],
)
def test_a_phrase_under_a_verb_of_questioning_or_lamenting_is_the_subject_s(quotes, text, fragment, speaker):
    assert find(quotes(text), fragment).speaker == speaker


def test_a_comma_before_a_quoted_sentence_hands_it_to_the_main_clause_s_person(quotes):
    text = (
        "Earlier this week, Dana Whitfield shared a bit of her anxiety with an audience at a fundraiser in the "
        "Hamptons, “I do not know which Hal Carver will show up. Maybe he'll try to be presidential.”"
    )
    assert find(quotes(text), "which Hal Carver will show up").speaker == "Dana Whitfield"


def test_a_headline_a_dash_and_a_name_label_a_round_up_quote(quotes):
    text = (
        "The polls were wrong again, analysts said.\n\n"
        "Pollsters agree - Carl Benton: “One of the biggest lessons was a simple one: keep on contacting "
        "voters as late as possible.”"
    )
    assert find(quotes(text), "biggest lessons").speaker == "Carl Benton"


def test_a_participle_after_a_comma_inside_the_closing_mark_shares_the_reporting_subject(quotes):
    text = (
        "Dana Whitfield spoke to a radio host on Monday.\n\n"
        "To wit, Whitfield told the host that Tom Reyes “had a crazy plan which was doomed,” adding, “He lost "
        "every county in the state.”"
    )
    found = quotes(text)
    assert find(found, "crazy plan", "direct").speaker == "Dana Whitfield"
    assert find(found, "He lost every county").speaker == "Dana Whitfield"


def test_a_hashtag_is_not_a_person_a_pronoun_could_mean(nlp):
    text = (
        "Former adviser Dan Pfeiffer has not held back.\n\n"
        "“Kind of bewildering as to why her folks are laying out the debate strategy a week out. #Justdoit,” he "
        "wrote last October."
    )
    doc = nlp(text)
    # The small model tags the word after "#" as a person on real copy; pin that here.
    tag = doc.char_span(text.index("Justdoit"), text.index("Justdoit") + len("Justdoit"))
    others = [e for e in doc.ents if e.end <= tag.start or e.start >= tag.end]
    doc.ents = [*others, Span(doc, tag.start, tag.end, "PERSON")]
    assert find(extract_quotes(doc), "Kind of bewildering").speaker == "Dan Pfeiffer"


def test_a_quote_only_paragraph_after_a_bracketed_aside_keeps_the_voice_before_the_aside(quotes):
    text = (
        "Dana Whitfield also spoke about the case currently before the Supreme Court, which challenges a "
        "Texas law. (The law requires that doctors have admitting privileges at local hospitals.)\n\n"
        "“Roe v. Wade is the law of the land. But I believe very firmly that it’s not a right if you can’t "
        "access it.”"
    )
    assert find(quotes(text), "law of the land").speaker == "Dana Whitfield"


@pytest.mark.parametrize(
    "text, fragment",
    [
        (
            "Ben Okafor credited the governor's victory to “a closed primary, something I am not all that "
            "enthusiastic about.”",
            "a closed primary",
        ),
        (
            "Dr. Ben Okafor pondered who, without the champion, might “testify for our innocence in this "
            "season of witch hunting.”",
            "testify for our innocence",
        ),
    ],
)
def test_a_phrase_one_credits_or_ponders_is_theirs(quotes, text, fragment):
    assert find(quotes(text), fragment).speaker == "Ben Okafor"


@pytest.mark.parametrize(
    "text, fragment",
    [
        (
            "On Monday, Ben Okafor groused to a crowd that the paper “never treats me fairly” and left.",
            "never",
        ),
        (
            "Ben Okafor sniped that Tom Reyes was “learning on the job,” while others kept quiet.",
            "learning on",
        ),
        ("“What was the turning point that changed him so much?” Ben Okafor questioned.", "turning point"),
        (
            "Ben Okafor has boasted of his willingness to spend “whatever it takes” from his own fortune.",
            "whatever",
        ),
        ("“Listen to the lessons of history,” the preacher Ben Okafor lectured.", "lessons of history"),
    ],
)
def test_grousing_sniping_questioning_boasting_and_lecturing_are_saying(quotes, text, fragment):
    assert find(quotes(text), fragment).speaker == "Ben Okafor"


def test_a_phrase_under_an_ad_someone_released_is_theirs(quotes):
    text = (
        "After the floods, Dana Whitfield released a new radio ad calling it “reckless” that the mayor “has no "
        "plan to fix the levees.”"
    )
    assert find(quotes(text), "no plan to fix").speaker == "Dana Whitfield"


def test_a_quoted_adjective_after_the_object_of_calling_is_the_caller_s(quotes):
    text = (
        "In a statement Tuesday, Watch Group President Ben Okafor called Tom Reyes's assertion of a “claim of "
        "right” over his emails “significant and disturbing.”"
    )
    assert find(quotes(text), "significant and disturbing").speaker == "Ben Okafor"


def test_a_verb_of_saying_set_off_in_the_clause_speaks_its_phrases_not_a_verb_in_brackets(quotes):
    text = (
        "The paradox of Nancy, says Carl Benton, historian at the National Library, is that she was “one of "
        "the most powerful first ladies in the post-war era,” not for her policy influence (think Eleanor "
        "Roosevelt) but for her “personal influence closely monitoring access to the president.”"
    )
    found = quotes(text)
    assert find(found, "most powerful first ladies", "direct").speaker == "Carl Benton"
    assert find(found, "personal influence closely", "direct").speaker == "Carl Benton"


def test_a_description_known_as_a_name_is_that_person(quotes):
    text = (
        "“There never was a stand-down order,” said the base chief known as Bob, speaking publicly for the "
        "first time."
    )
    assert find(quotes(text), "stand-down order").speaker == "Bob"


def test_a_dash_before_a_quoted_sentence_hands_it_to_the_main_clause_s_person(quotes):
    text = (
        "Hal Carver also embraced harsh interrogation techniques -- “I think waterboarding is peanuts "
        "compared to what they would do to us.”"
    )
    assert find(quotes(text), "waterboarding is peanuts").speaker == "Hal Carver"


def test_an_opening_mark_set_where_a_quote_closes_closes_it(quotes):
    text = (
        '"It is unusual,“ said Carl Benton, an attorney with the Campaign Center. "It is a hard thing to do '
        'and pull off without stepping over one line or another."'
    )
    found = quotes(text)
    assert find(found, "It is unusual").speaker == "Carl Benton"
    assert find(found, "a hard thing to do").speaker == "Carl Benton"


def test_the_next_quote_keeps_the_main_clause_s_speaker_not_a_subordinate_clause_s(quotes):
    text = (
        "“They are not terminable at will,” company spokesman Carl Benton told the Journal in July, after "
        "Mayor Hal Carver stated an interest in ending business with the firm. “These contracts are fully "
        "binding.”"
    )
    assert find(quotes(text), "fully binding").speaker == "Carl Benton"


def test_a_clause_between_two_quotes_introducing_the_next_does_not_tag_the_first(quotes):
    text = (
        "Dana Whitfield responds to Ben Okafor with, “Why now? That was on my way to Lagos?” Okafor then "
        "writes back, “You look great.”"
    )
    found = quotes(text)
    assert find(found, "Why now").speaker == "Dana Whitfield"
    assert find(found, "You look great").speaker == "Ben Okafor"


def test_a_narrative_she_means_the_sentence_s_name_not_one_named_only_in_a_quote(nlp):
    text = (
        "“There are no excuses,” Sen. Hal Carver said. “The governor knew about the lead. Gov. Tom Reyes "
        "should resign.”\n\n"
        "Dana Whitfield, the activist and lawyer, endorsed Carver’s approach Saturday, saying she had not yet "
        "called for the governor’s resignation because she believed “we need to focus all of our energy on "
        "helping the people of the city.”"
    )
    # On real copy the tagger reads "endorsed" as an adjective, leaving the name as a verbless root.
    changes = {
        "endorsed": ("approach", "amod"),
        "approach": ("Whitfield", "appos"),
        "Whitfield": ("Whitfield", "ROOT"),
    }
    doc = reparsed(nlp(text), changes)
    assert find(extract_quotes(doc), "focus all of our energy").speaker == "Dana Whitfield"


def test_the_name_an_inverted_cue_opens_on_speaks_when_the_parser_gives_it_to_a_participle(nlp):
    text = (
        "“I am not going to say it is a mistake, so forget about it,” said retired surgeon Hal Carver, asked "
        "about his claims that he had received an offer from the academy, when he had not applied."
    )
    # On real copy the parser makes the name the subject of "asked" and leaves "said" without one; there
    # textacy (a hint only, which gives up on an odd count of quotation marks) found no speaker either.
    doc = reparsed(nlp(text), {"Carver": ("asked", "nsubj"), "asked": ("said", "ccomp")})
    page = read_page(doc)
    reg = collect_people(page).registry
    head, _ = own_attribution(page, reg, 0)
    assert head is not None and reg.persons[reg.mention_of[head.i]].name == "Hal Carver"


def test_a_transcript_label_glued_to_its_quote_names_the_speaker(quotes):
    text = (
        "The exchange went on into the evening.\n\n"
        'Rep. Hal Carver (R-S.C.):"I have not heard anyone other than you ever cite that figure. Who told '
        'you that?"\n\n'
        'Former secretary of state Dana Whitfield:"We learned that from the department and its analysis."'
    )
    found = quotes(text)
    # The abbreviated title is a title, not part of the name.
    assert find(found, "ever cite that figure").speaker == "Hal Carver"
    assert find(found, "We learned that").speaker == "Dana Whitfield"


def test_a_passive_subject_with_a_name_in_apposition_speaks_after_a_colon(nlp):
    text = (
        "Before the speech in the video, the extremist preacher Ben Okafor, who was killed in 2011, is shown "
        "lecturing: “Muslims of the West, take heed and learn from the lessons of history.”"
    )
    # On real copy the parser makes the participle the object of "shown", whose subject is the role noun.
    changes = {
        "preacher": ("shown", "nsubjpass"),
        "Okafor": ("preacher", "appos"),
        "lecturing": ("shown", "dobj"),
    }
    doc = reparsed(nlp(text), changes)
    page = read_page(doc)
    reg = collect_people(page).registry
    head, _ = own_attribution(page, reg, 0)
    # The passive subject is the speaker's head; its apposition resolves it to the person.
    assert head is not None and head.text == "preacher"
    names = [reg.persons[reg.mention_of[a.i]].name for a in head.children if a.dep_ == "appos"]
    assert names == ["Ben Okafor"]


def test_an_abbreviated_title_in_a_label_is_not_part_of_the_name(quotes):
    text = 'The hearing went on.\n\nSen. Hal Carver: "Who told you that?"\n\n"We will see," Carver said.'
    found = quotes(text)
    assert find(found, "Who told you").speaker == "Hal Carver"
    assert find(found, "We will see").speaker == "Hal Carver"


def test_a_participle_on_the_content_clause_of_an_object_shares_the_verb_s_subject(nlp):
    text = (
        "Reached by phone, Ben Okafor denied the notion that a campaign shakeup is coming, explaining that he "
        "was unaware of the interview because he was “taking a day off.”"
    )
    # On real copy the parser hangs "explaining" on "coming", the clause that says what the notion holds.
    doc = reparsed(nlp(text), {"explaining": ("coming", "advcl"), "coming": ("notion", "acl")})
    page = read_page(doc)
    reg = collect_people(page).registry
    head = subject_of(page, reg, next(t for t in doc if t.text == "explaining"))
    pid = reg.mention_of.get(head.i) if head is not None else None
    assert pid is not None and reg.persons[pid].name == "Ben Okafor"


def test_a_quote_after_a_possessed_speech_noun_is_its_owner_s_not_a_later_cue_s(quotes):
    text = (
        "“I am not telling you he did not deserve it, but that is not who I am,” Ben Okafor said to the host.\n\n"
        "As the debate went on and Dana Whitfield stood by her comment Monday that “Islam hates us,” refusing "
        "to acknowledge that not all Muslims hate the U.S., Okafor again tried to rebuke the front-runner."
    )
    assert find(quotes(text), "Islam hates us").speaker == "Dana Whitfield"


def test_a_name_parsed_as_a_compound_on_the_verb_after_it_is_its_subject(nlp):
    text = "When a man in the crowd shouted, “Lee,” Dana Whitfield joked, again using a thick Texas drawl, “Amen, brother!”"
    # On real copy the parser makes the name a compound of "joked" and "joked" a clause of "shouted".
    doc = reparsed(nlp(text), {"Whitfield": ("joked", "compound"), "joked": ("shouted", "xcomp")})
    page = read_page(doc)
    reg = collect_people(page).registry
    head = subject_of(page, reg, next(t for t in doc if t.text == "joked"))
    assert head is not None and head.text == "Whitfield"


def test_a_person_a_thing_acts_on_before_a_colon_speaks_the_quote(quotes):
    text = (
        "The timing of the surge does not surprise the veteran pollster Dana Whitfield: “Lesser-known "
        "candidates who win early contests have always seen the biggest boost.”"
    )
    assert find(quotes(text), "biggest boost").speaker == "Dana Whitfield"


def test_a_title_is_the_words_of_whoever_put_the_text_out(quotes):
    text = (
        "Both campaigns are showing signs of irritation. On Monday night, campaign manager Dana Whitfield "
        "released a memo titled “The Facts on Where the Race Stands.”\n\n"
        "Fans were thrilled with the editorial, entitled “Ben Okafor Is Not a Brave Truth-Teller at All,” "
        "when it was posted."
    )
    found = quotes(text)
    assert find(found, "The Facts on Where").speaker == "Dana Whitfield"
    # Being pleased with a text makes nobody its author.
    assert not [q for q in found if "Truth-Teller" in q.quote]


def test_a_capitalised_newspaper_name_is_not_a_document_pointing_back(quotes):
    text = (
        "Ben Okafor unloaded on the Post at a breakfast in Des Moines. “Check where the geniuses on the "
        "editorial page were,” he said. “The Post may think I am radical. I am not.”\n\n"
        "That only escalated the fight. The Post responded with a second critical piece, entitled “Okafor’s "
        "ideas are not too bold. They are too facile.”"
    )
    assert find(quotes(text), "too facile").speaker == "the Post"


def test_a_speaker_in_a_relative_clause_does_not_take_over_from_the_main_subject(quotes):
    text = (
        "Dana Whitfield, a pollster, said the party’s delegates may switch sides.\n\n"
        "Whitfield elaborated in an editorial piece for the Tribune that delegates currently pledged to "
        "Okafor may reconsider.\n\n"
        "“A win in the west would powerfully underscore his weakness as a candidate in the general election.”"
    )
    assert find(quotes(text), "A win in the west").speaker == "Dana Whitfield"


def test_a_quote_after_a_verbless_scene_setting_lead_in_keeps_the_previous_voice(quotes):
    text = (
        'Okafor has changed his mind on the war. For example: "We made a terrible mistake getting involved in '
        'the first place," Okafor told a radio host in October.\n\n'
        'Then, later that month on a morning show: "I have never said we made a mistake going into that war."'
    )
    assert find(quotes(text), "I have never said").speaker == "Okafor"


def test_what_a_possessed_speech_noun_is_said_to_be_is_its_owner_s_words(quotes):
    text = "12:05 a.m.\n\nDana Whitfield’s campaign slogan is “I’m with you.” But now she wants voters to know more."
    assert find(quotes(text), "with you").speaker == "Dana Whitfield"


def test_a_quoted_complement_of_proclaim_is_the_subject_s_phrase(quotes):
    text = (
        "While Ben Okafor proclaims the report a “terrific piece and well worth the trip to produce,” "
        "Dana Whitfield fixates on one line."
    )
    assert find(quotes(text), "terrific piece").speaker == "Ben Okafor"


def test_a_possessed_speech_noun_before_the_words_outranks_a_cue_after_them(quotes):
    text = (
        "“I am not telling you he did not deserve it, but that is not who I am,” Okafor said to the host.\n\n"
        'As the debate progressed and Whitfield stood by her comment Monday that "Islam hates us," refusing to '
        "acknowledge that not all Muslims hate the U.S., Okafor again tried to rebuke the front-runner, but in a "
        "calm manner."
    )
    assert find(quotes(text), "Islam hates us").speaker == "Whitfield"


def test_a_cue_parsed_as_a_clause_on_the_root_name_has_that_name_for_subject(nlp):
    text = "“Not us, but we cannot argue with it!” Dana Whitfield, the head of Right to Rise USA, tweeted on Friday."
    # The parser makes the name the sentence's root and "tweeted" a clause on it; on real copy it also
    # hangs the group's name on the role, where it stands right before the cue.
    changes = {"Whitfield": ("Whitfield", "ROOT"), "tweeted": ("Whitfield", "acl"), "USA": ("head", "appos")}
    doc = reparsed(nlp(text), changes)
    page = read_page(doc)
    reg = collect_people(page).registry
    head = subject_of(page, reg, next(t for t in doc if t.text == "tweeted"), page.region(41, len(text)))
    assert head is not None and head.text == "Whitfield"


def test_a_phrase_in_a_that_clause_on_a_noun_belongs_to_the_verb_of_saying_above(nlp):
    text = "On Monday, Dana Whitfield reiterated the administration’s stance that “all options” must be kept “on the table.”"
    # On real copy the parser hangs the clause on the noun, with the options as its passive subject.
    doc = reparsed(nlp(text), {"kept": ("stance", "acl"), "options": ("kept", "nsubjpass")})
    page = read_page(doc)
    reg = collect_people(page).registry
    k = next(n for n, s in enumerate(page.segs) if text[s.start : s.end].startswith("on the table"))
    found = phrase_speaker(page, reg, k)
    assert found is not None and found.head.text == "Whitfield"


def test_a_two_word_tag_of_speech_speaks_the_phrases_of_its_clause(quotes):
    text = (
        "Democrats and Republicans traded harsh words on the House floor. But Rep. Ben Okafor, a Texas "
        "Republican, shot back that the Democrats’ bill is a “sham.”"
    )
    assert find(quotes(text), "sham").speaker == "Ben Okafor"


def test_a_curly_pair_inside_a_straight_quote_run_on_across_paragraphs_is_nested(quotes):
    text = (
        "Dana Whitfield stated:\n\n"
        '"The department isn’t about “Justice for All” anymore. It is about one man’s vision.\n\n'
        '"The latest example is the lawsuit over the “Bathroom Bill,” which lets owners decide.\n\n'
        '"The Senate was supposed to guard the states. I will stop them at the door."'
    )
    found = quotes(text)
    for words in (
        "The department isn’t about “Justice for All” anymore",
        "The latest example",
        "guard the states",
    ):
        assert find(found, words).speaker == "Dana Whitfield"
    assert {q.speaker for q in found} == {"Dana Whitfield"}


def test_an_inverted_said_opening_the_sentence_is_not_part_of_the_name(quotes):
    found = quotes("Said Dana Whitfield: “We will fight this ruling to the end.”")
    assert find(found, "fight this ruling").speaker == "Dana Whitfield"


def test_in_someone_s_words_hands_the_quote_to_them(quotes):
    assert (
        find(quotes("In Dana Whitfield’s words, “We will fight this ruling.”"), "fight").speaker
        == "Dana Whitfield"
    )
    text = "In the words of Dana Whitfield, “we will fight this ruling to the end.”"
    assert find(quotes(text), "fight").speaker == "Dana Whitfield"


def test_the_owner_of_a_reply_before_a_colon_speaks(quotes):
    text = "Dana Whitfield’s reply was swift: “We will fight this ruling to the end.”"
    assert find(quotes(text), "fight this ruling").speaker == "Dana Whitfield"


def test_a_text_reads_as_its_words_and_a_reader_is_no_cue(quotes):
    text = (
        "The campaign of Dana Whitfield issued a statement on Friday. Ben Okafor, her rival, left the stage "
        "early. “We will fight this ruling to the end,” the statement read."
    )
    assert "Whitfield" in find(quotes(text), "fight this ruling").speaker


def test_a_party_epithet_names_the_person_the_article_described_so(quotes):
    quote = "“We will fight this ruling to the end,” the Democrat said."
    text = f"Dana Whitfield, the Ohio Democrat, spoke first. Ben Okafor followed.\n\n{quote}"
    assert find(quotes(text), "fight this ruling").speaker == "Dana Whitfield"
    text = f"Ohio Democrat Dana Whitfield spoke first. Ben Okafor spoke next.\n\n{quote}"
    assert find(quotes(text), "fight this ruling").speaker == "Dana Whitfield"


def test_the_place_a_title_holder_is_of_describes_them(quotes):
    text = (
        "Sen. Dana Whitfield of Vermont spoke first. Ben Okafor followed.\n\n"
        "“We will fight this ruling to the end,” the Vermont senator said."
    )
    assert find(quotes(text), "fight this ruling").speaker == "Dana Whitfield"


def test_the_one_asked_is_the_one_who_replies(quotes):
    text = "“Will you appeal?” Ben Okafor asked Dana Whitfield.\n\n“We will fight this ruling to the end,” she replied."
    assert find(quotes(text), "fight this ruling").speaker == "Dana Whitfield"


def test_a_name_in_apposition_to_another_person_s_name_names_the_role_before(quotes):
    text = (
        "“We will fight this ruling to the end,” a spokeswoman for Whitfield, Maria Lopez, said in an email."
    )
    assert find(quotes(text), "fight this ruling").speaker == "Maria Lopez"


def test_the_one_told_something_is_the_one_who_replies(quotes):
    text = "Ben Okafor told Dana Whitfield: “We will fight this ruling.” She replied: “We may lose.”"
    assert find(quotes(text), "We may lose").speaker == "Dana Whitfield"


def test_thanking_puts_words_on_its_object(quotes):
    found = quotes("Dana Whitfield thanked her supporters for “an incredible night in Ohio.”")
    assert find(found, "an incredible night").speaker == "Dana Whitfield"


def test_a_country_s_title_before_a_name_is_their_role(quotes):
    text = (
        "Iranian President Hamid Rostami greets Iraq's Prime Minister Karim al-Jabiri on Sunday. \"Iraq today "
        'does not present any threat," al-Jabiri told Rostami during a meeting. Earlier, the state news agency '
        'quoted the Iraqi leader as saying that "Baghdad would not allow its soil to be used as a base for attacks."'
    )
    assert find(quotes(text), "Baghdad would not").speaker == "Karim al-Jabiri"


def test_a_capitalised_title_a_name_stands_in_apposition_to_is_their_role(nlp):
    text = "Iranian President Hamid Rostami greets Iraq's Prime Minister Karim al-Jabiri on Sunday."
    # On real copy the parser takes "greets" for a noun and hangs the name on the title as an apposition.
    changes = {"greets": ("greets", "ROOT"), "Minister": ("greets", "appos"), "Jabiri": ("Minister", "appos")}
    page = read_page(reparsed(nlp(text), changes))
    person = next(p for p in collect_people(page).registry.persons if p.name == "Karim al-Jabiri")
    assert {"prime", "minister"} <= person.role_vocab


def test_a_telling_reported_after_the_quote_with_no_words_of_its_own_speaks_it(quotes):
    found = quotes("“We will fight this ruling to the end,” Whitfield said Okafor told her.")
    assert find(found, "fight this ruling").speaker == "Okafor"
    found = quotes("“We will fight this ruling to the end,” Whitfield recalled Okafor saying.")
    assert find(found, "fight this ruling").speaker == "Okafor"
    # A time clause is no telling of the words: "as Okafor spoke".
    found = quotes("“We will fight this ruling to the end,” Whitfield said as Okafor spoke.")
    assert find(found, "fight this ruling").speaker == "Whitfield"


def test_a_name_written_before_a_text_s_noun_says_whose_text_it_is(quotes):
    found = quotes("A Whitfield campaign ad says: “We will fight this ruling to the end.”")
    assert find(found, "fight this ruling").speaker == "Whitfield"
    found = quotes("“We will fight this ruling to the end,” reads a Whitfield campaign ad.")
    assert find(found, "fight this ruling").speaker == "Whitfield"


def test_a_name_given_in_the_passive_is_nobody_s_words(quotes):
    # "referred to X as “Little Ben”" is the speaker's label (the checklist); "known as" has no speaker.
    found = quotes("Dana Whitfield, known as “The Hammer” in the state senate, won the primary.")
    assert not [q for q in found if "Hammer" in q.quote]


def test_a_person_reading_a_text_aloud_is_the_one_who_speaks(quotes):
    found = quotes("Dana Whitfield read the statement aloud: “We will fight this ruling to the end.”")
    assert find(found, "fight this ruling").speaker == "Dana Whitfield"


def test_an_age_an_article_gives_a_person_is_kept_with_them(nlp):
    text = "Ben Okafor, 69, spoke first. Dana Whitfield, a 52-year-old lawyer, followed. 70-year-old Ann Lee left."
    people = collect_people(read_page(nlp(text))).registry.persons
    assert {p.name: p.ages for p in people} == {"Ben Okafor": {69}, "Dana Whitfield": {52}, "Ann Lee": {70}}


def test_a_given_name_suggests_a_gender_the_article_s_pronouns_can_overrule(nlp):
    def gender(text: str) -> str | None:
        people = collect_people(read_page(nlp(text))).registry.persons
        return next(p.gender for p in people if p.surname == "lopez")

    assert gender("Maria Lopez met John Carter on Monday.") == "f"
    assert gender("Maria Lopez said he would run again. Lopez said he had the votes.") == "m"


def test_a_rate_is_no_source(quotes):
    # "per" after a quote reads as "according to" only when a name or a body follows, set off by a comma.
    found = quotes("Drivers said gas costs “more than ever” at $4 per gallon.")
    assert find(found, "more than ever").speaker == "Drivers"


def test_a_surname_ner_left_out_of_a_name_is_part_of_it(quotes):
    # The small model ends the person at a first name it knows and leaves the surname untagged.
    found = quotes("Judge Catherine Vu sentenced Hensley to seven years. “The harm was real,” she said.")
    assert find(found, "The harm was real").speaker == "Catherine Vu"


@pytest.mark.parametrize(
    "after",
    [
        "That was how Senator Ana Ruiz described the vote on Monday.",
        "That was the assessment of Senator Ana Ruiz, who voted against the bill.",
        "That was how Ana Ruiz, the senator for the eastern district, defended her vote on Monday.",
    ],
)
def test_a_demonstrative_sentence_in_the_next_paragraph_names_a_lone_quote_s_speaker(quotes, after):
    found = quotes(f"The bill passed at midnight.\n\n“Nobody in this building has read the bill.”\n\n{after}")
    assert find(found, "Nobody in this building").speaker == "Ana Ruiz"


def test_a_sentence_in_the_next_paragraph_without_a_demonstrative_moves_on(quotes):
    # "The statement was signed by X" after a statement's words: news of its own, not a pointer back.
    found = quotes(
        "The party issued a statement on Monday.\n\n“We apologize to everyone who was hurt.”\n\n"
        "The statement was signed by Ana Ruiz, the new chair."
    )
    assert find(found, "We apologize").speaker != "Ana Ruiz"


def test_the_question_came_from_names_who_asked(quotes):
    found = quotes(
        "“Will you protect the pension fund, yes or no?” The question came from Harold Benz, 79, "
        "a retired machinist, who stood at the microphone."
    )
    assert find(found, "protect the pension fund").speaker == "Harold Benz"


def test_a_first_name_alone_later_is_the_one_person_the_article_gave_it(quotes):
    text = (
        "Roy Estabrook, 71, a retired farmer, said he would vote Republican again.\n\n"
        "Across the counter, Lucille Tran, 64, rolled her eyes. “Roy says that every four years,” she said.\n\n"
        "Roy laughed. “She’s not wrong.”"
    )
    found = quotes(text)
    assert find(found, "every four years").speaker == "Lucille Tran"
    assert find(found, "not wrong").speaker == "Roy Estabrook"


def test_a_first_name_two_people_share_is_no_one_s_in_particular(nlp):
    text = "Roy Estabrook met Roy Tillman on Monday. Roy laughed."
    people = collect_people(read_page(nlp(text))).registry.persons
    assert {p.name for p in people} == {"Roy Estabrook", "Roy Tillman", "Roy"}


def test_a_possessor_of_a_noun_of_saying_is_what_the_sentence_is_about(quotes):
    # "answer" ends like an agent noun ("-er") but names words: its owner is who "she" refers back to.
    text = (
        "“Yes,” Sen. Lucinda Marrow said.\n\n"
        "Kayla Dunbar asked about student debt. “What’s your plan?” Dunbar said.\n\n"
        "Marrow’s answer was longer, and she conceded that the issue was hard."
    )
    assert find(quotes(text), "the issue was hard").speaker == "Lucinda Marrow"


def test_a_who_clause_on_a_description_in_apposition_to_a_name_is_that_person_s(quotes):
    found = quotes(
        "Harriet Mboya, 38, a pharmacist from Dellwood who said she had never attended a rally, "
        "put it bluntly: “I came to see if he’s real.”"
    )
    assert find(found, "never attended a rally", "indirect").speaker == "Harriet Mboya"
    assert find(found, "came to see").speaker == "Harriet Mboya"


def test_a_lone_surname_with_a_who_clause_is_a_person_whatever_ner_calls_it(quotes):
    text = (
        'Garrett Voss took to Twitter. "Lightweight reporter @JuliaPerrin of the failing Sun-Ledger is a '
        'disgrace," the developer wrote.\n\n'
        "Perrin, who has covered the Voss campaign since its launch, replied a few hours later. "
        '"Good morning to everyone except the guy who was up at 3 a.m.," she tweeted.'
    )
    assert find(quotes(text), "Good morning").speaker == "Perrin"


def test_a_handle_alone_labels_a_round_up_post(quotes):
    text = (
        "Reaction poured in on social media. A sampling:\n\n"
        'Jenna Castell, Washington Ledger: "The moderator lost control of the room tonight."\n\n'
        '@RiverCountyDems: "Tonight proved one thing. Our candidate is ready to lead."'
    )
    assert find(quotes(text), "ready to lead").speaker == "@RiverCountyDems"


def test_a_name_modifying_a_thing_is_no_antecedent_for_she(quotes):
    text = (
        "The first question of the night came from Marcy Oyelaran, whose husband lost his job when the "
        "Hadley paper mill closed.\n\n"
        "“What are you going to do for people like us?” she asked."
    )
    assert find(quotes(text), "people like us").speaker == "Marcy Oyelaran"


def test_who_is_a_person_even_when_the_parser_hangs_it_on_a_place(quotes):
    text = (
        "The first question came from Marcy Oyelaran, 41, a dental hygienist from Port Kellam, who said "
        "her husband had been out of work since March."
    )
    assert find(quotes(text), "out of work", "indirect").speaker == "Marcy Oyelaran"


_TRANSCRIPT = (
    "Mayor Edmund Pember was asked about the strike on Thursday by radio host Victor Dias. "
    "The exchange went like this:\n\n"
    "DIAS: Mayor, the union endorsed your opponent yesterday. Does that hurt?\n\n"
    "PEMBER: Sure it hurts. I have marched with those folks for twenty years.\n\n"
    "DIAS: Would you accept their endorsement in the general?\n\n"
    "PEMBER: I would accept a ride home from them. I am not proud."
)


def test_a_transcript_s_turns_are_its_speakers_words(quotes):
    found = quotes(_TRANSCRIPT)
    assert find(found, "marched with those folks").speaker == "Edmund Pember"
    assert find(found, "Does that hurt").speaker == "Victor Dias"
    assert find(found, "a ride home").speaker == "Edmund Pember"


@pytest.mark.parametrize(
    "text",
    [
        # One label is no dialogue; a dateline is no speaker.
        "LONDON: Prices rose again in May, the statistics office said.\n\nAnalysts had expected a fall.",
        # Labels never written in ordinary case in the story name nobody in it.
        "UPDATE: The road has reopened.\n\nNOTE: An earlier version misstated the time.\n\n"
        "UPDATE: Police have made an arrest.",
    ],
)
def test_capitalised_labels_that_are_no_dialogue_are_no_quotes(quotes, text):
    assert [q for q in quotes(text) if q.kind == "direct"] == []


@pytest.mark.parametrize("title", ["Sgt.", "Det."])
def test_an_abbreviated_title_does_not_end_the_sentence(quotes, title):
    found = quotes(
        f"“We have recovered the stolen vehicle,” {title} Maria Feeney of the city police said Thursday."
    )
    assert find(found, "stolen vehicle").speaker == "Maria Feeney"


def test_a_body_s_noun_with_its_name_in_apposition_is_that_body(quotes):
    text = (
        "Winger Sofia Marchel announced her retirement on Monday.\n\n"
        "Her current club, Cresthaven City Women, said in a statement: “Sofia has been a wonderful ambassador.”"
    )
    found = find(quotes(text), "wonderful ambassador")
    assert (found.speaker, found.speaker_type) == ("Cresthaven City Women", "organization")


def test_a_nationality_with_a_determiner_and_a_name_in_apposition_is_that_person(quotes):
    text = "“That is the best I have ever felt on a bike,” said the 23-year-old Belgian, Jens Vercauteren, after the stage."
    assert find(quotes(text), "felt on a bike").speaker == "Jens Vercauteren"


def test_a_fronted_clause_s_object_is_not_the_subject_of_the_verb_of_saying(quotes):
    text = (
        "Sentencing Gavin Pryce, 29, at Dunmore Crown Court, Judge Elaine Hartigan said: "
        "“You chose your victims precisely because they were vulnerable.”"
    )
    assert find(quotes(text), "You chose your victims").speaker == "Elaine Hartigan"


def test_a_name_ner_calls_a_group_is_a_person_with_a_role_in_apposition(quotes):
    text = (
        "Lena Forsberg, the chief financial officer of Nordvik Telecom, and Agnes Malmqvist, its head of "
        "investor relations, fended off questions about the debt.\n\n"
        "Malmqvist, asked whether a rights issue was planned, was blunter. “There is no rights issue,” she said."
    )
    assert find(quotes(text), "There is no rights issue").speaker == "Agnes Malmqvist"


def test_the_noun_before_of_in_a_body_s_name_is_what_later_names_it(quotes):
    text = (
        "KASRANI, Tavessa (Reuters) - The finance minister said on Monday the government would not seek help.\n\n"
        "“We have the reserves to defend the currency,” Finance Minister Rahim Aldousi told Reuters.\n\n"
        "The Reserve Bank of Tavessa raised its benchmark rate last week. In a statement on Sunday, the bank "
        "said inflation was “likely to peak before the end of the second quarter.”"
    )
    assert find(quotes(text), "likely to peak").speaker == "the Reserve Bank of Tavessa"


def test_an_entity_running_into_a_quote_names_no_body(quotes):
    # NER may read 'X. "Doctor's' (a platform's name, then the quote's first word) as one organisation.
    text = (
        "Singer Jolene Avery cancelled the last dates of her tour on Tuesday.\n\n"
        '"I am heartbroken. I hate doing it now," Avery wrote on X. "Doctor\'s orders. I will make it up to you."\n\n'
        'Promoter Skyline Live said refunds would be issued. "Ticket holders do not need to take any action," '
        "the company said."
    )
    assert all('"' not in q.speaker for q in quotes(text))


def test_a_business_noun_not_listed_as_an_institution_is_the_company(quotes):
    text = (
        "Harlow Savings was fined £4m on Monday for mis-selling loans.\n\n"
        "“We accept the ruling and have already changed our procedures,” the lender said."
    )
    assert find(quotes(text), "accept the ruling").speaker == "Harlow Savings"


def test_the_miner_with_no_business_named_is_nobody_s_company(quotes):
    text = "Rescuers reached the shaft on Monday.\n\n“We are trapped but alive,” the miner said."
    assert find(quotes(text), "trapped but alive").speaker_type != "organization"


def test_a_spokesman_for_the_firm_speaks_for_the_business(quotes):
    text = (
        "The regulator fined Orrin Capital £18m for treating customers unfairly.\n\n"
        "“We have overhauled our systems,” a spokesman for the firm said. "
        "“We will cooperate fully,” a company spokeswoman added."
    )
    assert find(quotes(text), "overhauled our systems").speaker == "Orrin Capital"
    assert find(quotes(text), "cooperate fully").speaker == "Orrin Capital"


def test_the_company_is_who_spoke_just_before_in_its_paragraph(quotes):
    text = (
        "Tin prices rose for a fifth day, said Marta Quell, an analyst at Dunmore Bank.\n\n"
        "Velta Metals, the world's fourth-largest producer, said it would keep output flat. "
        "“Discipline comes first,” the company said."
    )
    assert find(quotes(text), "Discipline comes first").speaker == "Velta Metals"


def test_an_age_given_only_in_the_descriptor_points_like_a_pronoun(quotes):
    text = (
        "Harbour City striker Tomas Lindqvist scored twice as his side beat Marlow 3-1 on Saturday.\n\n"
        "“I just kept running into space,” said the 24-year-old, who joined in the summer."
    )
    assert find(quotes(text), "running into space").speaker == "Tomas Lindqvist"


def test_an_age_descriptor_never_goes_to_someone_given_another_age(quotes):
    text = (
        "Striker Tomas Lindqvist, 31, scored twice on Saturday.\n\n"
        "“I just kept running into space,” said the 24-year-old."
    )
    assert find(quotes(text), "running into space").speaker != "Tomas Lindqvist"


def test_a_sports_label_at_a_sentence_s_start_is_not_part_of_the_name(quotes):
    text = "Goalkeeper Ana Ribeiro kept a clean sheet. “The defence made it easy for me,” Ribeiro said."
    assert find(quotes(text), "made it easy").speaker == "Ana Ribeiro"


def test_the_words_of_a_call_made_by_someone_are_theirs(quotes):
    text = (
        "“The water is up to the windows. Please hurry.” Those were the first words of the emergency call "
        "made by farmer Owen Pritchard, who was trapped in his van on Tuesday night.\n\n"
        "Mr Pritchard, 61, was rescued by firefighters an hour later."
    )
    assert find(quotes(text), "up to the windows").speaker == "Owen Pritchard"


def test_a_title_with_an_of_phrase_before_a_name_is_that_person(quotes):
    text = "Director of rugby Neil Ashgrove said the winger was “the best finisher I have worked with.”"
    assert find(quotes(text), "best finisher").speaker == "Neil Ashgrove"


def test_an_age_before_a_verb_of_saying_is_its_subject(quotes):
    # The small parser reads "the 66-year-old told reporters" as one noun phrase.
    text = (
        "Chief Minister Venkatesh Raghunathan resigned on Monday, hours before a vote he was expected to lose.\n\n"
        "“I did not come into politics to cling to a chair,” the 66-year-old told reporters outside the "
        "governor’s residence."
    )
    assert find(quotes(text), "cling to a chair").speaker == "Venkatesh Raghunathan"


def test_a_double_barrelled_name_keeps_its_hyphen(quotes):
    text = (
        "Mayor Lionel Ashby-Grant said he would sign the ordinance. “Safe streets are not a luxury,” he said."
    )
    assert find(quotes(text), "not a luxury").speaker == "Lionel Ashby-Grant"


def test_a_spokeswoman_named_by_a_body_s_noun_speaks_for_that_body(quotes):
    text = (
        "The Ministry of the Interior in Morvania on Friday denied reports that police had been ordered to "
        "clear the protest camp.\n\n"
        "“No such order has been given,” a ministry spokeswoman said in a written statement."
    )
    assert find(quotes(text), "No such order").speaker == "the Ministry of the Interior"


def test_the_company_named_in_apposition_to_the_last_subject_speaks(quotes):
    text = (
        "The regulator ordered a recall of three batches of the drug on Friday.\n\n"
        "The manufacturer, Orwell Pharma, said it was cooperating fully. A company spokesman said: "
        "“We have identified the source of the issue.”"
    )
    assert find(quotes(text), "identified the source").speaker == "Orwell Pharma"


def test_a_hyphenated_name_ner_calls_a_body_is_a_person_with_a_role_in_apposition(quotes):
    text = (
        "Amara Nwachukwu-Reyes, the newly elected leader of the Progressive Workers’ Party, used her first "
        "conference speech on Sunday to promise change.\n\n"
        "“From today, we talk to the country,” she told delegates in Port Elsin."
    )
    assert find(quotes(text), "talk to the country").speaker == "Amara Nwachukwu-Reyes"


def test_the_former_leader_is_not_the_newly_elected_one(quotes):
    text = (
        "Maria Lopez, the newly elected leader of the Harbour Party, used her first speech on Sunday to "
        "promise change.\n\n“We talk to the country,” she told delegates.\n\n"
        "Speaking to reporters afterwards, the former leader said the speech was “a good start”."
    )
    assert "Lopez" not in find(quotes(text), "a good start").speaker


def test_the_court_spokesman_is_the_one_named_not_the_court(quotes):
    text = (
        "The Special Court for Veldoria sentenced three former commanders on Wednesday, court spokesman "
        "Peter Andersen told reporters.\n\n"
        "Kallen was the only one to express sorrow, Andersen said. “He really had made a genuine expression "
        "of remorse,” the court spokesman added."
    )
    assert find(quotes(text), "genuine expression").speaker == "Peter Andersen"


def test_a_name_ner_calls_a_place_in_apposition_to_a_spokesman_is_a_person(quotes):
    text = (
        "Prime Minister Anneliese Brandvold’s office said she would meet the party's leader on Monday. "
        "“The prime minister values the partnership,” said her spokesman, Erlend Tveit."
    )
    assert find(quotes(text), "values the partnership").speaker == "Erlend Tveit"


def test_a_hyphenated_name_in_apposition_to_a_role_is_one_name(quotes):
    text = (
        "The Nurses’ Federation welcomed the announcement but said it fell short. “Four thousand is a start,” "
        "said its general secretary, Beatriz Okonkwo-Salles."
    )
    assert find(quotes(text), "Four thousand is a start").speaker == "Beatriz Okonkwo-Salles"


def test_an_age_descriptor_is_not_bound_to_a_subject_inside_the_quote(quotes):
    text = (
        "Prime Minister Aurelio Benvenuti, 61, survived the vote.\n\n"
        "The rebellion’s ringleader, the veteran MP Lorenzo Faggiani, said afterwards that he had abstained. "
        "“I have made my point. The prime minister knows what I think, and so does the party,” the "
        "72-year-old said."
    )
    assert find(quotes(text), "made my point").speaker == "Lorenzo Faggiani"


def test_one_of_a_group_with_a_name_in_apposition_is_that_person(quotes):
    text = (
        "About 200 protesters from a tenants' coalition chanted outside the hall. “She talks about the "
        "treasury. We talk about our kitchens,” said one of the organisers, Paddy Gallagher."
    )
    assert find(quotes(text), "our kitchens").speaker == "Paddy Gallagher"


def test_professor_before_a_name_makes_the_professor_later(quotes):
    text = (
        "“Our data says the opposite,” Professor Aiko Tanabe said.\n\n"
        "The study tracked 3,200 children.\n\n"
        "The professor said the effect was strongest at night."
    )
    assert find(quotes(text), "strongest at night").speaker == "Aiko Tanabe"


def test_a_participle_on_a_text_is_no_tag_the_main_verb_is(quotes):
    text = (
        "A leaked memo from the chief whip warns MPs that the government could lose next week’s vote.\n\n"
        "“On current numbers we are short by three votes,” the memo, written by chief whip Kwame Mensah "
        "and seen by the Coastal Herald, says."
    )
    assert find(quotes(text), "short by three votes").speaker == "Kwame Mensah"


def test_a_lone_quote_then_the_message_sent_by_someone(quotes):
    text = (
        "“Let them come. We have the votes.”\n\n"
        "The message, sent by Deputy Speaker Ilir Krasniqi to a group chat of ruling party MPs and later "
        "leaked, has caused uproar in parliament."
    )
    assert find(quotes(text), "We have the votes").speaker == "Ilir Krasniqi"


def test_a_verb_of_saying_parsed_as_a_participle_on_a_person_still_tags(quotes):
    # The small parser may hang "tweeted" on "nominee" as a participle.
    text = (
        "“Is he going to finally say the words? If he doesn't he should resign!” the presumptive GOP "
        "presidential nominee, Donald Trump, tweeted Sunday after the attack."
    )
    assert find(quotes(text), "finally say the words").speaker == "Donald Trump"


def test_the_state_and_party_describe_a_lawmaker_tagged_ap_style(quotes):
    text = (
        "Rep. Harold Brankovic, R-Ohio, who organized the letter, said the delay was “a tacit admission.”\n\n"
        "“Small businesses are telling me they will cut hours,” the Ohio Republican said."
    )
    assert find(quotes(text), "cut hours").speaker == "Harold Brankovic"


def test_the_state_republican_is_the_senator_of_that_state(quotes):
    text = (
        "The nominee has told allies that Sen. Wade Holloway of Tennessee is near the top of his list.\n\n"
        "Holloway said he was “flattered” by the reports. “But nobody has called me,” the Tennessee "
        "Republican added."
    )
    assert find(quotes(text), "nobody has called me").speaker == "Wade Holloway"


def test_the_state_republican_is_never_a_democrat_of_that_state(quotes):
    text = (
        "Rep. Harold Brankovic, D-Ohio, said the delay was “a tacit admission.”\n\n"
        "“Small businesses are telling me they will cut hours,” the Ohio Republican said."
    )
    assert find(quotes(text), "cut hours").speaker != "Harold Brankovic"


def test_a_title_with_of_before_a_name_is_a_role(quotes):
    text = (
        "Senator Thaddeus Marlowe has opened a lead over former Secretary of State Evelyn Drummond.\n\n"
        "Drummond shrugged off the survey. “Polls go up and polls go down,” the former secretary of state "
        "told reporters."
    )
    assert find(quotes(text), "Polls go up").speaker == "Evelyn Drummond"


def test_a_count_of_terms_does_not_tell_a_role_apart(quotes):
    text = (
        "Challenger Anders Lund accused Rep. Tricia Vogel of skipping votes.\n\n"
        "Vogel addressed the charge at a forum. “I have never missed a vote that mattered,” the three-term "
        "congresswoman said."
    )
    assert find(quotes(text), "never missed a vote").speaker == "Tricia Vogel"


def test_an_ap_state_abbreviation_names_the_state_in_a_later_description(quotes):
    text = (
        "Rep. Francine Delaune, D-La., said the vote was “a disgrace.”\n\n"
        "“We will not stand for it,” the Louisiana Democrat said."
    )
    assert find(quotes(text), "not stand for it").speaker == "Francine Delaune"


def test_an_epithet_never_given_before_is_the_person_just_named(quotes):
    text = (
        "Republican nominee Garrett Whitacre told workers at a shuttered plant that trade deals had failed.\n\n"
        "“They sold you out,” the billionaire real estate developer said. “I'm going to fix it.”"
    )
    assert find(quotes(text), "They sold you out").speaker == "Garrett Whitacre"


def test_an_epithet_with_a_noun_the_article_used_before_is_not_the_person_just_named(quotes):
    text = (
        "The inspector general of the department testified on Tuesday.\n\n"
        "Sen. Dana Okafor of Minnesota pressed the inspector general on an earlier report.\n\n"
        "“We didn't have the access we have now,” the inspector general replied."
    )
    assert find(quotes(text), "access we have now").speaker != "Dana Okafor"


def test_a_rival_is_not_the_person_just_named(quotes):
    text = (
        "Lena Ostrow, who owns three hotels on the seafront, opened the debate with a defence of her plan.\n\n"
        "“The plan is a fantasy,” the rival developer said."
    )
    assert find(quotes(text), "plan is a fantasy").speaker == "the rival developer"


def test_a_party_member_on_second_reference_is_the_person_just_named(quotes):
    text = (
        "Lt. Gov. Carla Benavides came to a packed community center on Tuesday night to sell her plan.\n\n"
        "The Republican argued that homeowners were being “taxed out of their own homes” by cities."
    )
    assert find(quotes(text), "taxed out of their own homes").speaker == "Carla Benavides"


def test_a_party_member_is_not_a_person_the_article_gives_the_other_party(quotes):
    text = (
        "Sen. Ron Castell, R-Texas, spoke first at the hearing on Tuesday.\n\n"
        "The Democrat called the proposal “a campaign slogan dressed up as policy.”"
    )
    assert find(quotes(text), "campaign slogan").speaker != "Ron Castell"


def test_a_name_before_a_parenthetical_he_said_is_whom_the_words_are_about(quotes):
    text = (
        "At a rally last week, Grant Holloway mocked his rival. “She says she's a fighter,” he told the crowd.\n\n"
        "Whitfield's campaign manager, Devon Pratt, dismissed the attack. Holloway, he said, “is running for "
        "governor the way he ran his company.”"
    )
    assert find(quotes(text), "the way he ran his company").speaker == "Devon Pratt"


def test_a_tag_after_a_quote_hung_on_the_sentence_before_is_that_sentences_speaker(quotes):
    text = (
        "Anders Holm said the alliance listened. Lavrenti Sokol said after the talks that the alliance "
        'would not compromise "Unfortunately our partners are not ready," he said.'
    )
    assert find(quotes(text), "partners are not ready").speaker == "Lavrenti Sokol"


def test_a_surname_ner_tags_as_a_date_after_a_first_name_is_still_the_name(quotes):
    text = (
        "Salina school Superintendent Linda Farraday was more measured.\n\n"
        "“It's on the table,” she said. “Everything is on the table.”"
    )
    assert find(quotes(text), "Everything is on the table").speaker == "Linda Farraday"


def test_a_statement_released_by_the_second_of_two_coordinated_verbs_is_their_subjects(quotes):
    text = (
        "TOPEKA — Gov. Sam Brandt on Friday signed a bill that rewrites how Kansas pays for its schools.\n\n"
        "The governor, a Republican in his second term, signed the measure in a private ceremony and released "
        "a statement calling it “a fair, predictable formula that puts dollars in classrooms.”"
    )
    assert find(quotes(text), "predictable formula").speaker == "Sam Brandt"


def test_its_role_names_the_body_the_sentence_before_is_about(quotes):
    text = (
        "The Harrowdale Teachers' Union criticised the decision. Its general secretary, Gareth Pullman, said "
        "the pilot had solved “a recruitment crisis.”\n\n"
        "“You cannot run a maths lesson without a maths teacher,” Pullman said."
    )
    found = find(quotes(text), "maths teacher")
    assert found.speaker == "Gareth Pullman"
    assert found.role == "general secretary of the Harrowdale Teachers' Union"
