"""Finding attributions and quotations in a sentence (private: use plugins/sourcing/attribution.py).

Results cross into attribution.py as plain tuples ``(kind, speaker, verb, start, end,
reason)``; kind may also be "pronoun" (resolved there against the previous speaker).
"""

from __future__ import annotations

import re

from provcheck.plugins.sourcing.quotes import QUOTE_CHARS
from provcheck.plugins.sourcing.runs import MAX_RUN, clip, pieces
from provcheck.plugins.sourcing.speakers import (
    TOKEN,
    base,
    grade_tokens,
    is_name,
    lex,
    word_set,
)

Found = tuple[str, str, str, int, int, str]
_BOUNDARY = re.compile(r"[,;:()\[\]“”\"«»—–]|’(?!\w)|‘|\s-\s")
_ADVERB = re.compile(r"[a-z]+ly")
_PARTICIPLE_ING = re.compile(r"[a-z]+ing")
_PASSIVE_TAIL = re.compile(r"\s+(?:of|by)\b")


def anonymity_reason(text: str) -> str:
    """The words that give a reason for anonymity ("not authorised to speak"), or ""."""
    match = lex().reasons.search(text)
    if match is None:
        return ""
    stop = re.compile(r"[,;.:)]").search(text, match.end())  # the whole reason clause
    return text[match.start() : stop.start() if stop else len(text)].strip()


def grade(phrase: str) -> str:
    """Grade a speaker phrase: person/organisation/role/anonymous/vague/none."""
    kind = grade_tokens(_tokens(phrase), phrase)
    if kind == "pronoun":
        return "organisation" if phrase.strip().lower() == "it" else "person"
    return kind.rstrip("?")


def verb_attributions(text: str, quotes: tuple[tuple[int, int], ...]) -> list[Found]:
    """Every attribution written in one sentence, in order of the verb.

    An over-long sentence is read in bounded runs (plugins/sourcing/runs.py), so the time
    stays linear in its length."""
    if len(text) <= MAX_RUN:
        return _attributions(text, quotes)
    found: list[Found] = []
    first, spans = 0, sorted(quotes)
    for low, high in pieces(text):
        local, first = clip(spans, low, high, first)
        for f in _attributions(text[low:high], local):
            found.append((f[0], f[1], f[2], f[3] + low, f[4] + low, f[5]))
    return found


def _attributions(text: str, quotes: tuple[tuple[int, int], ...]) -> list[Found]:
    lx = lex()
    found: list[Found] = []
    words = word_set(text)
    for start, end in lx.sources.spans(text, words):
        if not _inside(start, quotes):
            item = _after(text, end, text[start:end], start)
            if item is not None and item[0] != "none":
                found.append(item)
    for start, end in lx.verbs.spans(text, words):
        if not _inside(start, quotes) and not _taken((start, end), found):
            item = _before(text, start, end, text[start:end])
            if item is not None and item[0] != "none":
                found.append(item)
    for match in lx.vague_formulas.finditer(text):
        if not _inside(match.start(), quotes) and not _taken(match.span(), found):
            found.append(("vague", match.group(), match.group(), match.start(), match.end(), ""))
    if not found:
        for start, end in lx.participles.spans(text, words):
            comma = text[:start].rstrip().endswith(",")
            if not comma and not lx.has("participle_no_comma", text[start:end]):
                continue  # "sentimental writing" is a noun; ", writing that" a participle
            subject = subject_of(text[:start])
            if subject and not _inside(start, quotes):
                found.append((subject[0], subject[1], text[start:end], start, end, ""))
                break
    if not found:
        found.extend(_introduced(text, quotes))
    return sorted(found, key=lambda f: f[3])


def _introduced(text: str, quotes: tuple[tuple[int, int], ...]) -> list[Found]:
    """'Al-Kahlout resents it: “...”', 'A second official agreed, “...”': the quote is
    introduced by a colon or comma after a clause whose subject is a speaker."""
    for low, _ in quotes:
        lead = text[:low].rstrip()
        if lead.endswith((":", ",")) and len(lead) > 3:
            subject = subject_of(lead[:-1])
            if subject is not None:
                return [(subject[0], subject[1], lead[-1], 0, low, "")]
    return []


def _inside(pos: int, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= pos < high for low, high in spans)


def _taken(span: tuple[int, int], found: list[Found]) -> bool:
    return any(f[3] <= span[0] < f[4] or span[0] <= f[3] < span[1] for f in found)


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


# A speaker is named within a few words of its verb. Looking further back (or ahead) than
# this only costs time: without the bound, a 200 KB paragraph with no sentence breaks took
# minutes (every verb rescanned the text from its start).
_WINDOW = 300


