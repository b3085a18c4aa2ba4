"""Sentence splitting on the cases news copy is full of, and white-space normalisation.

Each case is a paragraph and the sentences a careful reader would count in it. The same set
was used to compare this splitter with pysbd (see docs/extraction.md).
"""

from __future__ import annotations

import pytest

from provcheck.html.text import normalise_space, split_sentences

SPLITS: list[tuple[str, list[str]]] = [
    # abbreviations that do not end a sentence
    ("U.S. officials met on Monday. The talks ended early.",
     ["U.S. officials met on Monday.", "The talks ended early."]),
    ("Gen. Okafor arrived late. She spoke for an hour.",
     ["Gen. Okafor arrived late.", "She spoke for an hour."]),
    ("Sen. Marsh and Rep. Dunn voted no. The bill failed.",
     ["Sen. Marsh and Rep. Dunn voted no.", "The bill failed."]),
    ("Mr. Varga left at noon. Mrs. Varga stayed.",
     ["Mr. Varga left at noon.", "Mrs. Varga stayed."]),
    ("Dr. Lena Ost, a virologist, disagreed. Her team had other data.",
     ["Dr. Lena Ost, a virologist, disagreed.", "Her team had other data."]),
    ("The vote is on Jan. 12 in the capital. Polls open at eight.",
     ["The vote is on Jan. 12 in the capital.", "Polls open at eight."]),
    ("It rained from Sept. 3 to Sept. 9. Crops were lost.",
     ["It rained from Sept. 3 to Sept. 9.", "Crops were lost."]),
    ("Harbor Foods Inc. reported a loss. Its shares fell.",
     ["Harbor Foods Inc. reported a loss.", "Its shares fell."]),
    ("Bring tents, stoves, etc. to the camp. Water is provided.",
     ["Bring tents, stoves, etc. to the camp.", "Water is provided."]),
    ("The hearing starts at 9 a.m. Tuesday in Room 4. Seats are limited.",
     ["The hearing starts at 9 a.m. Tuesday in Room 4.", "Seats are limited."]),
    # abbreviations that do end one
    ("She moved to the U.S. The visa took a year.",
     ["She moved to the U.S.", "The visa took a year."]),
    ("The merger created Delta Freight Co. It employs 900 people.",
     ["The merger created Delta Freight Co.", "It employs 900 people."]),
    # initials
    ("J. R. Ellis wrote the report. It was published in May.",
     ["J. R. Ellis wrote the report.", "It was published in May."]),
    ("The firm was founded by A. Moreau in 1921. It still makes bells.",
     ["The firm was founded by A. Moreau in 1921.", "It still makes bells."]),
    # numbers
    ("Inflation rose to 3.4 per cent. Economists had expected 3.1.",
     ["Inflation rose to 3.4 per cent.", "Economists had expected 3.1."]),
    ("The fund lost $2.5 billion in 2023. 2024 was better.",
     ["The fund lost $2.5 billion in 2023.", "2024 was better."]),
    ("Version 2.10.1 fixed the bug. Users were relieved.",
     ["Version 2.10.1 fixed the bug.", "Users were relieved."]),
    # quotations
    ("“We will rebuild. We will not leave,” the mayor said. The crowd cheered.",
     ["“We will rebuild. We will not leave,” the mayor said.", "The crowd cheered."]),
    ('"The bridge is safe. Engineers checked it twice," she said. Traffic resumed.',
     ['"The bridge is safe. Engineers checked it twice," she said.', "Traffic resumed."]),
    ("“Is anyone listening?” she asked. Nobody answered.",
     ["“Is anyone listening?” she asked.", "Nobody answered."]),
    ("“Run!” He did not wait. The wall fell seconds later.",
     ["“Run!”", "He did not wait.", "The wall fell seconds later."]),
    ("He called the plan “a disgrace.” Others were kinder.",
     ["He called the plan “a disgrace.”", "Others were kinder."]),
    ("“How can they say that?” asked Ms. Ferro. “We have the records.”",
     ["“How can they say that?” asked Ms. Ferro.", "“We have the records.”"]),
    # question and exclamation marks, ellipses
    ("Who pays? The council does. Does it have the money? No!",
     ["Who pays?", "The council does.", "Does it have the money?", "No!"]),
    ("The answer was… complicated. Nobody liked it.",
     ["The answer was… complicated.", "Nobody liked it."]),
    ("Prices rose again... Shoppers stayed home.",
     ["Prices rose again...", "Shoppers stayed home."]),
    # brackets
    ("The law passed (after a long fight.) It takes effect in June.",
     ["The law passed (after a long fight.)", "It takes effect in June."]),
    # list numbering is not a sentence
    ("3. Keep the receipts", ["3. Keep the receipts"]),
    # Chinese and Japanese put no space after a full stop
    ("今天下雨。明天晴天。", ["今天下雨。", "明天晴天。"]),
    # no boundary at all
    ("See example.com/news for the full list of closures",
     ["See example.com/news for the full list of closures"]),
    ("", []),
]  # fmt: skip


@pytest.mark.parametrize(("paragraph", "expected"), SPLITS, ids=range(len(SPLITS)))
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert [paragraph[a:b] for a, b in split_sentences(paragraph)] == expected


def test_offsets_point_into_the_paragraph_and_skip_white_space() -> None:
    paragraph = "  First one.   Second one.  "
    spans = split_sentences(paragraph)
    assert spans == [(2, 12), (15, 26)]


def test_a_quote_left_open_does_not_swallow_the_paragraph() -> None:
    # News style opens a quote in one paragraph and closes it in the next: no pair here, so
    # every sentence still splits.
    paragraph = "“We tried everything. The pumps failed. Then the river rose."
    assert len(split_sentences(paragraph)) == 3


def test_normalise_space_collapses_every_kind_of_space() -> None:
    assert normalise_space(" a\u00a0 b\n\tc  ") == "a b c"
