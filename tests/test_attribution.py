"""The attribution engine: who each sentence's claim is credited to, and how it is graded."""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from provcheck.plugins.sourcing.attribution import (
    NAMED,
    Attribution,
    attribute,
    attributions_in,
    find_quotes,
    grade,
)
from provcheck.testing import make_session


def _only(sentence: str) -> Attribution:
    found = attributions_in(sentence)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "kind", "speaker"),
    [
        ("Health Minister Anita Rao said 40 per cent of beds were empty.", "person", "Anita Rao"),
        ('"We have the beds," said Rao.', "person", "Rao"),
        ('"We have the beds," Rao told reporters.', "person", "Rao"),
        ("Rao, who took office in March, said the plan would work.", "person", "Rao"),
        ("Anita Rao, the health minister, said the plan would work.", "person", "Anita Rao"),
        (
            "According to the World Health Organization, 40 per cent of cases were missed.",
            "organisation",
            "World Health Organization",
        ),
        ("The ministry of defence said 12 soldiers died.", "organisation", "ministry of defence"),
        ("Moscow denied the claims.", "organisation", "Moscow"),
        ("Pyongyang warned of consequences.", "organisation", "Pyongyang"),
        ("A spokesperson for the ministry said 300 people fled.", "role", "spokesperson"),
        ("A senior diplomat said the talks were tense.", "role", "senior diplomat"),
        ("US officials say the strike killed 40 militants.", "role", "US officials"),
        ("Analysts at Nomura said the yen would fall.", "role", "Nomura"),
        ("Sources said the talks had collapsed.", "anonymous", "Sources"),
        (
            "A person familiar with the matter told Reuters the deal was off.",
            "anonymous",
            "familiar",
        ),
        ("Officials who asked not to be named said the deal was off.", "anonymous", "Officials"),
        ("Analysts say the currency could fall another 10 per cent.", "vague", "Analysts"),
        ("Experts in London say the strike killed 40 militants.", "vague", "Experts"),
        ("Many people believe the figure is higher.", "vague", "Many people"),
        ("It is believed that 300 people fled.", "vague", "It is believed"),
        ("Reports indicate that 300 people fled.", "vague", "Reports"),
        ("A recent study found that 40 per cent of patients improved.", "vague", "study"),
        ("The study found that 40 per cent of patients improved.", "organisation", "study"),
        # A speaker after a clause and a comma (no quotation before it).
        (
            "The region lost 5,000 jobs in two years, said Ahmad Rezaei, an economist at Lakeside.",
            "person",
            "Ahmad Rezaei",
        ),
        ("Construction was hit hardest, said the labour ministry.", "organisation", "ministry"),
        # An en dash inside a word is no break: the speaker is the whole name.
        (
            "“We had no banks,” Michael Joseph, the South Africa–born former chief, tells me.",
            "person",
            "Michael Joseph",
        ),
        ("The toll, backed by experts, would be the first.", "vague", "experts"),
        ("Prices will fall, according to the market.", "vague", "the market"),
        ("One group of researchers found 20 different pathogens.", "role", "researchers"),
        (
            "Levi Pay, a former director who now advises colleges, said the plan failed.",
            "person",
            "Levi Pay",
        ),
    ],
)
def test_speaker_is_found_and_graded(sentence: str, kind: str, speaker: str) -> None:
    found = _only(sentence)
    assert found.kind == kind
    assert speaker in found.speaker
    assert found.start >= 0 and found.end > found.start
    assert not found.carried


@pytest.mark.parametrize(
    "sentence",
    [
        "The experts' panel met on Tuesday.",
        "An estimated 40,000 people attended.",
        "Rao's claims were rejected.",
        "The ministry declined to say how many people were evacuated.",
        "Jasmeen PK, et al. Sulfasalazine induced DRESS syndrome: a review of case reports.",
        "The new plant, said to be the largest in the region, will open next year.",
        "A man believed to have fled the scene was arrested.",
        "The analysts' notes were circulated on Monday.",
    ],
)
def test_no_attribution_without_a_speaker_and_a_verb(sentence: str) -> None:
    assert attributions_in(sentence) == ()


def test_anonymity_reason_is_kept_with_the_source() -> None:
    found = _only(
        "Two officials, who spoke on condition of anonymity because they were not authorised "
        "to discuss the plans, said the cuts would fall on rural roads."
    )
    assert found.kind == "anonymous"
    assert "not authorised" in found.reason