def _last_boundary(text: str, end: int) -> int:
    begin = max(0, end - _WINDOW)
    last = -1
    for match in _BOUNDARY.finditer(text, begin, end):
        last = match.start()
    if last < 0 and begin > 0:
        return text.rfind(" ", 0, begin + 1)  # no boundary near: cut at a word break
    return last


def _before(text: str, start: int, end: int, verb: str) -> Found | None:
    lx = lex()
    cut = _last_boundary(text, start)
    raw = _tokens(text[cut + 1 : start])
    if raw and raw[-1].lower() in ("who", "which", "that"):
        return None  # "officials who asked ...": the verb of a relative clause
    toks = _strip_between(raw)
    if toks and lx.has("determiners", toks[-1].lower()):
        return None  # "the claims", "an estimated 400 people": a noun, not a verb
    if lx.has("passive_before_of", verb) and _PASSIVE_TAIL.match(text, end):
        return None  # "young people accused of a crime": a participle, not a verb
    noun_like = lx.has("noun_like_verbs", verb.lower())
    # "... case reports." ends on a noun; "..., the Sun Sentinel reports." on a verb.
    at_end = not text[end:].strip(' .!?"”’') and not (cut >= 0 and text[cut] in ',”"')
    if noun_like and (at_end or (toks and _noun_use(text, end, toks))):
        return None
    if not toks and cut >= 0 and text[cut] in ")—–":  # "the agency (NOAA) stated"
        opening = text.rfind("(" if text[cut] == ")" else text[cut], 0, cut)
        if opening > 0:  # "officials in Broward County — where ... — announced"
            return _before(text[:opening] + " " * (start - opening), start, end, verb)
    if not toks:
        return _appositive(text, cut, start, end, verb) or _after(text, end, verb, start)
    if toks[-1].lower() in lx.words["negators"]:
        return None
    np = _walk_back(toks)
    if not np:
        return None
    window = text[cut + 1 : start]
    np_start = text.find(np[0], cut + 1)
    item = _graded(np, window, verb, np_start, end)
    if noun_like and item[0] == "role?":
        return None
    speaker = text[np_start:start].strip() if item[0] == "anonymous" else " ".join(np)
    return (item[0].rstrip("?"), speaker, *item[2:])


def _noun_use(text: str, end: int, toks: list[str]) -> bool:
    """'Rao's claims', 'reports say': the verb word is a noun here."""
    nxt = _tokens(text[end : end + 30])[:1]
    return toks[-1].endswith(("'s", "’s")) or bool(nxt and lex().has("reporting_verbs", nxt[0]))


def _appositive(text: str, comma: int, start: int, end: int, verb: str) -> Found | None:
    """'Rao, who took office in March, said' / 'Rao, the minister, said' / 'a lawyer, Jo Kim,
    said' / '“...,” Jo Kim, senior vice president of fleet, finances and alliances, said'."""
    for _ in range(4):  # walk back over up to four comma-separated segments
        if comma < 0 or text[comma] != ",":
            return None
        inner_cut = _last_boundary(text, comma)
        segment = _tokens(text[inner_cut + 1 : comma])
        if not segment:
            return None
        first = segment[0].lower()
        clause = first in ("who", "whose", "which") or _PARTICIPLE_ING.fullmatch(segment[0])
        if clause or lex().has("determiners", first):  # "X, speaking on ..., said"
            return _relative(text, inner_cut, segment, start, end, verb)
        named = _walk_back(segment)
        if named == segment and is_name(segment[-1], True):
            return _graded(named, " ".join(named), verb, inner_cut + 1, end)
        comma = inner_cut
    return None


def _relative(
    text: str, inner_cut: int, segment: list[str], start: int, end: int, verb: str
) -> Found | None:
    lx = lex()
    first = segment[0].lower()
    if inner_cut < 0 or text[inner_cut] != ",":
        return None
    outer = _last_boundary(text, inner_cut)
    np = _walk_back(_tokens(text[outer + 1 : inner_cut]))
    if not np:
        return None
    window = text[outer + 1 : start].rstrip(" ,")
    item = _graded(np, window, verb, outer + 1, end)
    if item[0] in ("role", "role?") and lx.has("determiners", first):
        item = _graded(np + segment, window, verb, outer + 1, end)
    # Anonymous: the whole phrase shows why ("Two officials, who asked not to be named").
    speaker = window.strip() if item[0] == "anonymous" else " ".join(np)
    if lx.has("determiners", first) and item[0] != "anonymous":
        speaker = f"{speaker}, {' '.join(segment)}"  # "Anita Rao, the health minister"
    return (item[0].rstrip("?"), speaker, *item[2:])


