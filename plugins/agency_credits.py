"""AGY's credit reader: the agency lexicon of rules/agency.toml, compiled, and the credits
one article carries, found by POSITION (dateline, trailer, byline, photo credit).

A credit piece is an agency only when the whole piece is an agency's name, so "AP" in
"APPLE", "the AP Stylebook" or "told Reuters" in a sentence is never a credit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from provcheck import Article, Block, Position

STRIP = " \t\n\u200b\u200c\u200d\ufeff.,:;'\"“”‘’()[]*-–—―"
_INITIALS = re.compile(r"(?:\s+[a-z]{1,3})+$")  # editors' initials after "IANS sk/rn"
_SERVICE = re.compile(r"[a-z]{1,3}")  # a regional service or desk code: "dpa/lno", "sk/rn"
KIND_WORD = {"dateline": "dateline", "trailer": "credit line", "byline": "byline",
             "photo-credit": "photo credit"}  # fmt: skip
_KIND_ORDER = ("dateline", "byline", "trailer", "photo-credit")
_BODY = ("paragraph", "list-item", "quote")
_PROSE = 120  # a block this long is the story's prose, not a label or credit line
_CAPTION_TAIL = 240  # a caption credit is at most ~100 characters and its label


@dataclass(frozen=True, slots=True)
class Credit:
    """One credit line and what it names: agencies, vague phrases ("agencies"), or a feed."""

    text: str
    kind: str  # dateline, trailer, byline, photo-credit
    position: Position
    agencies: tuple[str, ...] = ()
    vague: tuple[str, ...] = ()
    feed: bool = False


class AgencyLexicon:
    """The agency names, vague phrases and credit shapes of rules/agency.toml, compiled."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        fields = ("names", "acronyms", "photo_acronyms")
        table = [(field, form, a["label"]) for a in data["agency"] for field in fields
                 for form in a.get(field, [])]  # fmt: skip
        self.names = {fold(form): label for field, form, label in table if field == "names"}
        self.acronyms = {form: label for field, form, label in table if field == "acronyms"}
        self.photo_acronyms = {f: label for field, f, label in table if field == "photo_acronyms"}
        self.vague, self.filler, self.desk_words, self.photo_words = (
            {fold(w) for w in data[key]} for key in ("vague", "filler", "desk_words", "photo_words")
        )
        self.libraries = {fold(w) for w in data.get("photo_libraries", [])}
        self.feed = tuple(fold(p) for p in data["feed_phrases"])
        self.trailers = tuple(
            (re.compile(t["pattern"]), bool(t.get("strict"))) for t in data["trailer"]
        )
        self.re = {key: re.compile(data[key]) for key in (
            "splitter", "dateline", "byline_prefix", "byline_noise", "photo_paren", "photo_slash",
            "photo_tail", "photo_bracket", "byline_role")}  # fmt: skip
        self.re["photo_label"] = re.compile(data["photo_label"], re.IGNORECASE)

    def _lookup(self, piece: str, photo: bool) -> tuple[str, str] | None:
        if piece in self.acronyms:
            return "agency", self.acronyms[piece]
        if photo and piece in self.photo_acronyms:
            return "agency", self.photo_acronyms[piece]
        folded = fold(piece)
        if folded in self.names:
            return "agency", self.names[folded]
        return ("vague", piece) if folded in self.vague else None

    def piece(self, raw: str, photo: bool = False) -> tuple[str, str] | None:
        """("agency", label), ("vague", text), ("ignore", "") or None for one credit piece."""
        found = self._lookup(raw.strip(STRIP), photo)
        if found:
            return found
        if photo and fold(raw.strip(STRIP)) in self.libraries:
            return "ignore", ""  # "Bloomberg via Getty Images": the library is not the credit
        piece = _INITIALS.sub("", raw.strip(STRIP)).strip(STRIP)
        if not piece or piece.isdigit() or _SERVICE.fullmatch(piece):
            return "ignore", ""
        kept = " ".join(w for w in piece.split() if fold(w) not in self.filler)
        return self._lookup(kept.strip(STRIP), photo) if kept else ("ignore", "")

    def resolve(
        self, text: str, *, strict: bool, photo: bool = False
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Agencies and vague phrases a credit names; strict: every piece must be one."""
        agencies: list[str] = []
        vague: list[str] = []
        for raw in self.re["splitter"].split(text):
            found = self.piece(raw, photo)
            if found is None and strict:
                return (), ()
            if found and found[0] == "agency" and found[1] not in agencies:
                agencies.append(found[1])
            elif found and found[0] == "vague":
                vague.append(found[1])
        return tuple(agencies), tuple(vague)

    def is_photo(self, credit: str) -> bool:
        return any(fold(w).strip(STRIP) in self.photo_words for w in re.split(r"[\s/]", credit))


class CreditReader:
    """Reads the credits of one article from its credit lines and its first and last blocks."""

    def __init__(self, lex: AgencyLexicon) -> None:
        self.lex = lex

    def credits(self, article: Article) -> list[Credit]:
        found: list[Credit] = []
        data = self.lex.data
        body = [b for b in article.blocks if b.kind in _BODY]
        readers = {"dateline": self.dateline, "trailer": self.trailer, "byline": self.byline,
                   "photo-credit": self.photo}  # fmt: skip
        for line in article.credit_lines:
            if line.kind != "trailer" or _is_paragraph(article, line.block):
                found += readers[line.kind](line.text, line.position)
        # A credit line standing alone is a paragraph: a list item "APA" or "SPA" at the end
        # of a page is a citation style or a hotel amenity, not an agency.
        story_started = False  # an agency line "at the top" comes before the story's prose
        for block in body[: data["head_blocks"]]:
            found += self.dateline(block.text, block.position)
            if block.kind == "paragraph" and not story_started:
                found += self.standalone(block)
            story_started = story_started or len(block.text) > _PROSE
        for block in body[-data["tail_blocks"] :]:
            if block.kind == "paragraph" and len(block.text) <= data["trailer_max_chars"]:
                found += self.trailer(block.text, block.position)
        for author in article.authors:
            if author.origin != "byline":  # JSON-LD or meta: no place in the page to point at
                found += self.byline(author.name, Position())
        for image in article.images:
            found += self.photo(image.credit, image.position)
            found += self.photo(image.caption, image.position, caption=True)
        for block in article.blocks:
            if block.kind == "caption" or block.kind in _BODY:  # captions left among paragraphs
                in_body = block.kind != "caption"
                found += self.photo(block.text, block.position, caption=True, in_body=in_body)
        return _dedupe(found)

    def _credit(
        self, text: str, kind: str, position: Position, credit: str, strict: bool
    ) -> list[Credit]:
        photo = kind == "photo-credit"
        agencies, vague = self.lex.resolve(credit, strict=strict, photo=photo)
        if not agencies and not vague:
            return []
        return [Credit(text.strip(), kind, position, agencies, vague)]

    def dateline(self, text: str, position: Position) -> list[Credit]:
        match = self.lex.re["dateline"].match(text)
        if not match:
            return []
        line, credit = match.group("line"), match.group("credit")
        before = line[: match.start("credit") - 1].strip(STRIP)
        if before and self.lex.resolve(before, strict=True)[0]:
            return []  # "Press Trust of India (PTI) said": the name spelled out, not a dateline
        kind = "photo-credit" if self.lex.is_photo(credit) else "dateline"  # "(AP Photo)"
        return self._credit(line, kind, position, credit, strict=True)

    def standalone(self, block: Block) -> list[Credit]:
        """An agency line on its own at the top of the body ("Reuters", "Por Agencia EFE")."""
        text = self.lex.re["byline_prefix"].sub("", block.text)
        return (
            [] if len(text) > 60 else self._credit(block.text, "byline", block.position, text, True)
        )

    def trailer(self, text: str, position: Position) -> list[Credit]:
        line = text.strip().strip("()[]").strip().lstrip("-–—― ").strip()
        if any(phrase in fold(line) for phrase in self.lex.feed):
            return [Credit(text.strip(), "trailer", position, (), ("syndicated feed",), True)]
        for pattern, strict in self.lex.trailers:
            match = pattern.match(line)
            found = match and self._credit(text, "trailer", position, match["credit"], strict)
            if found:
                return found
        return []

    def byline(self, text: str, position: Position) -> list[Credit]:
        name = self.lex.re["byline_prefix"].sub("", text)
        pieces = [
            self._without_role(self.lex.re["byline_noise"].sub("", p))
            for p in self.lex.re["splitter"].split(name)
        ]
        return self._credit(text, "byline", position, " / ".join(pieces), strict=False)

    def _without_role(self, piece: str) -> str:
        """The employer in "AP Science Writer", "Reuters Correspondent": the agency before a
        job title. Sites that title-case bylines print "Ap Auto Writer": before a job title
        an acronym in any case is the agency (elsewhere "Ap" is not AP)."""
        role = self.lex.re["byline_role"].search(piece)
        if not role or not role.start():
            return piece
        head = piece[: role.start()].strip(STRIP)
        upper = head.upper()
        return upper if upper in self.lex.acronyms else head

    def photo(
        self, text: str, position: Position, *, caption: bool = False, in_body: bool = False
    ) -> list[Credit]:
        """A photo credit, or the credit at the end of a caption (or of a caption-like block)."""
        text = text.strip()
        if not text:
            return []
        if not caption:  # an image's own credit element: the whole text is the credit
            match = self.lex.re["photo_label"].search(text)
            return self._credit(
                text, "photo-credit", position, match["credit"] if match else text, False
            )
        for match, strict in self._caption_credits(text, in_body):
            quoted = match.group(0).strip(" .|")
            if quoted.endswith(")") and "(" not in quoted:
                quoted = quoted[:-1].rstrip()
            found = self._credit(quoted, "photo-credit", position, match["credit"], strict)
            if found:
                return found
        return []

    def _caption_credits(self, text: str, in_body: bool) -> Iterator[tuple[re.Match[str], bool]]:
        """Credit shapes at the end of a caption, most telling first; body blocks need a
        capitalised label ("Photo:"), "/" or "Photo" in brackets: prose ends in none of them."""
        length, text = len(text), text[-_CAPTION_TAIL:]  # every shape ends the text: search less
        # Cheap tests first: most paragraphs have no label mark, no "/" and no ")" at the end.
        if any(mark in text for mark in (":", "…", "...", "©")) or "opyright" in text:
            label = self.lex.re["photo_label"].search(text)
            if label and (not in_body or label[0][0].isupper() or label[0][0] == "©"):
                yield label, False
        end = text.rstrip()[-1:]
        paren = self.lex.re["photo_paren"].search(text) if end in (")", "]") else None
        if paren and (not in_body or "/" in paren["credit"] or self.lex.is_photo(paren["credit"])):
            yield paren, False
        elif paren and length <= 300 and not self._spelled_out(text[: paren.start()], paren):
            # A short block ending "... in Surabaya (EPA)" or "[REUTERS]" with no full stop
            # is a caption set as a paragraph; prose ends with a full stop. Every piece must be
            # an agency, and "the European Pressphoto Agency (EPA)" spells one out instead.
            yield paren, True
        if "(" in text:
            bracket = self.lex.re["photo_bracket"].search(text)  # "(AP Photo/Jane Roe)" anywhere
            if bracket:
                yield bracket, False
        if "/" in text[-125:] and (not in_body or length <= 300):
            slash = self.lex.re["photo_slash"].search(text)
            if slash:
                yield slash, False
        tail = None if in_body else self.lex.re["photo_tail"].search(text)
        if tail:
            yield tail, True  # "... on Sunday. AFP": every piece must be an agency

    @staticmethod
    def _spelled_out(before: str, paren: re.Match[str]) -> bool:
        """ "Environmental Protection Agency (EPA)": the bracket gives the initials of the
        words just before it, an abbreviation being defined, not a credit."""
        letters = [c for c in paren["credit"] if c.isalpha()]
        words = before.split()[-len(letters) :] if letters else []
        initials = "".join(w[0] for w in words if w[:1].isalpha()).upper()
        return bool(letters) and initials == "".join(letters).upper()


def _dedupe(credits: Sequence[Credit]) -> list[Credit]:
    """One credit per line of text, one per picture and one byline credit per agency: a
    byline seen in the page and in its JSON-LD is one credit, quoted where the reader sees it."""
    ranked = sorted(
        credits, key=lambda c: (c.position.line == 0, _KIND_ORDER.index(c.kind), len(c.text))
    )
    seen: set[tuple[str, ...]] = set()
    kept: list[Credit] = []
    for credit in ranked:
        keys: set[tuple[str, ...]] = {("text", fold(credit.text))}
        if credit.kind == "photo-credit":  # an image's credit and its caption's tail
            keys.add(("photo", str(credit.position), *credit.agencies))
        if credit.kind == "byline":
            keys.add(("byline", *credit.agencies, *sorted(fold(v) for v in credit.vague)))
        if not keys & seen:
            seen |= keys
            kept.append(credit)
    return sorted(kept, key=lambda c: (c.position.line, c.position.column))


def _is_paragraph(article: Article, index: int) -> bool:
    return not 0 <= index < len(article.blocks) or article.blocks[index].kind == "paragraph"


def same_outlet(byline: str, outlet: str) -> bool:
    """A byline "The Hindu" is the outlet "thehindu"; "100% Noticias" is "100noticias.com.ni"."""
    return byline == outlet or outlet in byline or (len(byline) >= 6 and byline in outlet)


def fold(text: str) -> str:
    return " ".join(text.replace("–", "-").replace("‐", "-").casefold().split())


def alnum(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())
