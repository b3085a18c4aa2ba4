"""The example plugin's own tests, written with provcheck's provcheck_scan fixture."""

from __future__ import annotations

import provcheck_house_style as house

STORY = """<html><head><title>Port strike</title></head><body><article>
<h1>Dock workers strike over pay</h1>
<p class="byline">By Lena Ortiz</p>
<figure><img src="strike.jpg" alt="Workers at the gates">
<figcaption>Workers at the port gates.
<span class="credit">Photo: Harbour Pictures</span></figcaption></figure>
<p>Sources said talks had collapsed on Monday night.</p>
<p>The union said it would meet again on Friday.</p>
</article></body></html>"""


def codes(report):
    return sorted(f.code for f in report.findings if f.code.startswith("HSE"))


def test_pack_rule_and_python_check_fire(provcheck_scan):
    report = provcheck_scan(STORY, plugins=[house])
    assert codes(report) == ["HSE101", "HSE201"]
    credit = next(f for f in report.findings if f.code == "HSE201")
    assert credit.text == "Photo: Harbour Pictures"
    assert "names no allowed agency" in credit.message


def test_reason_for_anonymity_silences_the_pack_rule(provcheck_scan):
    reasoned = STORY.replace(
        "talks had collapsed on Monday night.",
        "talks had collapsed. They spoke on condition of anonymity because the talks are private.",
    )
    assert "HSE101" not in codes(provcheck_scan(reasoned, plugins=[house]))


def test_allow_list_comes_from_config(provcheck_scan):
    from provcheck import Config

    config = Config(plugins=(("house-style", {"allowed-photo-agencies": ["Harbour Pictures"]}),))
    report = provcheck_scan(STORY, plugins=[house], config=config)
    assert "HSE201" not in codes(report)


def test_ai_image_caption_is_an_error(provcheck_scan):
    ai = STORY.replace("Workers at the port gates.", "An AI-generated image of a port.")
    finding = next(f for f in provcheck_scan(ai, plugins=[house]).findings if f.code == "HSE102")
    assert finding.level.label == "error"
