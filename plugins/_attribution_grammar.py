"""The sentence grammar behind plugins/attribution.py: quotes, speaker phrases, grades.

Private to the attribution engine; import ``provcheck.plugins.attribution`` instead. Results
cross into attribution.py as plain tuples ``(kind, speaker, verb, start, end, reason)`` where
kind may also be "pronoun" (resolved there against the previous speaker).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from provcheck import lexicon

Found = tuple[str, str, str, int, int, str]
QUOTE_CHARS = '“"‘«'
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_](?:[\w&'’-]*[^\W_])?")
_BOUNDARY = re.compile(r"[,;:()\[\]“”\"«»—–]|’(?!\w)|‘|\s-\s")
_QUOTES = re.compile(r"“[^“”]*(?:”|$)|«[^«»]*(?:»|$)|(?<![\w])‘[^‘]*?’(?![\w])|\"[^\"]*\"")
_PARTICIPLE = re.compile(r"[a-z]+ed$")
_ADVERB = re.compile(r"[a-z]+ly")
_NATIONALITY = re.compile(r"(?:an|ese|ish|i|ch)$")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``text`` includes its marks; offsets into the text searched.

    ``title`` is True when it reads as the title of a work, a name or a term (after
    "called", "the film", "hashtag" ... or in Title Case), not as someone's words.
    """

    text: str
    start: int
    end: int
    title: bool = False

    @property
    def words(self) -> int:
        return len(_TOKEN.findall(self.text))


@dataclass(frozen=True, slots=True)
class _Lexicon:
    verbs: re.Pattern[str]
    source_first: frozenset[str]
    words: dict[str, frozenset[str]]
    anonymous: re.Pattern[str]
    reasons: re.Pattern[str]
    vague_formulas: re.Pattern[str]
    capitals: re.Pattern[str]
    title_cues: re.Pattern[str]

    def has(self, table: str, word: str) -> bool:
        return word in self.words[table]


def _alternation(items: list[str]) -> str:
    ordered = sorted(items, key=len, reverse=True)
    return "|".join(re.escape(item).replace(r"\ ", r"\s+") for item in ordered)


@functools.cache
def _lex() -> _Lexicon:
    lex = lexicon("sourcing")
    tables = [
        "noun_like_verbs",
        "between_words",
        "negators",
        "role_nouns",
        "organisation_nouns",
        "document_nouns",
        "vague_nouns",
        "organisation_words",
        "modifier_words",
        "determiners",
        "indefinite",
        "stop_words",
        "affiliation_words",
        "naming_affiliations",
        "pronouns",
        "reporting_verbs",
        "months",
    ]
    words = {name: frozenset(str(w).lower() for w in lex[name]) for name in tables}
    verbs = (
        rf"(?<![\w'’-])(?:(?i:{_alternation(lex['source_first'])})"
        rf"|{_alternation(lex['reporting_verbs'])})(?![\w'’-])"
    )
    capitals = [c.removeprefix("the ") for c in lex["capitals"]]
    return _Lexicon(
        verbs=re.compile(verbs),
        source_first=frozenset(s.lower() for s in lex["source_first"]),
        words=words,
        anonymous=re.compile("|".join(lex["anonymous_patterns"]), re.IGNORECASE),
        reasons=re.compile("|".join(lex["anonymity_reasons"]), re.IGNORECASE),
        vague_formulas=re.compile("|".join(lex["vague_formulas"]), re.IGNORECASE),
        capitals=re.compile(rf"\b(?:{_alternation(capitals)})\b"),
        title_cues=re.compile(rf"\b(?i:{_alternation(lex['title_cues'])})\s*$"),
    )


def find_quotes(text: str) -> tuple[Quote, ...]:
    """Quotations in ``text``: curly, guillemet, British single and paired straight quotes.

    An opening curly quote with no close runs to the end (a quote continued in the next
    paragraph, by news convention).
    """
    lex = _lex()
    out = []
    for match in _QUOTES.finditer(text):
        inner = match.group()[1:].rstrip('”»’"')
        before = text[max(0, match.start() - 24) : match.start()]
        title = bool(lex.title_cues.search(before)) or _title_case(inner)
        out.append(Quote(match.group(), match.start(), match.end(), title))
    return tuple(out)


def _title_case(inner: str) -> bool:
    long = [w for w in _TOKEN.findall(inner) if len(w) > 3]
    return bool(long) and all(w[0].isupper() for w in long) and not inner.rstrip().endswith(".")


def anonymity_reason(text: str) -> str:
    """The words that give a reason for anonymity ("not authorised to speak"), or ""."""
    match = _lex().reasons.search(text)
    return match.group() if match else ""


def grade(phrase: str) -> str:
    """Grade a speaker phrase: person/organisation/role/anonymous/vague/none."""
    kind = _grade([m.group() for m in _TOKEN.finditer(phrase)], phrase)
    if kind == "pronoun":
        return "organisation" if phrase.strip().lower() == "it" else "person"
    return kind.rstrip("?")


