"""A checklist of the common shapes of attribution in political news, on invented sentences.

Each case is one shape (a lead-in, a colon, an epithet, a document, an ad, a question and its answer, a
nested telling) with the words and the person who says them; the extractor must give the words to that
person. Shapes it does not read yet are marked as known gaps (strict: a fix must move them out).
"""

from __future__ import annotations

import pytest

_GAP = pytest.mark.xfail(strict=True, reason="a shape the extractor does not read yet")

CASES = [
    (
        "Dana Whitfield, in a statement, said: “We will fight this ruling.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "In a statement, Dana Whitfield said “we will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    ("Whitfield’s response: “We will fight this ruling to the end.”", "fight this ruling", "Whitfield"),
    (
        "As Dana Whitfield put it, “We will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield had this to say: “We will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Asked whether she would appeal, Dana Whitfield replied: “We will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    ("“Will we fight this ruling?” asked Dana Whitfield.", "fight this ruling", "Dana Whitfield"),
    (
        "Dana Whitfield was blunt: “We will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield’s message to voters: “We will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "In Dana Whitfield’s words, “We will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” according to Dana Whitfield.",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Sen. Dana Whitfield (D-Calif.) told reporters “we will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    ("Said Dana Whitfield: “We will fight this ruling to the end.”", "fight this ruling", "Dana Whitfield"),
    (
        "Dana Whitfield added that “we will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield wrote on Twitter that “we will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Dana Whitfield told CNN’s Ben Okafor.",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” read the statement from Dana Whitfield’s campaign.",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield’s spokesman, Ben Okafor, said “we will fight this ruling to the end.”",
        "fight this ruling",
        "Ben Okafor",
    ),
    (
        "“She will fight this ruling to the end,” Dana Whitfield said of Ben Okafor.",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield tweeted: “We will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "In an interview with Ben Okafor, Dana Whitfield said “we will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Ben Okafor asked Dana Whitfield whether she would appeal. “We will fight this ruling to the end,” she responded.",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield put it bluntly: “We will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield said Tuesday night on Fox News’ “Hannity”: “We will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield, the party’s nominee, said Tuesday that the ruling was “a disgrace to the court.”",
        "a disgrace",
        "Dana Whitfield",
    ),
    ("“We will fight this ruling to the end.” — Dana Whitfield", "fight this ruling", "Dana Whitfield"),
    (
        "Dana Whitfield called the ruling “a disgrace to the court and the country.”",
        "a disgrace",
        "Dana Whitfield",
    ),
    (
        "The ruling, Dana Whitfield said, was “a disgrace to the court and the country.”",
        "a disgrace",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield did not mince words. “We will fight this ruling to the end,” she said.",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Ben Okafor praised Dana Whitfield, who said “we will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield, 54, said in an interview.",
        "fight this ruling",
        "Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” said Whitfield, whose campaign has struggled.",
        "fight this ruling",
        "Whitfield",
    ),
    (
        "Whitfield’s campaign manager, Ben Okafor, wrote in a memo: “We will fight this ruling to the end.”",
        "fight this ruling",
        "Ben Okafor",
    ),
    (
        "Dana Whitfield responded on Twitter: “We will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield’s reply was swift: “We will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield vowed Tuesday at a rally in Ohio, drawing cheers.",
        "fight this ruling",
        "Whitfield",
    ),
    (
        "Dana Whitfield said in a Facebook post that the ruling was “a disgrace to the court.”",
        "a disgrace",
        "Dana Whitfield",
    ),
    (
        "Ben Okafor quoted Dana Whitfield as saying “we will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield, speaking at a rally in Ohio, said: “We will fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    ("“We will fight this ruling,” Whitfield said. “To the end.”", "fight this ruling", "Whitfield"),
    (
        "Dana Whitfield spoke to reporters on Tuesday.\n\n“We will fight this ruling to the end,” she said. “Nobody should doubt it.”",
        "Nobody should",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield spoke on Tuesday. “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” said Dana Whitfield, a Democrat from Ohio who chairs the committee.",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield, who chairs the committee, told reporters.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "Dana Whitfield, who chairs the committee, told reporters: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield told The Washington Post that “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    ("Dana Whitfield said she would “fight this ruling to the end.”", "fight this ruling", "Dana Whitfield"),
    ("Dana Whitfield vowed to “fight this ruling to the end.”", "fight this ruling", "Dana Whitfield"),
    (
        "Dana Whitfield promised voters she would “fight this ruling to the end.”",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield described the ruling as “an outrage against every voter.”",
        "an outrage",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield dismissed the ruling as “an outrage against every voter.”",
        "an outrage",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield slammed the ruling, calling it “an outrage against every voter.”",
        "an outrage",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield warned that the ruling would “hurt every voter in the state.”",
        "hurt every voter",
        "Dana Whitfield",
    ),
    (
        "Ben Okafor lost. Dana Whitfield, meanwhile, insisted that “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield said Tuesday during a rally in Ohio. “And we will win.”",
        "And we will win",
        "Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield said, before adding: “And we will win.”",
        "And we will win",
        "Whitfield",
    ),
    (
        "Whitfield went further. “We will fight this ruling to the end,” she said.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” the Ohio Democrat said.\n\nDana Whitfield is the Ohio Democrat running for governor.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "Dana Whitfield, the Ohio Democrat, spoke first. Later, “We will fight this ruling to the end,” the Democrat said.",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "Asked about the ruling, Whitfield said: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "Asked about the ruling, Whitfield was defiant. “We will fight this ruling to the end,” she said.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "When asked about the ruling, Dana Whitfield said simply, “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield’s spokeswoman, Ana Ruiz, said.",
        "We will fight this ruling to the end",
        "Ana Ruiz",
    ),
    (
        "Whitfield spokeswoman Ana Ruiz said: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Ana Ruiz",
    ),
    pytest.param(
        "“We will fight this ruling to the end,” a spokeswoman for Whitfield, Ana Ruiz, said in an email.",
        "We will fight this ruling to the end",
        "Ana Ruiz",
        marks=_GAP,
    ),
    (
        "Dana Whitfield (R-Ohio) said “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "Gov. Dana Whitfield, R-Ohio, said, “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield said in a tweet Tuesday night.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "“We will fight this ruling to the end!” Whitfield tweeted.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "“We will fight this ruling to the end” — that was the message from Dana Whitfield on Tuesday.",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield’s statement said “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "A statement from Dana Whitfield said “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield released a statement: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    ("Whitfield, for her part, said “we will fight this ruling to the end.”", "we will fight", "Whitfield"),
    (
        "But Whitfield isn’t backing down. “We will fight this ruling to the end,” she told supporters.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "Dana Whitfield told supporters at the rally, “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "MSNBC host Ben Okafor asked Dana Whitfield about the ruling.\n\n“We will fight this ruling to the end,” Whitfield answered.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "“Will you appeal?” Ben Okafor asked.\n\n“We will fight this ruling to the end,” Dana Whitfield replied.",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "“Will you appeal?” Ben Okafor asked Dana Whitfield.\n\n“We will fight this ruling to the end,” she replied.",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "Ohio Democrat Dana Whitfield spoke first. Ben Okafor spoke next.\n\n“We will fight this ruling to the end,” the Democrat said.",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield, a former secretary of state, spoke first. Ben Okafor followed.\n\n“We will fight this ruling to the end,” the former secretary of state said.",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Sen. Dana Whitfield of Vermont spoke first. Ben Okafor followed.\n\n“We will fight this ruling to the end,” the Vermont senator said.",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Billionaire Ben Okafor spoke first. Dana Whitfield followed.\n\n“We will fight this ruling to the end,” the billionaire said.",
        "fight this ruling",
        "Ben Okafor",
    ),
    (
        "Ben Okafor, the New York businessman, spoke first. Dana Whitfield followed.\n\n“We will fight this ruling to the end,” the businessman said.",
        "fight this ruling",
        "Ben Okafor",
    ),
    (
        "Ben Okafor, the Republican nominee, spoke first. Dana Whitfield followed.\n\n“We will fight this ruling to the end,” the GOP nominee said.",
        "fight this ruling",
        "Ben Okafor",
    ),
    (
        "Ben Okafor, 69, spoke first. Dana Whitfield followed.\n\n“We will fight this ruling to the end,” the 69-year-old said.",
        "fight this ruling",
        "Ben Okafor",
    ),
    (
        "Ben Okafor is running for president as a Republican. Dana Whitfield followed.\n\n“We will fight this ruling to the end,” the Republican said.",
        "fight this ruling",
        "Ben Okafor",
    ),
    (
        "Ben Okafor, the former governor of Florida, spoke first. Dana Whitfield followed.\n\n“We will fight this ruling to the end,” the former Florida governor said.",
        "fight this ruling",
        "Ben Okafor",
    ),
    (
        "Ben Okafor, the front-runner, spoke first. Dana Whitfield followed.\n\n“We will fight this ruling to the end,” the front-runner said.",
        "fight this ruling",
        "Ben Okafor",
    ),
    (
        "Ben Okafor, a real estate mogul, spoke first. Dana Whitfield followed.\n\n“We will fight this ruling to the end,” the mogul said.",
        "fight this ruling",
        "Ben Okafor",
    ),
    (
        "The Texas senator Ben Okafor spoke first. Dana Whitfield followed.\n\n“We will fight this ruling to the end,” the senator from Texas said.",
        "fight this ruling",
        "Ben Okafor",
    ),
    (
        "Ben Okafor praised the ruling. Dana Whitfield disagreed: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "According to Dana Whitfield, “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield’s campaign said in a statement that “we will fight this ruling to the end.”",
        "we will fight",
        "Whitfield",
    ),
    (
        "The Whitfield campaign responded: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "Dana Whitfield, speaking to Ben Okafor on Tuesday, said “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "Says Dana Whitfield: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield wrote in her new book, “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "In her book, Dana Whitfield writes: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield posted on Facebook: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield shot back on Twitter: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Dana Whitfield told the crowd, to cheers.",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "Ben Okafor’s comments came after Dana Whitfield said “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield, asked about Ben Okafor’s remarks, said “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield, in an interview with Fox News, called the ruling “a disgrace to every voter.”",
        "a disgrace",
        "Dana Whitfield",
    ),
    (
        "Ben Okafor spoke first. “We will fight this ruling to the end,” he said. Dana Whitfield was less sure. “We may lose,” she said.",
        "We may lose",
        "Dana Whitfield",
    ),
    (
        "Ben Okafor told Dana Whitfield: “We will fight this ruling to the end.” She replied: “We may lose.”",
        "We may lose",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield said. “We may lose, but we will fight.” She added: “Nobody should doubt it.”",
        "Nobody should",
        "Whitfield",
    ),
    (
        "Dana Whitfield’s husband, Ben Okafor, said “we will fight this ruling to the end.”",
        "we will fight",
        "Ben Okafor",
    ),
    (
        "“We will fight this ruling to the end,” said Ben Okafor, Dana Whitfield’s husband.",
        "We will fight this ruling to the end",
        "Ben Okafor",
    ),
    (
        "“We will fight this ruling to the end,” Ben Okafor, Whitfield’s campaign chairman, said.",
        "We will fight this ruling to the end",
        "Ben Okafor",
    ),
    (
        "Ben Okafor, Whitfield’s campaign chairman, said on CNN’s “State of the Union” that “we will fight this ruling to the end.”",
        "we will fight",
        "Ben Okafor",
    ),
    (
        "Dana Whitfield sent a tweet: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield repeated her claim that the vote was “rigged from the start.”",
        "rigged",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield has said repeatedly that the vote was “rigged from the start.”",
        "rigged",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield has long argued that the system is “rigged against ordinary voters.”",
        "rigged",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield took aim at Ben Okafor, saying he was “unfit to serve in any office.”",
        "unfit",
        "Dana Whitfield",
    ),
    ("Dana Whitfield accused Ben Okafor of “lying to the American people.”", "lying", "Dana Whitfield"),
    ("Dana Whitfield blasted Ben Okafor as “a fraud and a phony.”", "a fraud", "Dana Whitfield"),
    ("Dana Whitfield urged supporters to “get out and vote on Tuesday.”", "get out", "Dana Whitfield"),
    ("Dana Whitfield told supporters to “get out and vote on Tuesday.”", "get out", "Dana Whitfield"),
    ("Dana Whitfield encouraged voters to “stay in line no matter what.”", "stay in line", "Dana Whitfield"),
    (
        "Dana Whitfield thanked her supporters for “an incredible night in Ohio.”",
        "an incredible",
        "Dana Whitfield",
    ),
    pytest.param(
        "Dana Whitfield apologized for her “poor choice of words.”",
        "poor choice",
        "Dana Whitfield",
        marks=_GAP,
    ),
    ("Dana Whitfield joked that she was “too old for this.”", "too old", "Dana Whitfield"),
    ("Dana Whitfield defended her plan as “the only way forward for us.”", "the only way", "Dana Whitfield"),
    (
        "Dana Whitfield suggested that Ben Okafor was “in over his head.”",
        "in over his head",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield questioned whether Ben Okafor was “fit to lead the country.”",
        "fit to lead",
        "Dana Whitfield",
    ),
    ("Dana Whitfield called on Congress to “act now before it is too late.”", "act now", "Dana Whitfield"),
    ("Dana Whitfield pledged to “bring jobs back to Ohio.”", "bring jobs", "Dana Whitfield"),
    ("Dana Whitfield referred to Ben Okafor as “Little Ben.”", "Little Ben", "Dana Whitfield"),
    (
        "Mrs. Whitfield met Mr. Okafor on Monday. “We will fight this ruling to the end,” she said.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "Dana Whitfield met Ben Okafor on Monday. She was defiant. “We will fight this ruling to the end,” she said.",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield and her husband Ben Okafor spoke. “We will fight this ruling to the end,” Whitfield said. “I agree,” her husband said.",
        "I agree",
        "Ben Okafor",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield said. Her spokesman, Ben Okafor, added: “She means it.”",
        "She means it",
        "Ben Okafor",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield said. Okafor, her rival, scoffed. “She will lose,” he said.",
        "She will lose",
        "Okafor",
    ),
    (
        "Dana Whitfield said the ruling was wrong. Her lawyer, Ben Okafor, agreed. “We will fight this ruling to the end,” he said.",
        "We will fight this ruling to the end",
        "Ben Okafor",
    ),
    (
        "Dana Whitfield, whose husband Ben Okafor is ill, said “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "In Ohio, where Dana Whitfield won, Ben Okafor said “we will fight this ruling to the end.”",
        "we will fight",
        "Ben Okafor",
    ),
    (
        "Ben Okafor, who lost to Dana Whitfield, said “we will fight this ruling to the end.”",
        "we will fight",
        "Ben Okafor",
    ),
    (
        "After Dana Whitfield spoke, Ben Okafor said “we will fight this ruling to the end.”",
        "we will fight",
        "Ben Okafor",
    ),
    (
        "“We will fight this ruling to the end,” Okafor said of Whitfield, whom he called “a fraud.”",
        "a fraud",
        "Okafor",
    ),
    (
        "Ben Okafor, a longtime Whitfield ally, said “we will fight this ruling to the end.”",
        "we will fight",
        "Ben Okafor",
    ),
    ("Whitfield ally Ben Okafor said “we will fight this ruling to the end.”", "we will fight", "Ben Okafor"),
    (
        "Whitfield adviser Ben Okafor told reporters: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Ben Okafor",
    ),
    (
        "Former Whitfield aide Ben Okafor said: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Ben Okafor",
    ),
    (
        "“We will fight this ruling to the end,” said Whitfield supporter Ben Okafor, 45, of Toledo.",
        "We will fight this ruling to the end",
        "Ben Okafor",
    ),
    (
        "“We will fight this ruling to the end,” said Ben Okafor, 45, a retired teacher from Toledo who backs Whitfield.",
        "We will fight this ruling to the end",
        "Ben Okafor",
    ),
    (
        "Dana Whitfield’s daughter, Sara, said “we will fight this ruling to the end.”",
        "we will fight",
        "Sara",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield said, her voice breaking.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield said, pointing at Okafor.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield said, as Okafor looked on.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield said, referring to Okafor.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield said, echoing Okafor’s words.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield said Okafor told her.",
        "We will fight this ruling to the end",
        "Okafor",
    ),
    (
        "“We will fight this ruling to the end,” Whitfield recalled Okafor saying.",
        "We will fight this ruling to the end",
        "Okafor",
    ),
    (
        "Whitfield recalled Okafor telling her, “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Okafor",
    ),
    (
        "Whitfield said Okafor told her: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Okafor",
    ),
    (
        "Whitfield said Okafor once told her that “we will fight this ruling to the end.”",
        "we will fight",
        "Okafor",
    ),
    (
        "The White House said in a statement: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "White House",
    ),
    (
        "“We will fight this ruling to the end,” the Republican National Committee said in an email.",
        "We will fight this ruling to the end",
        "Republican National Committee",
    ),
    (
        "The Whitfield campaign’s statement read: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    ("CNN host Ben Okafor asked, “Will you appeal?”", "Will you appeal", "Ben Okafor"),
    (
        "Speaking on MSNBC’s “Morning Joe,” Dana Whitfield said “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield told NBC’s “Meet the Press” on Sunday that “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield appeared on ABC’s “This Week” on Sunday. “We will fight this ruling to the end,” she said.",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield said on ABC’s “This Week” that “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "In an op-ed for The Washington Post, Dana Whitfield wrote that “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield wrote in an op-ed: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "In a Facebook post, Dana Whitfield wrote: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” Dana Whitfield wrote in a Facebook post.",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield’s tweet read: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Dana Whitfield",
    ),
    (
        "“We will fight this ruling to the end,” reads a Whitfield campaign ad.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "A Whitfield campaign ad says: “We will fight this ruling to the end.”",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "The ad, paid for by Dana Whitfield’s campaign, says “we will fight this ruling to the end.”",
        "we will fight",
        "Whitfield",
    ),
    (
        "The Whitfield campaign issued a statement Tuesday. “We will fight this ruling to the end,” it said.",
        "We will fight this ruling to the end",
        "Whitfield",
    ),
    (
        "Ben Okafor’s spokeswoman said in a statement that “we will fight this ruling to the end.”",
        "we will fight",
        "Okafor",
    ),
    (
        "The Justice Department said in a court filing that the law was “unconstitutional on its face.”",
        "unconstitutional",
        "Justice Department",
    ),
    (
        "Dana Whitfield, a 52-year-old lawyer, spoke first. Ben Okafor followed.\n\n“We will fight this ruling to the end,” said the 52-year-old, who has led the party since 2010.",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Sen. Ben Okafor, 69, spoke first. Sen. Dana Whitfield, 52, followed.\n\n“We will fight this ruling to the end,” the 69-year-old senator said.",
        "fight this ruling",
        "Ben Okafor",
    ),
    (
        "Ben Okafor is the Republican nominee. Dana Whitfield followed.\n\n“We will fight this ruling to the end,” the nominee said.",
        "fight this ruling",
        "Ben Okafor",
    ),
    (
        "A new ad paid for by Dana Whitfield says “we will fight this ruling to the end.”",
        "we will fight",
        "Dana Whitfield",
    ),
    (
        "Maria Lopez met with John Carter on Monday. Afterward, he told reporters: “We found a lot of common ground.”",
        "common ground",
        "John Carter",
    ),
    (
        "Ben Okafor, John Carter and Linda Park all spoke at the forum. “I’m the only one up here who has actually balanced a budget,” she said.",
        "balanced a budget",
        "Linda Park",
    ),
    (
        "Robert Hayes later clarified that he meant the remark “as a joke, not as a threat.”",
        "as a joke",
        "Robert Hayes",
    ),
    (
        "The scandal forced Ben Okafor to admit: “I made a terrible mistake.”",
        "terrible mistake",
        "Ben Okafor",
    ),
    (
        "Dana Whitfield’s campaign called the ads false. “These are tired attacks,” the campaign said.",
        "tired attacks",
        "Whitfield’s campaign",
    ),
    (
        "“We will fight this ruling to the end,” per a statement from Dana Whitfield.",
        "fight this ruling",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield claimed the vote was “rigged from the start,” per a transcript of the call.",
        "rigged from the start",
        "Dana Whitfield",
    ),
    (
        "Dana Whitfield hit Ben Okafor for trying to “turn the park into a parking lot” last year.",
        "parking lot",
        "Dana Whitfield",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), CASES)
def test_the_words_go_to_who_says_them(quotes, text: str, words: str, speaker: str) -> None:
    """The record holding the words names the speaker (by a part of their name)."""
    found = [q.speaker for q in quotes(text) if words in q.quote]
    assert any(speaker.lower() in (s or "").lower() for s in found), found
