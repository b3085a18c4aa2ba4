"""Finding attributions and quotations in a sentence (private: use plugins/sourcing/attribution.py).

Results cross into attribution.py as plain tuples ``(kind, speaker, verb, start, end,
reason)``; kind may also be "pronoun" (resolved there against the previous speaker).
"""

from __future__ import annotations

import re

from provcheck.plugins.sourcing.runs import MAX_RUN, clip, pieces
from provcheck.plugins.sourcing.speakers import (
    TOKEN,
    base,
    grade_tokens,
    is_name,
    lex,
    word_set,
)
from provcheck.plugins.sourcing.subjects import (
    anonymity_reason,
    grade,
    speaker_mention,
    strip_between,
    subject_of,
    walk_back,
)

Found = tuple[str, str, str, int, int, str]
# An en dash joins words ("South Africa–born"); spaced, it is a break like the em dash.
_BOUNDARY = re.compile(r"[,;:()\[\]“”\"«»—]|\s–\s?|–\s|’(?!\w)|‘|\s-\s")
_ADVERB = re.compile(r"[a-z]+ly")
_SPEAKER_AFTER = re.compile(r"\s+([^,;:.!?]{1,80}?)\s*(?:[,;]|[.!?]?[”\"’]?\s*$)")
_PARTICIPLE_ING = re.compile(r"[a-z]+ing")
_PASSIVE_TAIL = re.compile(r"\s+(?:of|by)\b")
_TO_TAIL = re.compile(r"\s+to\s+(?:be|have)\b")
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|been|being)\s+(?:\w+ly\s+)?$")


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
    bare = list(raw)
    while bare and (lex().has("between_words", bare[-1].lower()) or _ADVERB.fullmatch(bare[-1])):
        bare.pop()  # "who now advises", "which has also found"
    if bare and bare[-1].lower() in ("who", "which", "that"):
        return None  # "officials who asked ...": the verb of a relative clause
    toks = strip_between(raw)
    if toks and lx.has("determiners", toks[-1].lower()):
        return None  # "the claims", "an estimated 400 people": a noun, not a verb
    if lx.has("passive_before_of", verb) and _PASSIVE_TAIL.match(text, end):
        return None  # "young people accused of a crime": a participle, not a verb
    if lx.has("passive_before_to", verb) and _TO_TAIL.match(text, end) and not _AUXILIARY.search(
        text, max(0, start - 12), start
    ):
        return None  # "a man believed to have fled": a participle ("is believed to" is vague)
    noun_like = lx.has("noun_like_verbs", verb.lower())
    if noun_like and text[:start].rstrip()[-1:] in ("'", "’"):
        return None  # "the analysts' notes": a plural possessive, then a noun
    # "... case reports." ends on a noun; "..., the Sun Sentinel reports." on a verb.
    at_end = not text[end:].strip(' .!?"”’') and not (cut >= 0 and text[cut] in ',”"')
    if noun_like and (at_end or (toks and _noun_use(text, end, toks))):
        return None
    if not toks and cut >= 0 and text[cut] in ")—–":  # "the agency (NOAA) stated"
        opening = text.rfind("(" if text[cut] == ")" else text[cut], 0, cut)
        if opening > 0:  # "officials in Broward County — where ... — announced"
            return _before(text[:opening] + " " * (start - opening), start, end, verb)
    if not toks:
        after = _after(text, end, verb, start, comma=True)
        if after is not None and after[0] in ("person", "organisation", "role"):
            return after  # "Jobs were hurt by ..., said Ahmad Ijaz, an economist."
        return _appositive(text, cut, start, end, verb) or _after(text, end, verb, start)
    if toks[-1].lower() in lx.words["negators"]:
        return None
    np = walk_back(toks)
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
        named = walk_back(segment)
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
    np = walk_back(_tokens(text[outer + 1 : inner_cut]))
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


def _after(text: str, pos: int, verb: str, start: int, comma: bool = False) -> Found | None:
    """'according to the ministry', '," said Rao': the speaker follows the verb. With
    ``comma``, also '..., said Ahmad Ijaz, an economist.' (a clause, a comma, the verb)."""
    lx = lex()
    if verb.lower() not in lx.source_first:
        # Only right after a quotation: '"...," said Rao' (not 'X, speaking ..., said Y').
        head = text[:start].rstrip()
        quoted = head.rstrip(",")[-1:] in ("”", '"', "’", "»")
        after_comma = comma and head[-1:] == ","
        if not lx.has("inverted_verbs", verb.lower()) or not (quoted or after_comma):
            return None
        if not quoted and not _ends_clause(text, pos):
            return None  # "..., said to be the largest": not a speaker
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


def _ends_clause(text: str, pos: int) -> bool:
    """The words after an inverted verb are only a speaker, up to a comma or the end of the
    sentence: "said Ahmad Ijaz, an economist", "said the ministry." (not "said the talks
    had collapsed": every word must be a name, a determiner or a speaker noun)."""
    match = _SPEAKER_AFTER.match(text, pos)
    if match is None:
        return False
    lx = lex()
    toks = _tokens(match.group(1))
    tables = ("determiners", "role_nouns", "organisation_nouns", "modifier_words")
    return 0 < len(toks) <= 8 and all(t[:1].isupper() or lx.any(base(t), *tables) for t in toks)


def _graded(np: list[str], window: str, verb: str, start: int, end: int) -> Found:
    kind = grade_tokens(np, window)
    reason = anonymity_reason(window) if kind == "anonymous" else ""
    return (kind, " ".join(np), verb, max(start, 0), end, reason)


__all__ = ["anonymity_reason", "grade", "speaker_mention", "subject_of", "verb_attributions"]
