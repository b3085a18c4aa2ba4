"""Built-in loaders and parsers, registered ``trylast`` so a plugin's loader can win."""

from __future__ import annotations

import pluggy

from provcheck.config import Config
from provcheck.model import Article
from provcheck.sources.local import HTML_TYPES, RawDocument, is_url, load_file, load_stdin

hookimpl = pluggy.HookimplMarker("provcheck")


@hookimpl(trylast=True)
def provcheck_load_source(source: str, config: Config) -> RawDocument:
    if source == "-":
        return load_stdin(config.max_bytes)
    if is_url(source):
        from provcheck.sources.fetch import fetch  # lazy: httpx costs start-up time

        return fetch(source, config)
    return load_file(source, config.max_bytes)


@hookimpl(trylast=True)
def provcheck_parse_document(raw: RawDocument, config: Config) -> Article | None:
    if raw.media_type in HTML_TYPES:
        from dataclasses import replace

        from provcheck.editors.suppress import find_suppressions
        from provcheck.html.parse import parse_html
        from provcheck.sources.decode import decode_html

        article = parse_html(raw)
        if b"provcheck" not in raw.data.lower():
            return article  # the common case: no comment to look for, no second decode
        # Suppression comments live in the raw markup, which the parsed tree has dropped.
        return replace(article, suppressions=find_suppressions(decode_html(raw)))
    if raw.media_type == "text/markdown":
        from provcheck.markdown.parse import parse_markdown

        return parse_markdown(raw)
    return None