@pytest.mark.parametrize(
    ("speaker", "who"),
    [
        ("Anita Rao", True),
        ("a spokesperson for the ministry", True),
        ("Pentagon officials", True),
        ("the minister", True),
        ("one Western official", False),
        ("a senior Afghan economic official", False),
        ("a nurse at the scene", False),
        ("many Ohio State fans", False),
        ("the same official", False),
    ],
)
def test_who_can_be_identified(speaker: str, who: bool) -> None:
    from provcheck.plugins.sourcing.identity import identifiable

    found = Attribution(grade(speaker), speaker, "said", 0, 5)  # type: ignore[arg-type]
    assert identifiable(found) is who


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # a participle passes on the whole subject, the role's institution included
        (
            "A spokesperson for Calder Energy questioned the figure, noting that it assumed "
            "full output.",
            "A spokesperson for Calder Energy",
        ),
        (
            "A spokesperson for the ministry questioned the figure, noting that it was old.",
            "A spokesperson for the ministry",
        ),
        # near-miss: no institution after the role
        ("A spokesperson questioned the figure, noting that it was old.", "A spokesperson"),
        ("A man from nearby questioned the figure, saying that it was old.", "A man"),
    ],
)
def test_participle_subject_keeps_the_roles_institution(sentence: str, speaker: str) -> None:
    from provcheck.plugins.sourcing.identity import identifiable

    found = _only(sentence)
    assert found.speaker == speaker
    assert identifiable(found) is (" for " in speaker)


def test_criticism_from_named_critics_is_not_a_vague_formula() -> None:
    vague = [a.speaker for a in attributions_in("The firm has faced criticism over its pay.")]
    named = attributions_in("The firm has faced criticism from its own employees over pay.")
    assert vague == ["has faced criticism"]
    assert not any(a.kind == "vague" for a in named)


def test_grade_of_a_phrase() -> None:
    assert grade("the World Health Organization") == "organisation"
    assert grade("a spokesperson") == "role"
    assert grade("people familiar with the matter") == "anonymous"
    assert grade("critics") == "vague"
    assert grade("Anita Rao") == "person"
    assert set(NAMED) == {"person", "organisation"}


def test_quotes_titles_and_scare_quotes() -> None:
    text = 'The play "The Long Walk Out" opened. "We will not be moved from this place," she said.'
    quotes = find_quotes(text)
    assert [q.title for q in quotes] == [True, False]
    assert quotes[1].words == 8
    assert text[quotes[1].start : quotes[1].end] == quotes[1].text


def test_records_are_frozen() -> None:
    found = _only("Rao said so.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.kind = "vague"  # type: ignore[misc]


PAGE = """<html lang="en"><head><title>t</title></head><body><article><h1>Clinics</h1>
<p>Health Minister Anita Rao was unapologetic at the clinic. "These buildings are not fit."</p>
<p>She said the savings would pay for a van. "Every village gets a visit," she added.</p>
<p>Prices rose. Police said 45 people were hurt. Another 12 were treated at the scene.</p>
<p>The river rose faster than forecast and reached the houses before dawn.</p>
<p>"We were never warned about the flooding, not once."</p>
<ul><li>This one is not credited.</li></ul>
<p>The audit office lists its findings:</p>
<ul><li>42 per cent of contracts were not tendered.</li></ul>
</article></body></html>"""


@pytest.fixture(scope="module")
def attributed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Attribution]:
    session = make_session(blocked=["imagery", "agency", "balance", "transparency"])
    path = tmp_path_factory.mktemp("attribution") / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = session.load(str(path))
    return {item.sentence.text: item.effective for item in attribute(article)}


def test_quote_takes_the_speaker_named_in_the_sentence_before(attributed) -> None:  # type: ignore[no-untyped-def]
    carried = attributed['"These buildings are not fit."']
    assert carried.kind == "person" and "Anita Rao" in carried.speaker
    assert carried.via == "previous" and carried.carried


def test_pronoun_speakers_and_paragraph_carry_over(attributed) -> None:  # type: ignore[no-untyped-def]
    assert attributed['"Every village gets a visit," she added.'].via == "pronoun"
    later = attributed["Another 12 were treated at the scene."]
    assert later.kind == "role" and later.via == "paragraph" and later.speaker == "Police"
    assert attributed["Prices rose."].kind == "role"  # the paragraph credits police


def test_an_uncredited_quote_stays_uncredited(attributed) -> None:  # type: ignore[no-untyped-def]
    assert attributed['"We were never warned about the flooding, not once."'].kind == "none"


def test_a_list_inherits_the_source_that_introduces_it(attributed) -> None:  # type: ignore[no-untyped-def]
    assert attributed["42 per cent of contracts were not tendered."].kind == "organisation"
    assert attributed["This one is not credited."].kind == "none"


