"""Who an accusation is against, once all are read: pronouns, offices and repeated names.

Takes the accusations found sentence by sentence and gives them with their parties settled:
"accused him of" stands for the party accused just before or named at the start of the
sentence, "the former president" after "Donald Trump" is Donald Trump, "the company denied
the allegations" after "X accused Pellam Foods" is Pellam Foods answering, and "Mark
Meadows" and "Meadows" are one party.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from provcheck import lexicon
from provcheck.plugins.balance.parties import Party, parties, unique
from provcheck.plugins.balance.units import Unit

if TYPE_CHECKING:
    from provcheck.plugins.balance.accusations import Accusation


def settle(found: list[Accusation], units: Sequence[Unit], text: str) -> list[Accusation]:
    """The accusations with their parties settled, in order (``text``: the article's)."""
    found = [a for a in found if _named_subject(a, text)]
    return _canonical(_resolve(_contested_first(found), units))


def _resolve(accusations: list[Accusation], units: Sequence[Unit]) -> list[Accusation]:
    """A pronoun ("accused him of") stands for the party accused up to three sentences before,
    else for the person or body named at the start of its own sentence or the one before
    ("Daniel Johnson faces a new charge, which accuses him of ...")."""
    resolved: list[Accusation] = []
    by_index = {u.index: u for u in units}
    roles = frozenset(lexicon("balance")["person_roles"])
    for a in accusations:
        if all(p.identifiable for p in a.accused):
            resolved.append(_role_as_person(a, resolved, roles))
            continue
        earlier = next((e for e in reversed(resolved) if e.unit.index >= a.unit.index - 3), None)
        accused = earlier.accused if earlier is not None else _named_lead(a, by_index)
        if accused:
            resolved.append(replace(a, accused=accused))
    return resolved


def _named_subject(a: Accusation, text: str) -> bool:
    """ "Driver pleads not guilty": a lone capitalised word that opens a headline is a name
    only if the article also writes it with a capital inside a sentence."""
    if a.kind != "contested" or len(a.accused) != 1 or a.accused[0].kind != "named":
        return True
    if a.unit.block.kind != "heading":
        return True  # in the body, "Castan has denied ..." names Castan
    word = a.accused[0].name
    if " " in word or not a.unit.text.startswith(word):
        return True
    return re.search(rf"[a-z,;]\s+{re.escape(word)}\b", text) is not None


def _contested_first(accusations: list[Accusation]) -> list[Accusation]:
    """A denial read as a contested claim adds a party only when it names one not yet
    accused: after "X accused Pellam Foods of ...", "the company denied the allegations" is
    Pellam Foods answering (balance_responses pairs it), not a second accused party."""
    kept: list[Accusation] = []
    for a in accusations:
        if a.kind == "contested" and any(k.kind != "contested" for k in kept) and not any(
            p.kind in ("named", "government") for p in a.accused
        ):
            continue
        kept.append(a)
    return kept


def _role_as_person(
    a: Accusation, earlier: Sequence[Accusation], roles: frozenset[str]
) -> Accusation:
    """ "the former president", after "Donald Trump" was accused, is Donald Trump."""
    person = next(
        (p for e in reversed(earlier) for p in e.accused if p.kind == "named"), None
    )
    if person is None:
        return a
    accused = tuple(
        person if p.kind == "institution" and set(p.keys) & roles else p for p in a.accused
    )
    accused = tuple(dict.fromkeys(accused))
    return replace(a, accused=accused)


def _named_lead(a: Accusation, by_index: dict[int, Unit]) -> tuple[Party, ...]:
    """The party that opens the accusation's sentence (or the sentence before), if any."""
    for index in (a.unit.index, a.unit.index - 1):
        unit = by_index.get(index)
        if unit is None or (index != a.unit.index and unit.block.kind == "heading"):
            continue
        text = unit.text[: a.span[0]] if index == a.unit.index else unit.text
        found = [p for p in parties().leading(text) if p.identifiable]
        if found and not any(p in a.accuser for p in found):
            return tuple(found)
    return ()


def _canonical(accusations: list[Accusation]) -> list[Accusation]:
    """One Party object per party ("Mark Meadows" in the headline, "Meadows" in the body)."""
    seen = unique(p for a in accusations for p in (*a.accused, *a.accuser))

    def same(group: tuple[Party, ...]) -> tuple[Party, ...]:
        return tuple(dict.fromkeys(next(s for s in seen if s.same_as(p)) for p in group))

    return [replace(a, accused=same(a.accused), accuser=same(a.accuser)) for a in accusations]
