"""BAL: accusations, the accused side's answer, and evidence without a source."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from provcheck import CheckContext, Config, Finding, Level, builtin_rules
from provcheck.host import Session
from provcheck.plugins.balance.check import BalanceCheck
from provcheck.report import Report
from provcheck.testing import make_session, scan_html, scan_path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "articles"
CORPUS = Path(__file__).parents[2] / "shared" / "corpus"


@pytest.fixture(scope="module")
def session() -> Session:
    return make_session()


def page(*paragraphs: str, title: str = "A story", head: str = "", lang: str = "en") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html lang='{lang}'><head><title>{title}</title>{head}</head><body><article>"
        f"<h1>{title}</h1><p class='byline'>By Ann Reporter</p>{body}</article></body></html>"
    )


def scan(session: Session, *paragraphs: str, **kwargs: str) -> Report:
    return scan_html(page(*paragraphs, **kwargs), session=session)


def bal(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.code.startswith("BAL")]


def codes(report: Report) -> list[str]:
    return sorted(f.code for f in bal(report))


def balance_summary(report: Report) -> dict[str, Any] | None:
    return dict(report.summaries).get("balance")


def balance_applies(report: Report) -> bool:
    assert report.score is not None
    return next(d for d in report.score.dimensions if d.name == "balance").applicable


# --- accusations and answers ----------------------------------------------------------------


def test_accusation_with_no_answer_fires_bal101_naming_the_party(session: Session) -> None:
    report = scan(session, "Officials accused the ministry of hiding the report.")
    [finding] = bal(report)
    assert finding.code == "BAL101"
    assert "“the ministry”" in finding.message
    assert finding.text == "Officials accused the ministry of hiding the report."
    assert finding.position.line > 0
    assert balance_applies(report)


def test_denial_with_reason_is_reported_as_bal104(session: Session) -> None:
    report = scan(
        session,
        "Officials accused the ministry of hiding the report.",
        "The ministry denied it, saying the report was still being checked.",
    )
    [finding] = bal(report)
    assert finding.code == "BAL104" and finding.positive
    assert dict(finding.data) == {"who": "the ministry", "reason_given": True}


def test_bare_denial_adds_bal105(session: Session) -> None:
    report = scan(
        session,
        "A former worker accused Pellam Foods of faking hygiene logs.",
        "The company denied the allegations.",
    )
    assert codes(report) == ["BAL104", "BAL105"]
    denial = next(f for f in bal(report) if f.code == "BAL104")
    assert dict(denial.data)["reason_given"] is False


def test_a_reason_in_the_next_sentence_by_the_same_side_counts(session: Session) -> None:
    report = scan(
        session,
        "Varland accused Estmark and Borovia of diverting the river.",
        "Estmark and Borovia denied the accusation. Estmark's foreign ministry called the "
        "claims baseless and said the drought had lowered the river.",
    )
    [finding] = bal(report)
    assert finding.code == "BAL104"
    assert dict(finding.data) == {"who": "Estmark and Borovia", "reason_given": True}


def test_a_capital_answers_for_its_government(session: Session) -> None:
    report = scan(
        session,
        "South Korea accused North Korea of jamming GPS signals near the border.",
        "Pyongyang denied the report, calling it a fabrication.",
    )
    [finding] = bal(report)
    assert finding.code == "BAL104"
    assert dict(finding.data)["who"] == "North Korea"


def test_a_denial_by_someone_not_accused_is_not_an_answer(session: Session) -> None:
    report = scan(
        session,
        "Veloria accused Castan of shelling the border town.",
        "Marenia denied that its troops had crossed the frontier.",
    )
    assert codes(report) == ["BAL101"]
    assert "“Castan”" in bal(report)[0].message


@pytest.mark.parametrize(
    "status",
    [
        "Acme Chemicals did not respond to a request for comment.",
        "Acme Chemicals declined to comment.",
        "A spokesperson for Acme Chemicals could not be reached on Friday.",
    ],
)
def test_a_reply_sought_but_not_given_is_bal102(session: Session, status: str) -> None:
    report = scan(
        session, "Residents accused Acme Chemicals of dumping waste in the river.", status
    )
    [finding] = bal(report)
    assert finding.code == "BAL102"
    assert finding.text == status
    assert finding.level is Level.INFO


def test_a_bystander_declining_to_comment_is_not_the_accused_side(session: Session) -> None:
    report = scan(
        session,
        "Residents accused Acme Chemicals of dumping waste in the river.",
        "The Environment Agency declined to comment.",
    )
    assert codes(report) == ["BAL101"]


def test_a_statement_by_the_accused_side_is_an_answer(session: Session) -> None:
    report = scan(
        session,
        "Prosecutors allege that Hollis Freight falsified safety records.",
        "A lawyer for the company said it would fight the charges.",
    )
    assert codes(report) == []
    summary = balance_summary(report)
    assert summary is not None and summary["response"] == "statement"


def test_denied_bail_is_not_a_denial_and_a_plea_needs_no_reason(session: Session) -> None:
    bail = scan(
        session,
        "Former councillor Dana Whitlock, 52, was charged with fraud on Monday.",
        "She was denied bail.",
    )
    assert codes(bail) == ["BAL101"]
    plea = scan(
        session,
        "Former councillor Dana Whitlock, 52, was charged with fraud on Monday.",
        "Whitlock pleaded not guilty.",
    )
    assert codes(plea) == ["BAL104"]


def test_a_pronoun_denial_answers_the_named_accused(session: Session) -> None:
    report = scan(
        session,
        "Mayor Jane Doe was accused of steering contracts to a friend's firm.",
        "She denied any wrongdoing, saying every contract went to tender.",
    )
    [finding] = bal(report)
    assert finding.code == "BAL104"
    assert dict(finding.data) == {"who": "Jane Doe", "reason_given": True}


def test_the_place_of_an_arrest_is_not_accused(session: Session) -> None:
    report = scan(
        session,
        "Premier Lionel Hardy has been detained in Portugal on fraud charges.",
        "Portugal's justice ministry said the arrest followed a request from London.",
    )
    [finding] = bal(report)
    assert finding.code == "BAL101"
    assert dict(finding.data)["accused"] == ["Lionel Hardy"]


def test_a_headline_name_and_a_full_name_are_one_party(session: Session) -> None:
    report = scan(
        session,
        "Marisa Sookdeo was charged with the murder of her father on Wednesday.",
        title="Marisa charged with killing her father",
    )
    [finding] = bal(report)
    assert finding.code == "BAL101"
    assert dict(finding.data)["accused"] == ["Marisa Sookdeo"]
    assert finding.text.startswith("Marisa Sookdeo was charged")  # the body, not the headline


def test_a_denial_before_the_accusation_is_not_credited_as_its_denial(session: Session) -> None:
    report = scan(
        session,
        "Rafael Ortega now denies he ever promised to freeze rents.",
        "On Monday, Senator Gloria Vance accused Ortega of blocking housing projects.",
    )
    assert codes(report) == []  # answered (not BAL101), but not BAL104 either


# --- near-misses: BAL stays quiet and the dimension is n/a --------------------------------


@pytest.mark.parametrize(
    "paragraphs",
    [
        ("He charged his phone overnight.", "The battery charge lasted two days."),
        ("The militant group claimed responsibility for the attack.",),
        ("The company blamed the weather for the losses.",),
        (
            "A 34-year-old man has been charged with burglary.",
            "The man is alleged to have forced the door of a bakery.",
        ),
        ("The loggers alleged that Ramdehol had asked them to join his hunting trip.",),
        ("“The allegations against his company were everywhere,” a voter said.",),
        ("Evidence suggests that regular walking lowers blood pressure.",),
        ("The Senate rejected the amendment.", "The judge dismissed the claims as moot."),
    ],
)
def test_near_misses_stay_quiet(session: Session, paragraphs: tuple[str, ...]) -> None:
    report = scan(session, *paragraphs)
    assert codes(report) == []
    assert not balance_applies(report)
    assert balance_summary(report) is None


def test_sport_talk_is_not_an_accusation(session: Session) -> None:
    report = scan(
        session,
        "Harlow manager Dean Pike accused Corby striker Luca Venn of diving in the match.",
        "Pike blamed the referee for the penalty and the late goal.",
        "Corby are fourth in the league after the win, with the season half over.",
    )
    assert codes(report) == []


def test_opinion_pages_are_not_checked(session: Session) -> None:
    head = '<meta property="article:section" content="Opinion">'
    report = scan(session, "Critics accused the ministry of hiding the report.", head=head)
    assert codes(report) == [] and not balance_applies(report)


def test_other_languages_are_not_checked(session: Session) -> None:
    report = scan(session, "Officials accused the ministry of hiding the report.", lang="de")
    assert codes(report) == []


# --- evidence -------------------------------------------------------------------------------


def test_vague_evidence_of_wrongdoing_is_bal103(session: Session) -> None:
    report = scan(
        session,
        "Evidence suggests the ministry knew about the contract months earlier.",
        "Officials accused the ministry of hiding the contract.",
        "The ministry denied it, saying the contract was approved by parliament.",
    )
    assert codes(report) == ["BAL103", "BAL104"]
    evidence = next(f for f in bal(report) if f.code == "BAL103")
    assert evidence.text.startswith("Evidence suggests")


def test_an_allegation_with_no_one_making_it_is_both_accusation_and_bal103(
    session: Session,
) -> None:
    report = scan(
        session,
        "It is alleged that the councillor accepted bribes from developers.",
        "According to local reports, the payments were made in cash.",
        "The councillor denied the claims, calling them lies.",
    )
    assert codes(report) == ["BAL103", "BAL103", "BAL104"]
    denial = next(f for f in bal(report) if f.code == "BAL104")
    assert "accusation that the councillor accepted bribes" in denial.message


@pytest.mark.parametrize(
    "sentence",
    [
        "Evidence gathered by UN inspectors suggests the shells came from Castan.",
        "There is clear evidence that the shipments continued, the UN panel said.",
        "According to reports by the Financial Times, the crates were relabelled.",
    ],
)
def test_credited_evidence_is_quiet(session: Session, sentence: str) -> None:
    report = scan(
        session,
        "Officials accused Castan of arming the rebels.",
        sentence,
        "Castan rejected the accusations as politically motivated.",
    )
    assert codes(report) == ["BAL104"]


# --- the balance table ------------------------------------------------------------------------


def test_summary_is_plain_json_with_both_sides(session: Session) -> None:
    report = scan(
        session,
        "Varland on Thursday accused Estmark of diverting the river.",
        "Water Minister Helena Marsk said the flow had fallen by 38 per cent.",
        "Estmark's foreign ministry denied the accusation, calling it baseless.",
    )
    summary = balance_summary(report)
    assert summary is not None
    assert json.loads(json.dumps(summary)) == summary
    accuser, accused = summary["sides"]
    assert (accuser["side"], accuser["party"]) == ("accuser", "Varland")
    assert (accused["side"], accused["party"]) == ("accused", "Estmark")
    assert accused["sentences"] >= 1 and accused["named_sources"] >= 1
    assert summary["response"] == "denial" and summary["reason_given"] is True


# --- rules, fixtures, corpus -------------------------------------------------------------------


# --- contested claims, claims without an accuse verb, charges (issue 14) -------------------


def test_a_denial_of_wrongdoing_reports_the_claim_it_answers(session: Session) -> None:
    report = scan(
        session,
        "Tomas Rill will stay on the board while the audit continues.",
        "Rill, who has denied any wrongdoing, said the payments were approved by the board.",
    )
    [finding] = bal(report)
    assert finding.code == "BAL104"
    assert dict(finding.data) == {"who": "Rill", "reason_given": True}
    assert finding.text.startswith("Rill, who has denied any wrongdoing")
    assert balance_applies(report)


@pytest.mark.parametrize(
    "sentence",
    [
        "Harrow Mining denied reports that it plans to sell its smelter.",
        "Tomas Rill was denied a visa to attend the conference.",
        "Scientists rejected claims that the vaccine causes harm.",
        "Harrow Mining denied having talks with Orlan Metals about a merger.",
        "Lorrain County prosecutors dismissed the charges after two witnesses recanted.",
        "The company denied that prices would rise next year.",
    ],
)
def test_a_denial_of_something_other_than_wrongdoing_is_no_claim(
    session: Session, sentence: str
) -> None:
    assert bal(scan(session, sentence)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Castan has denied shelling the town, saying its guns were moved in May.",
        "The company denied that it had dumped waste, saying its permits were in order.",
    ],
)
def test_denying_a_wrongful_act_reports_the_claim(session: Session, sentence: str) -> None:
    [finding] = bal(scan(session, sentence))
    assert finding.code == "BAL104"
    assert "only through the denial" in finding.message


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("Orlan Freight rejected the allegations, saying its books were audited.", "Orlan Freight"),
        ("Mara Lind pleaded not guilty to fraud on Tuesday.", "Mara Lind"),
        ("Mara Lind, who maintains her innocence, will stand trial in May.", "Mara Lind"),
        ("The club rejected claims that it had overcharged fans, saying prices were unchanged.",
         "the club"),
    ],
)
def test_each_form_of_contested_claim_is_reported(
    session: Session, sentence: str, who: str
) -> None:
    found = bal(scan(session, sentence))
    assert [f.code for f in found] == ["BAL104"]
    assert dict(found[0].data)["who"] == who


def test_despite_denials_names_the_side_that_denies(session: Session) -> None:
    report = scan(
        session,
        "Veloria blamed Castan for the shelling of the town, despite repeated denials from "
        "Castan.",
    )
    assert codes(report) == ["BAL104", "BAL105"]
    assert dict(next(f for f in bal(report) if f.code == "BAL104").data)["who"] == "Castan"


def test_a_plea_before_the_charge_answers_it(session: Session) -> None:
    report = scan(
        session,
        "A 36-year-old teacher from Kelso pleaded not guilty on Monday in a Lorrain court.",
        "Ivo Brandt faces a new charge, which accuses him of fraud against the school.",
    )
    [finding] = bal(report)
    assert finding.code == "BAL104"
    assert dict(finding.data)["who"] == "Ivo Brandt"  # not Kelso, where he lives
    assert "plea" in finding.message


def test_a_charge_with_no_word_from_the_accused_is_bal101_at_info(session: Session) -> None:
    report = scan(session, "Police charged Mara Lind with fraud on Tuesday.")
    [finding] = bal(report)
    assert finding.code == "BAL101" and finding.level is Level.INFO
    assert dict(finding.data)["charge"] is True
    assert "“Mara Lind”" in finding.message and "lawyer" in finding.message
    accusation = scan(session, "Officials accused Mara Lind of hiding the report.")
    [warning] = bal(accusation)
    assert warning.level is Level.WARNING and finding.points < warning.points


def test_the_accused_sides_own_dismissal_in_quotes_is_a_denial(session: Session) -> None:
    report = scan(
        session,
        "Prosecutors accused Mayor Ilse Varga of steering contracts to her brother.",
        "“This is a witch hunt,” Varga said.",
    )
    assert codes(report) == ["BAL104"]
    accuser = scan(
        session,
        "Prosecutors accused Mayor Ilse Varga of steering contracts to her brother.",
        "“This is not a witch hunt,” the prosecutor Anton Meyer said.",
    )
    assert codes(accuser) == ["BAL101"]


@pytest.mark.parametrize(
    ("sentence", "accused"),
    [
        ("Officials say Castan has supplied weapons to the rebels.", "Castan"),
        ("Officials say Castan has sent shells to Estmark in breach of sanctions.", "Castan"),
        ("A tenant is alleging Larch Homes's managers concealed the warnings.", "Larch Homes"),
        ("Critics pointed to the finding that Keswick Water dumped sewage.", "Keswick Water"),
        ("The minister laid the blame on Orlan Freight for the smuggling.", "Orlan Freight"),
        ("The ruling party is accused by critics of rigging the vote.", "the ruling party"),
    ],
)
def test_claims_of_wrongdoing_without_an_accuse_verb(
    session: Session, sentence: str, accused: str
) -> None:
    [finding] = bal(scan(session, sentence))
    assert finding.code == "BAL101"
    assert dict(finding.data)["accused"] == [accused]


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials say Germany has supplied weapons to Ukraine since 2022.",
        "Veloria claims that the shelling of Dravo killed four civilians.",
        "The inquiry's finding that the fire at Grenholm Tower killed 12 people was accepted.",
    ],
)
def test_near_misses_of_claims_without_an_accuse_verb(session: Session, sentence: str) -> None:
    assert bal(scan(session, sentence)) == []


def test_an_appositive_denial_answers_and_is_not_a_criminal_charge(session: Session) -> None:
    report = scan(session, "Varland accused Estmark of arming militants, a charge Estmark denies.")
    assert codes(report) == ["BAL104", "BAL105"]
    repeated = scan(
        session, "Varland accused Estmark of arming militants, a charge Borovia repeated."
    )
    [finding] = bal(repeated)
    assert finding.code == "BAL101" and finding.level is Level.WARNING


def test_no_immediate_comment_from_names_who_was_silent(session: Session) -> None:
    accusation = "Veloria's army said on Sunday that Castan's troops had violated the ceasefire."
    report = scan(session, accusation, "There was no immediate comment from Castan.")
    assert codes(report) == ["BAL102"]
    bystander = scan(session, accusation, "There was no immediate comment from Marenia.")
    assert codes(bystander) == ["BAL101"]


def test_the_standfirst_under_the_headline_is_read(session: Session) -> None:
    head = (
        "<meta name='description' content='Inspectors accused Pell Dairy of mislabelling "
        "milk from its Brenna plant.'>"
    )
    report = scan(session, "The plant produced 38 million litres last year.", head=head)
    [finding] = bal(report)
    assert finding.code == "BAL101"
    assert finding.text.startswith("Inspectors accused Pell Dairy")


def test_a_one_line_teaser_in_the_body_is_not_read(session: Session) -> None:
    teaser = "Watch: Senator accuses Orlan Freight of bribing port inspectors"
    assert bal(scan(session, teaser, "Port traffic rose by 4 per cent in March.")) == []
    assert codes(scan(session, teaser + ".", "Port traffic rose in March.")) == ["BAL101"]


# --- bounded time on hostile input (issue 12) ------------------------------------------------


def _unpunctuated(size: int) -> str:
    """One paragraph with no full stop: an accusation, a denial, vague evidence, then a run of
    capitalised names (the run made BAL's credited-evidence pattern quadratic: 20 KB took 5 s)."""
    names = ["Varland", "Estmark", "Castan", "Borovia", "Lopes", "Hale", "Rill", "Brandt"]
    words = ["Varland accused Estmark of fraud and Estmark denied it and evidence suggests"]
    total = len(words[0])
    while total < size:
        words.append(names[len(words) % len(names)])
        total += len(words[-1]) + 1
    return " ".join(words)


def test_sentences_are_read_in_bounded_pieces() -> None:
    from provcheck.plugins.balance.units import MAX_UNIT, units

    report_units = units(_article(page(_unpunctuated(50_000))))
    assert max(len(u.text) for u in report_units) <= MAX_UNIT
    assert sum(len(u.text) for u in report_units) >= 50_000 - len(report_units)


def _article(html: str) -> Any:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.html"
        path.write_text(html, encoding="utf-8")
        return make_session().load(str(path))


def _many_paragraphs(count: int) -> list[str]:
    """A megabyte of short paragraphs, each with an accusation, a speaker and a denial (the
    answers' party lists were rebuilt per phrase: 8,000 paragraphs took 10 s)."""
    names = ["Varland", "Estmark", "Castan", "Borovia", "Lorrain", "Marenia"]
    return [
        f"{names[i % 6]} accused {names[(i + 1) % 6]} Group of fraud and officials said "
        f"Minister {names[(i + 2) % 6]} Hale had denied the allegations."
        for i in range(count)
    ]


@pytest.mark.parametrize("shape", ["one paragraph", "many paragraphs"])
def test_a_megabyte_full_of_accusations_finishes_in_seconds(shape: str) -> None:
    import time

    if shape == "one paragraph":
        article = _article(page(_unpunctuated(1_000_000)))
    else:
        article = _article(page(*_many_paragraphs(8_000)))
    check = BalanceCheck()
    started = time.perf_counter()
    findings = list(check.run(article, CheckContext(Config())))
    elapsed = time.perf_counter() - started
    assert findings  # it did read the page
    assert elapsed < 30, f"BAL took {elapsed:.1f} s on a megabyte ({shape})"


def test_rules_come_from_toml_with_points_and_levels() -> None:
    rules = {r.code: r for r in builtin_rules("balance")}
    assert set(rules) == {"BAL101", "BAL102", "BAL103", "BAL104", "BAL105"}
    assert rules["BAL101"].level is Level.WARNING and rules["BAL101"].points > 0
    assert rules["BAL104"].positive and rules["BAL104"].points == 0
    assert all(r.dimension == "balance" and r.explanation and r.fix for r in rules.values())


def _fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("bal-*.html"))


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: p.stem)
def test_each_fixture_gives_exactly_its_labelled_findings(session: Session, path: Path) -> None:
    spec = tomllib.loads(path.with_suffix(".expect.toml").read_text(encoding="utf-8"))
    report = scan_path(path, session)
    got = sorted((f.code, f.text) for f in bal(report))
    want = sorted(spec.get("finding", []), key=lambda e: e["code"])
    assert [c for c, _ in got] == [e["code"] for e in want], got
    for entry in want:
        assert any(c == entry["code"] and entry["text"] in t for c, t in got), entry


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="../shared/corpus is absent")
def test_no_crash_and_plain_summaries_on_real_pages(session: Session) -> None:
    words = (b"accused", b"allegation", b"denied", b"declined to comment", b"charged with")
    pages = [
        p for p in sorted((CORPUS / "pages").glob("*.html"))
        if any(w in p.read_bytes() for w in words)
    ][:25]  # fmt: skip
    assert pages
    check = BalanceCheck()
    for path in pages:
        ctx = CheckContext(Config())
        findings = list(check.run(session.load(str(path)), ctx))  # must not raise
        assert all(f.code.startswith("BAL") and f.text for f in findings), path.name
        summary = ctx.summaries.get("balance")
        assert summary is None or json.loads(json.dumps(summary)) == summary
        assert ("balance" in ctx.applicable) == (summary is not None), path.name
