"""Page chrome: which elements are navigation, promotion, sharing, comments and the like.

An element is named chrome by its tag (``nav``, ``aside``, ``footer``, a site ``header``), its
ARIA role, or a word in its class or id. Naming is not dropping: ``main`` ignores a chrome
name on an element that holds most of the page's text (a page wrapper called
``layout-with-sidebar`` is not a sidebar), and rescues credit lines from chrome inside the
article (an article ``<footer>`` often carries "Reuters contributed reporting").
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

from provcheck.html.byline import is_byline_name
from provcheck.html.tree import Element

_CHROME_TAGS = frozenset({"nav", "aside", "footer", "menu", "form", "dialog"})
_CHROME_ROLES = frozenset((
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
    "menu", "menubar", "toolbar", "tablist",
))  # fmt: skip


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A class or id is read as parts split at white space, "-" and "_" ("c-newsletter-signup" is
# c / newsletter / signup). Parts that name chrome wherever they stand:
_CHROME_PARTS = _words(
    "comment comments commentlist disqus discussion respond replies related relatedposts "
    "share shares sharing sharebar sharethis addthis social socials follow newsletter "
    "newsletters subscribe subscription subscriptions signup signin login register "
    "registration paywall promo promos promotion promoted advert adverts advertisement "
    "advertising ads ad adslot dfp sponsor sponsored sponsors outbrain taboola recirc "
    "recirculation sidebar sidebars menu menus nav navbar navigation subnav breadcrumb "
    "breadcrumbs pagination pager masthead topbar toolbar footer cookie cookies consent gdpr "
    "modal popup recommended recommendation recommendations popular mostread trending "
    "readmore tags tagcloud topics keywords rating ratings reactions copyright playlist"
)
# Runs of two or three parts that name chrome only together ("read-more", not "more";
# "site-header", not "header"), written joined; a page may write them joined too.
_CHROME_RUNS = _words(
    "mostpopular mostread mostviewed mostshared morestories morenews morearticles morefrom "
    "morein readmore readalso readnext alsoread seealso furtherreading keepreading "
    "youmaylike youmayalso upnext nextarticle nextpost nextstory prevarticle prevpost "
    "prevstory previousarticle previouspost previousstory latestnews lateststories "
    "latestposts siteheader sitefooter sitenav pageheader pagefooter pagenav globalheader "
    "globalfooter globalnav mainheader mainfooter mainnav headernav skiplink skipto taglist "
    "authorbio authorbox authorinfo authorcard authorsection authordescription authorabout "
    "authordetails authorprofile abouttheauthor aboutauthor adunit adcontainer adwrapper "
    "adbox bannerad rightrail leftrail metanav screenreadertext sronly visuallyhidden "
    "widgetarea signin filedunder postedin toppicks editorspicks"
)
# Parts that name chrome also as the start of a longer part ("newslettermodule",
# "relatedarticles", "socialicons", "advertorial", "cookiebar").
_CHROME_PREFIXES = (
    "newsletter", "advert", "sponsor", "related", "social", "subscri", "taboola", "outbrain",
    "paywall", "cookie", "homepage",
)  # fmt: skip
# Whole class names only: "hidden", not "hidden-xs" (hidden on phones, shown elsewhere).
_CHROME_WHOLE = _words("hidden hide print rail widget widgets bio skip tools overlay banner crumbs")
# "no-print", "non-paywall": a part after these is negated.
_NEGATIONS = _words("no non not")
_PART_SPLIT = re.compile(r"[-_]+")
_CAPTION_NAME = re.compile(r"caption")
# A media player by a part of its class or id: "video-resource", "audio_player", "jw-player"
# (not "not-video").
_PLAYER = _words("video videos audio player videoplayer audioplayer podcast")
_PLAYER_SIZE = 120  # elements in a player, at most (a bigger one is a page section)
_PROSE = frozenset(("p", "h1", "h2", "blockquote", "article", "ul", "ol", "table"))
_MEDIA = frozenset(("img", "video", "iframe", "picture", "audio"))
_BODY_MARK = re.compile(
    r"article[-_]?body|articlebody|story[-_]?body|entry[-_]?content|post[-_]?content|"
    r"article[-_]?content|story[-_]?content|content[-_]?body|article[-_]?text|post[-_]?body|"
    r"post[-_]?text|story[-_]?text|body[-_]?text|rich[-_]?text|main[-_]?content|"
    r"article__body|article__content|entry[-_]?body|blog[-_]?post[-_]?body|"
    r"artikel[-_]?(?:text|inhalt|body)|news[-_]?(?:text|body|content)"
)
_CREDIT_NAME = re.compile(r"credit|copyright|photographer|attribution|byline|source")
# Every word the body, byline, caption and credit names above contain, for a quick "none".
_ANY_MARK = re.compile(
    r"article|story|entry|post|content|body|text|artikel|news|byline|by-line|author|writer|"
    r"reporter|autor|auteur|journalist|caption|credit|copyright|photographer|attribution|source"
)


class Chrome:
    """Decides, element by element, whether the page names it as chrome."""

    def reason(self, element: Element, tag: str, facts: NameFacts, role: str | None) -> str:
        """Why ``element`` is chrome ("" when it is not); ``facts`` come from its class/id."""
        if tag in _CHROME_TAGS:
            return tag
        if tag == "header" and element.find(".//h1") is None:
            return "header"
        if role:
            role = role.strip().lower()
            if role in _CHROME_ROLES:
                return f"role={role}"
        return facts.chrome

    def figure_like(self, element: Element, names: str, in_figure: bool = False) -> str:
        """A container that pairs a picture with its caption without using <figure>
        ("caption"), or a video or audio player: a picture or frame with a title, a duration
        and a source, and no paragraphs ("player"); "" for neither."""
        if "caption" in names:
            return "caption" if element.find(".//img") is not None else ""
        if in_figure or not _player_name(names):
            return ""
        inside = list(islice(element.iter(), _PLAYER_SIZE))
        if len(inside) >= _PLAYER_SIZE or any(e.tag in _PROSE for e in inside):
            return ""
        return "player" if any(e.tag in _MEDIA for e in inside) else ""


class NameFacts(NamedTuple):
    """Everything a class/id string says, worked out once per distinct string."""

    chrome: str  # the chrome word, or ""
    body: bool  # marks the article body
    byline: bool  # marks a byline or author
    caption: bool  # marks caption text
    credit: bool  # marks a photo credit


NO_NAMES = NameFacts("", False, False, False, False)


@lru_cache(maxsize=8192)
def name_facts(names: str) -> NameFacts:
    """What a lower-case class/id string says (cached: pages repeat their class names)."""
    if not _ANY_MARK.search(names):
        # Most class names mark nothing but (perhaps) chrome: one search rules out the rest.
        chrome = chrome_name(names)
        return NameFacts(chrome, False, False, False, False) if chrome else NO_NAMES
    return NameFacts(
        chrome_name(names),
        body_mark(names),
        is_byline_name(names),
        is_caption_name(names),
        is_credit_name(names),
    )


def chrome_name(names: str) -> str:
    """The chrome word in a lower-case class/id string ("" if none)."""
    for token in names.split():
        found = _token_chrome(token)
        if found:
            return found
    return ""


@lru_cache(maxsize=16384)
def _token_chrome(token: str) -> str:
    # Cached per class token: class strings vary, their tokens repeat across a page and pages.
    if token in _CHROME_WHOLE:
        return token
    parts = _PART_SPLIT.split(token)
    for index, part in enumerate(parts):
        if not part or (index and parts[index - 1] in _NEGATIONS):
            continue
        if part in _CHROME_PARTS or part in _CHROME_RUNS or part.startswith(_CHROME_PREFIXES):
            return part
        for width in (2, 3):
            run = "".join(parts[index : index + width])
            if index + width <= len(parts) and run in _CHROME_RUNS:
                return run
    return ""


@lru_cache(maxsize=8192)
def _player_name(names: str) -> bool:
    for token in names.split():
        parts = _PART_SPLIT.split(token)
        for index, part in enumerate(parts):
            if part in _PLAYER and not (index and parts[index - 1] in _NEGATIONS):
                return True
    return False


@lru_cache(maxsize=8192)
def body_mark(names: str) -> bool:
    """A class/id that marks the article body: article-body, entry-content, story-text..."""
    return _BODY_MARK.search(names) is not None


def is_caption_name(names: str) -> bool:
    """True for a class/id that marks caption text (wp-caption-text, image-caption...)."""
    return bool(_CAPTION_NAME.search(names))


def is_credit_name(names: str) -> bool:
    """True for a class/id that marks a photo credit or copyright line."""
    return bool(_CREDIT_NAME.search(names))
