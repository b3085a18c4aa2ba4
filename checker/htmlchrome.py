"""Page chrome: which elements are navigation, promotion, sharing, comments and the like.

An element is named chrome by its tag (``nav``, ``aside``, ``footer``, a site ``header``), its
ARIA role, or a word in its class or id. Naming is not dropping: ``htmlmain`` ignores a chrome
name on an element that holds most of the page's text (a page wrapper called
``layout-with-sidebar`` is not a sidebar), and rescues credit lines from chrome inside the
article (an article ``<footer>`` often carries "Reuters contributed reporting").
"""

from __future__ import annotations

import re
from functools import lru_cache

from provcheck.htmltree import Element

_CHROME_TAGS = frozenset({"nav", "aside", "footer", "menu", "form", "dialog"})
_CHROME_ROLES = frozenset((
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
    "menu", "menubar", "toolbar", "tablist",
))  # fmt: skip
# Words that name chrome wherever they stand in a class or id: alone, or as a hyphen- or
# underscore-separated part of one ("article-share", "related_posts", "c-newsletter-signup").
_CHROME_PARTS = (
    r"comments?|commentlist|disqus|discussion|respond|replies|related|relatedposts|share|shares|sharing|"
    r"sharebar|sharethis|addthis|social|socials|follow|newsletters?|subscribe|subscriptions?|"
    r"signup|sign-?in|signin|login|register|registration|paywall|promo|promos|promotion|"
    r"promoted|advert|adverts|advertisement|advertising|ads|ad|adslot|dfp|sponsor|sponsored|"
    r"sponsors|outbrain|taboola|recirc|recirculation|sidebar|sidebars|menu|menus|nav|navbar|"
    r"navigation|subnav|breadcrumbs?|pagination|pager|masthead|topbar|toolbar|footer|"
    r"cookies?|consent|gdpr|modal|popup|recommended|recommendations?|popular|mostread|"
    r"trending|readmore|tags|tagcloud|topics|keywords|ratings?|reactions"
)
# Pairs that name chrome only together ("read-more", not "more"; "site-header", not "header").
_CHROME_PAIRS = (
    r"most[-_]?(?:popular|read|viewed|shared)|more[-_]?(?:stories|news|articles|from|in)|"
    r"read[-_]?(?:more|also|next)|also[-_]?read|see[-_]?also|further[-_]?reading|keep[-_]?reading|"
    r"you[-_]?may[-_]?(?:like|also)|up[-_]?next|next[-_]?(?:article|post|story)|"
    r"prev(?:ious)?[-_]?(?:article|post|story)|latest[-_]?(?:news|stories|posts)|"
    r"(?:site|page|global|main)[-_]?(?:header|footer|nav)|header[-_]?nav|skip[-_]?(?:link|to)|"
    r"tag[-_]?(?:list|cloud)|author[-_]?(?:bio|box|info|card)|about[-_]?the[-_]?author|"
    r"ad[-_]?(?:unit|container|wrapper|slot|box)|banner[-_]?ad|right[-_]?rail|left[-_]?rail|"
    r"cookie[-_]?\w+|social[-_]?\w+|related[-_]?\w+|meta[-_]?nav|screen[-_]?reader[-_]?text|"
    r"sr[-_]?only|visually[-_]?hidden|widget[-_]?area|author[-_]?(?:section|description|about|details|"
    r"profile)|about[-_]?author|copyright"
)
# Words that name chrome also as the start of a longer part ("newslettermodule",
# "relatedarticles", "socialicons", "advertorial").
_CHROME_PREFIXES = r"newsletter|advert|sponsor|related|social|subscri|taboola|outbrain|paywall"
# Words that name chrome only as a whole class: "hidden", not "hidden-xs" (hidden on phones).
_CHROME_WHOLE = r"hidden|print|rail|widget|widgets|bio|skip|tools|overlay|banner|crumbs"
_CHROME_NAME = re.compile(
    rf"(?:^|[\s_-])(?<!no-)(?<!non-)(?<!not-)(?:{_CHROME_PARTS}|{_CHROME_PAIRS})(?=$|[\s_-])|"
    rf"(?:^|[\s_-])(?<!no-)(?<!non-)(?:{_CHROME_PREFIXES})|"
    rf"(?:^|\s)(?:{_CHROME_WHOLE})(?=$|\s)"
)
_CAPTION_NAME = re.compile(r"caption")
_CREDIT_NAME = re.compile(r"credit|copyright|photographer|attribution|byline|source")


class Chrome:
    """Decides, element by element, whether the page names it as chrome."""

    def reason(self, element: Element, tag: str, names: str) -> str:
        """Why ``element`` is chrome ("" when it is not); ``names`` is its class and id."""
        if tag in _CHROME_TAGS:
            return tag
        if tag == "header" and element.find(".//h1") is None:
            return "header"
        role = element.get("role")
        if role:
            role = role.strip().lower()
            if role in _CHROME_ROLES:
                return f"role={role}"
        return chrome_name(names) if names else ""

    def is_figure_like(self, element: Element, names: str) -> bool:
        """A container that pairs an image with its caption without using <figure>."""
        return "caption" in names and element.find(".//img") is not None


@lru_cache(maxsize=8192)
def chrome_name(names: str) -> str:
    """The chrome word in a lower-case class/id string ("" if none).

    Cached: pages repeat the same class names hundreds of times."""
    match = _CHROME_NAME.search(names)
    return match.group(0).strip(" _-") if match else ""


def is_caption_name(names: str) -> bool:
    """True for a class/id that marks caption text (wp-caption-text, image-caption...)."""
    return bool(_CAPTION_NAME.search(names))


def is_credit_name(names: str) -> bool:
    """True for a class/id that marks a photo credit or copyright line."""
    return bool(_CREDIT_NAME.search(names))