def verb_attributions(text: str, quotes: tuple[tuple[int, int], ...]) -> list[Found]:
    """Every attribution written in one sentence, in order of the verb."""
    lex = _lex()
    found: list[Found] = []
    for match in lex.verbs.finditer(text):
        if any(low <= match.start() < high for low, high in quotes):
            continue
        verb = match.group()
        if verb.lower() in lex.source_first or verb[0].isupper():
            item = _after(text, match.end(), verb, match.start())
        else:
            item = _before(text, match.start(), match.end(), verb, quotes)
        if item is not None and item[0] != "none":
            found.append(item)
    for match in lex.vague_formulas.finditer(text):
        taken = any(
            f[3] <= match.start() < f[4] or match.start() <= f[3] < match.end() for f in found
        )
        if not taken and not any(low <= match.start() < high for low, high in quotes):
            found.append(("vague", match.group(), match.group(), match.start(), match.end(), ""))
    colon = re.match(r"([A-Z][^:“\"]{1,60}):\s*[“\"‘]", text)
    if colon:
        found.append(_graded(_tokens(colon.group(1)), colon.group(1), ":", 0, colon.end()))
    return sorted(found, key=lambda f: f[3])


def _tokens(text: str) -> list[str]:
    return [m.group() for m in _TOKEN.finditer(text)]


def _last_boundary(text: str, end: int) -> int:
    last = -1
    for match in _BOUNDARY.finditer(text, 0, end):
        last = match.start()
    return last


def _before(
    text: str, start: int, end: int, verb: str, quotes: tuple[tuple[int, int], ...]
) -> Found | None:
    lex = _lex()
    cut = _last_boundary(text, start)
    toks = _strip_between(_tokens(text[cut + 1 : start]))
    if toks and lex.has("determiners", toks[-1].lower()):
        return None  # "the claims", "an estimated 400 people": a noun, not a verb
    if toks and verb.lower() in lex.words["noun_like_verbs"] and _noun_use(text, end, toks):
        return None
    if not toks:
        return _appositive(text, cut, start, end, verb) or _after(text, end, verb, start)
    if toks[-1].lower() in lex.words["negators"]:
        return None
    np = _walk_back(toks)
    if not np:
        return None
    window = text[cut + 1 : start]
    speaker = " ".join(np)
    item = _graded(np, window, verb, text.find(np[0], cut + 1), end)
    if verb.lower() in lex.words["noun_like_verbs"] and item[0] == "role?":
        return None
    return (item[0].rstrip("?"), speaker, *item[2:])


def _noun_use(text: str, end: int, toks: list[str]) -> bool:
    """'Rao's claims', 'growing fears', 'reports say': the verb word is a noun here."""
    nxt = _tokens(text[end : end + 30])[:1]
    return toks[-1].endswith(("'s", "’s")) or bool(nxt and _lex().has("reporting_verbs", nxt[0]))


def _appositive(text: str, comma: int, start: int, end: int, verb: str) -> Found | None:
    """'Rao, who took office in March, said' / 'Anita Rao, the minister, said'."""
    if comma < 0 or text[comma] != ",":
        return None
    inner_cut = _last_boundary(text, comma)
    segment = _tokens(text[inner_cut + 1 : comma])
    if inner_cut < 0 or text[inner_cut] != "," or not segment:
        return None
    first = segment[0].lower()
    lex = _lex()
    if first not in ("who", "whose", "which") and not lex.has("determiners", first):
        return None
    outer = _last_boundary(text, inner_cut)
    np = _walk_back(_tokens(text[outer + 1 : inner_cut]))
    if not np:
        return None
    window = text[outer + 1 : start].rstrip(" ,")
    item = _graded(np, window, verb, outer + 1, end)
    if item[0] in ("role", "role?") and lex.has("determiners", first):
        item = _graded(np + segment, window, verb, outer + 1, end)
    return (item[0].rstrip("?"), window.strip(), *item[2:])


def _after(text: str, pos: int, verb: str, start: int) -> Found | None:
    """'according to the ministry', '," said Rao': the speaker follows the verb."""
    lex = _lex()
    if verb.lower() not in lex.source_first:
        head = text[:start].rstrip()
        if head and head[-1] not in ',”"’»:—–':
            return None
    stop = _BOUNDARY.search(text, pos)
    toks = _tokens(text[pos : stop.start() if stop else len(text)])
    np: list[str] = []
    for tok in toks[:10]:
        low = tok.lower()
        if lex.has("stop_words", low) and not (np and low == "who"):
            break
        if low == "who":
            break
        np.append(tok)
    while np and (
        lex.has("affiliation_words", np[-1].lower()) or lex.has("determiners", np[-1].lower())
    ):
        np.pop()
    if not np or lex.has("affiliation_words", np[0].lower()):
        return None
    window = text[pos : stop.start() if stop else len(text)]
    item = _graded(np, window, verb, start, text.find(np[-1], pos) + len(np[-1]))
    return (item[0].rstrip("?"), " ".join(np), *item[2:])


def _strip_between(toks: list[str]) -> list[str]:
    lex = _lex()
    while toks and (lex.has("between_words", toks[-1].lower()) or _ADVERB.fullmatch(toks[-1])):
        toks = toks[:-1]
    if "who" in (t.lower() for t in toks):  # "officials who asked not to be named said"
        last_who = max(i for i, t in enumerate(toks) if t.lower() == "who")
        toks = toks[:last_who]
    return toks


