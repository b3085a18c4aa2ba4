"""Page chrome: which elements are navigation, promotion, sharing, comments and the like.

An element is named chrome by its tag (``nav``, ``aside``, ``footer``, a site ``header``), its
ARIA role, or a word in its class or id. Naming is not dropping: ``htmlmain`` ignores a chrome
name on an element that holds most of the page's text (a page wrapper called
``layout-with-sidebar`` is not a sidebar), and rescues credit lines from chrome inside the
article (an article ``<footer>`` often carries "Reuters contributed reporting").
"""

from __future__ import annotations

import re

from provcheck.htmltree import Element

_CHROME_TAGS = frozenset({"nav", "aside", "footer", "menu", "form", "dialog"})
_CHROME_ROLES = frozenset((
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
    "menu", "menubar", "toolbar", "tablist",
))  # fmt: skip
# Words that name chrome when they stand alone in a class or id, or as a hyphen/underscore
# separated part of one ("article-share", "related_posts", "c-newsletter-signup").
_CHROME_WORDS = (
    r"comments?|comment-?list|commentary-?form|disqus|respond|replies|"
    r"related|relatedposts|related-?\w+|share|shares|sharing|sharebar|sharethis|addthis|"
    r"social|socials|social-?\w+|follow|newsletter|newsletters|subscribe|subscription|"
    r"subscriptions|signup|sign-?up|login|signin|register|registration|paywall|"
    r"promo|promos|promotion|promoted|teaser-?list|advert|adverts|advertisement|"
    r"advertising|ads|ad|adslot|ad-?unit|ad-?container|ad-?wrapper|dfp|gpt|banner-?ad|"
    r"sponsor|sponsored|sponsors|outbrain|taboola|recirc|recirculation|"
    r"sidebar|side-?bar|rail|right-?rail|left-?rail|widget|widgets|"
    r"menu|menus|nav|navbar|navigation|breadcrumbs?|crumbs|pagination|pager|"
    r"masthead|site-?header|page-?header|global-?header|header-?nav|topbar|top-?bar|"
    r"site-?footer|page-?footer|global-?footer|footer|bottom-?bar|"
    r"cookie|cookies|cookie-?\w+|consent|gdpr|privacy-?banner|modal|popup|pop-?up|overlay|"
    r"recommended|recommendations?|popular|most-?popular|most-?read|mostread|trending|"
    r"more-?stories|more-?news|more-?articles|read-?more|readmore|also-?read|"
    r"read-?also|see-?also|further-?reading|keep-?reading|next-?article|prev-?article|"
    r"you-?may-?like|up-?next|latest-?news|skip-?link|skip|toolbar|tools|"
    r"tags|tag-?list|tag-?cloud|tagcloud|topics|keywords|"
    r"author-?bio|author-?box|about-?the-?author|author-?info|bio|"
    r"print|rating|ratings|reactions|hidden|sr-?only|visually-?hidden|screen-?reader-?text|"
    r"jump-?link|toc|table-?of-?contents|login-?box|meta-?nav"
)
_CHROME_NAME = re.compile(rf"(?:^|[\s_-])(?:{_CHROME_WORDS})(?=$|[\s_-])")
_CAPTION_NAME = re.compile(r"caption")
_CREDIT_NAME = re.compile(r"credit|copyright|photographer|attribution|byline|source")


class Chrome:
    """Decides, element by element, whether the page names it as chrome."""

    def reason(self, element: Element, tag: str) -> str:
        """Why ``element`` is chrome ("" when it is not)."""
        if tag in _CHROME_TAGS:
            return tag
        if tag == "header" and element.find(".//h1") is None:
            return "header"
        role = element.get("role")
        if role and role.strip().lower() in _CHROME_ROLES:
            return f"role={role.strip().lower()}"
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if names.strip():
            match = _CHROME_NAME.search(names.lower())
            if match:
                return match.group(0).strip(" _-")
        return ""

    def is_figure_like(self, element: Element, tag: str) -> bool:
        """A container that pairs an image with its caption without using <figure>."""
        names = (element.get("class") or "").lower()
        return "caption" in names and element.find(".//img") is not None


def is_caption_name(names: str) -> bool:
    """True for a class/id that marks caption text (wp-caption-text, image-caption...)."""
    return bool(_CAPTION_NAME.search(names))


def is_credit_name(names: str) -> bool:
    """True for a class/id that marks a photo credit or copyright line."""
    return bool(_CREDIT_NAME.search(names))