def _after(text: str, pos: int, verb: str, start: int) -> Found | None:
    """'according to the ministry', '," said Rao': the speaker follows the verb."""
    lx = lex()
    if verb.lower() not in lx.source_first:
        # Only right after a quotation: '"...," said Rao' (not 'X, speaking ..., said Y').
        head = text[:start].rstrip().rstrip(",")
        if not lx.has("inverted_verbs", verb.lower()) or head[-1:] not in ("”", '"', "’", "»"):
            return None
    stop = _BOUNDARY.search(text, pos, pos + _WINDOW)
    window = text[pos : stop.start() if stop else pos + _WINDOW]
    np: list[str] = []
    for tok in _tokens(window)[:10]:
        if lx.has("stop_words", tok.lower()):
            break
        np.append(tok)
    while len(np) > 1 and lx.any(np[-1].lower(), "affiliation_words", "determiners"):
        np.pop()
    if not np or lx.has("affiliation_words", np[0].lower()):
        return None
    item = _graded(np, window, verb, start, text.find(np[-1], pos) + len(np[-1]))
    return (item[0].rstrip("?"), " ".join(np), *item[2:])


def _strip_between(toks: list[str]) -> list[str]:
    lx = lex()
    while toks and (lx.has("between_words", toks[-1].lower()) or _ADVERB.fullmatch(toks[-1])):
        toks = toks[:-1]
    if "who" in (t.lower() for t in toks):  # "officials who asked not to be named said"
        last_who = max(i for i, t in enumerate(toks) if t.lower() == "who")
        toks = toks[:last_who]
    return toks


def _walk_back(toks: list[str]) -> list[str]:
    """The noun phrase that ends right before the verb, with its 'at/for/of X' tails."""
    lx = lex()
    np: list[str] = []
    for i in range(len(toks) - 1, -1, -1):
        low = toks[i].lower()
        # "Oceanic and Atmospheric": a name goes on through "and".
        in_name = low == "and" and np and np[0][:1].isupper() and toks[i - 1][:1].isupper()
        verb_word = lx.has("reporting_verbs", toks[i]) and np  # "data showed [claims]"
        if (lx.has("stop_words", low) or len(np) >= 10 or verb_word) and not in_name:
            break
        if lx.has("affiliation_words", low) and (i == 0 or not np):
            break
        np.insert(0, toks[i])
        before = toks[i - 1].lower() if i > 0 else ""
        if lx.has("determiners", low) and not lx.has("affiliation_words", before):
            if before in ("the", "these", "those", "his", "her", "their", "its", "our"):
                np.insert(0, toks[i - 1])  # "the two experts"
            break
    while np and lx.has("affiliation_words", np[0].lower()):
        np.pop(0)
    return _trim_time(np)


def _trim_time(np: list[str]) -> list[str]:
    """'the ministry on Thursday' -> 'the ministry'."""
    lx = lex()
    end = len(np)
    while end > 1 and lx.any(np[end - 1].lower(), "time_words", "months"):
        end -= 1
    return np[:end] if end < len(np) and not np[end - 1][:1].isdigit() else np


def _graded(np: list[str], window: str, verb: str, start: int, end: int) -> Found:
    kind = grade_tokens(np, window)
    reason = anonymity_reason(window) if kind == "anonymous" else ""
    return (kind, " ".join(np), verb, max(start, 0), end, reason)


def subject_of(text: str) -> tuple[str, str] | None:
    """(kind, phrase) of the speaker-like phrase a text opens with (pronouns included)."""
    lx = lex()
    if text.lstrip()[:1] in QUOTE_CHARS:
        return None  # a quotation, not a subject
    nouns = ("determiners", "role_nouns", "organisation_nouns", "document_nouns")
    for part in text.split(",")[:2]:
        np: list[str] = []
        for tok in _tokens(part)[:8]:
            low = base(tok)
            if lx.any(low, "affiliation_words", "stop_words") and not np:
                break  # "In this ...", "When ...": an opening phrase, not a subject
            if tok[0].isupper() or lx.any(low, *nouns):
                np.append(tok)
            else:
                break
        kind = grade_tokens(np, " ".join(np)).rstrip("?") if np else "none"
        if kind in ("person", "organisation", "role", "pronoun"):
            return kind, " ".join(np)
    return None


def speaker_mention(text: str, known: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(kind, phrase) of a person, organisation or role the sentence opens with, if any
    ("He doesn't plan to go back." opens with a person). One capitalised word counts only
    if it is in ``known`` (names already quoted in the article): "Alley also ...", but not
    "Water reached ..."."""
    found = subject_of(text)
    if found is not None and found[0] != "pronoun":
        return found if " " in found[1] or found[1] in known else None
    if found is None:
        return None
    pronoun = found[1].lower()
    if pronoun in ("he", "she", "they"):
        return "person", found[1]
    return ("organisation", found[1]) if pronoun == "it" else None