def test_a_huge_paragraph_with_no_sentence_breaks_stays_linear() -> None:
    """Regression: every verb used to rescan the paragraph from its start (minutes at 200 KB).

    Not a timing assert: it counts how much text the boundary search may look at.
    """
    from provcheck.plugins.sourcing import grammar

    text = "officials said the plan " * 5000
    end = len(text) - 10
    cut = grammar._last_boundary(text, end)
    assert end - cut <= grammar._WINDOW + 30  # back to the word break before the window


# --- issue 12: hostile input stays linear --------------------------------------------------


def _speech_run(size: int) -> str:
    """One paragraph with no full stop, a speech word every few words (issue 12's case)."""
    tags = ("said", "officials said", "Minister Anita Rao said", "according to the ministry")
    words = ("the", "water", "rose", "in", "town", "people", "homes", "and", "Rao", "officials")
    parts: list[str] = []
    total = i = 0
    while total < size:
        part = f"{words[i % 10]} {words[(i * 7) % 10]} {words[(i * 3) % 10]} {tags[i % 4]}"
        parts.append(part)
        total += len(part) + 1
        i += 1
    return " ".join(parts)


def _news_run(size: int) -> str:
    """A realistic paragraph (figures, quotes, speakers) joined by commas into one sentence."""
    clauses = (
        "officials said 300 people were moved from the town, according to the ministry",
        "“We have never seen water like this,” said Mary Okafor, a resident of 40 years",
        "analysts say the damage could exceed $2 billion",
        "“It is a disaster,” she added, “and nobody warned us about any of it”",
        "sources close to the government said the army would be sent in",
    )
    parts: list[str] = []
    total = 0
    while total < size:
        parts.append(clauses[len(parts) % len(clauses)])
        total += len(parts[-1]) + 2
    return ", ".join(parts) + "."


def _scan_seconds(paragraph: str, tmp_path: Path) -> float:
    path = tmp_path / "huge.html"
    path.write_text(f"<html lang=en><body><article><h1>T</h1><p>{paragraph}</p></article>")
    session = make_session(blocked=["imagery", "agency", "transparency"])
    started = time.process_time()
    report = session.scan(str(path))
    assert not [f for f in report.findings if f.code.startswith("PC9")], report.findings
    return time.process_time() - started


@pytest.mark.parametrize("paragraph", [_speech_run, _news_run], ids=["speech", "news"])
def test_a_megabyte_paragraph_with_no_full_stop_scans_in_bounded_time(
    paragraph: Callable[[int], str], tmp_path: Path
) -> None:
    """Issue 12: 100 KB took 18 s and 1 MB minutes (every verb rescanned the sentence).

    Generous bound (the budget is 5 s per MB on a quiet machine): 1 MB in under 20 s CPU.
    """
    assert _scan_seconds(paragraph(1_000_000), tmp_path) < 20


def test_an_unpunctuated_run_is_read_in_bounded_pieces() -> None:
    from provcheck.plugins.sourcing.runs import MAX_RUN, pieces

    text = _speech_run(50_000)
    runs = pieces(text)
    assert all(high - low <= MAX_RUN for low, high in runs)
    assert runs[0][0] == 0 and runs[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(runs))  # no gap, no overlap
    assert all(text[high - 1] == " " for _, high in runs[:-1])  # cut at a word break


def test_attributions_in_a_long_run_keep_their_offsets() -> None:
    text = "the water rose " * 200 + "officials said the town was lost " + "and rose " * 300
    found = [a for a in attributions_in(text) if a.verb == "said"]
    assert len(found) == 1
    assert text[found[0].start : found[0].end].endswith("said")


def test_a_pronoun_right_before_the_verb_is_the_speaker() -> None:
    found = _only("Speaking through an interpreter he added that talks would go on.")
    assert (found.speaker, found.via) == ("he", "pronoun")


def test_he_and_she_stand_for_people_not_for_formulas_or_askers(tmp_path: Path) -> None:
    page = (
        '<html lang="en"><body><article><h1>T</h1>'
        "<p>The tour was reportedly cut short. “I was tired of the road,” she told VH1.</p>"
        "<p>A reporter asked Judge Ana Ruiz, “What is the hardest part of the job?” "
        "“Listening without deciding too soon,” she replied.</p></article></body></html>"
    )
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    items = attribute(make_session(blocked=["imagery", "agency"]).load(str(path)))
    by_text = {item.sentence.text[:12]: item.effective for item in items}
    assert by_text["“I was tired"].kind == "person"  # not "reportedly"
    assert by_text["“Listening w"].speaker != "A reporter"  # the judge replies, not the asker