def _walk_back(toks: list[str]) -> list[str]:
    """The noun phrase that ends right before the verb, with its 'at/for/of X' tails."""
    lex = _lex()
    np: list[str] = []
    for i in range(len(toks) - 1, -1, -1):
        low = toks[i].lower()
        if lex.has("stop_words", low) or len(np) >= 10:
            break
        if lex.has("affiliation_words", low) and (i == 0 or not np):
            break
        np.insert(0, toks[i])
        if lex.has("determiners", low) and not (
            i > 0 and lex.has("affiliation_words", toks[i - 1].lower())
        ):
            break
    while np and lex.has("affiliation_words", np[0].lower()):
        np.pop(0)
    return np


def _graded(np: list[str], window: str, verb: str, start: int, end: int) -> Found:
    kind = _grade(np, window)
    reason = anonymity_reason(window) if kind == "anonymous" else ""
    return (kind, " ".join(np), verb, max(start, 0), end, reason)


def _base(token: str) -> str:
    return token.lower().removesuffix("'s").removesuffix("’s")


def _grade(np: list[str], window: str) -> str:
    """Grade tokens; "role?" is the unsure fallback for an unknown common noun."""
    lex = _lex()
    if not np:
        return "none"
    if lex.anonymous.search(window) or lex.anonymous.search(" ".join(np)):
        return "anonymous"
    head_toks, tail = _split_head(np)
    head = _base(head_toks[-1])
    if head[:1].isdigit() or head in ("cent", "percent"):
        return "none"
    if len(head_toks) == 1 and lex.has("pronouns", head):
        return "pronoun"
    if lex.capitals.search(" ".join(head_toks)) or (head_toks[-1].isupper() and len(head) > 1):
        return "organisation"
    names = [t for i, t in enumerate(head_toks) if _is_name(t, i == len(head_toks) - 1)]
    if names:
        if head_toks[-1][0].islower():
            return "organisation" if _any(head, "organisation_nouns", "document_nouns") else "role"
        return "organisation" if any(_is_org(t) for t in head_toks) else "person"
    tail_named = _tail_named(tail)
    if lex.has("role_nouns", head):
        return "role"
    if lex.has("organisation_nouns", head):
        return "organisation"
    if lex.has("document_nouns", head):
        return _document(head, head_toks, tail_named)
    if lex.has("vague_nouns", head):
        return "role" if tail_named else "vague"
    return "role?" if head.isalpha() and head_toks[-1][0].islower() else "none"


def _tail_named(tail: list[str]) -> bool:
    """A name under 'at/for/of/from/by' (or after 'published', 'released') lends its name."""
    lex = _lex()
    naming = False
    for tok in tail:
        low = tok.lower()
        if lex.has("affiliation_words", low):
            naming = (naming and low == "in") or lex.has("naming_affiliations", low)
        elif _PARTICIPLE.match(tok):
            naming = True
        elif naming and _is_name(tok, True):
            return True
    return False


def _document(head: str, head_toks: list[str], tail_named: bool) -> str:
    lex = _lex()
    if tail_named:
        return "organisation"
    opener = head_toks[0].lower()
    if lex.has("indefinite", opener) or (len(head_toks) == 1 and lex.has("vague_nouns", head)):
        return "vague"
    return "organisation"


def _split_head(np: list[str]) -> tuple[list[str], list[str]]:
    lex = _lex()
    for i, tok in enumerate(np[1:], start=1):
        if lex.has("affiliation_words", tok.lower()) or (
            _PARTICIPLE.match(tok) and not _any(tok.lower(), "role_nouns", "vague_nouns")
        ):
            return np[:i], np[i:]
    return np, []


def _any(word: str, *tables: str) -> bool:
    return any(_lex().has(t, word) for t in tables)


def _is_name(token: str, last: bool) -> bool:
    if not token[:1].isupper():
        return False
    low = _base(token)
    if _any(
        low,
        "modifier_words",
        "determiners",
        "role_nouns",
        "vague_nouns",
        "pronouns",
        "stop_words",
        "organisation_nouns",
        "document_nouns",
        "affiliation_words",
        "months",
    ):
        return False
    return last or not _NATIONALITY.search(low)


def _is_org(token: str) -> bool:
    low = _base(token)
    return _lex().has("organisation_words", low) or (token.isupper() and len(token) > 1)


def speaker_mention(text: str) -> tuple[str, str] | None:
    """(kind, phrase) of a person, organisation or role the sentence opens with, if any."""
    for part in text.split(",")[:2]:
        np: list[str] = []
        for tok in _tokens(part)[:8]:
            low = _base(tok)
            if tok[0].isupper() or _any(low, "determiners", "role_nouns", "organisation_nouns"):
                np.append(tok)
            else:
                break
        kind = _grade(np, " ".join(np)) if np else "none"
        if kind in ("person", "organisation", "role"):
            return kind, " ".join(np)
    return None
