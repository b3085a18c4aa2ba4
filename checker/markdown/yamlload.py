"""YAML and TOML front matter read within bounds: every failure is one line naming the problem.

PyYAML's ``safe_load`` shares an aliased node rather than copying it, so a "billion laughs"
document loads in a moment, but anything that then walks the data (an author list that is an
alias of an alias of ...) walks every expansion: nine nested aliases of nine items each are
387 million values from 700 bytes. Aliases are allowed while the document they expand to stays
under ``MAX_EXPANDED`` values; past it the front matter is refused. Nesting deep enough to
exhaust Python's recursion (``[[[[...`` in either language) and dates no calendar has
(``2024-13-45``) are refused with their own reason, never an internal error.
"""

from __future__ import annotations

from typing import Any

from provcheck.errors import SourceError

MAX_EXPANDED = 100_000  # values in the front matter with every alias expanded


def load_toml(body: str, name: str) -> Any:
    import tomllib

    try:
        return tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(name, f"front matter is not valid TOML: {exc}") from None
    except RecursionError:
        raise SourceError(name, "front matter is not valid TOML: it nests too deeply") from None


def load_yaml(body: str, name: str) -> Any:
    import yaml  # lazy: only Markdown with YAML front matter needs it

    try:
        return yaml.load(body, Loader=_loader_class())  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None)  # e.g. "found undefined alias 'x'"
        detail = f": {problem}" if problem else ""
        lead = "is refused" if getattr(exc, "refused", False) else "is not valid YAML"
        raise SourceError(name, f"front matter {lead}{where}{detail}") from None
    except RecursionError:
        raise SourceError(name, "front matter is not valid YAML: it nests too deeply") from None


_LOADER: list[type] = []


def _loader_class() -> type:
    """A SafeLoader that bounds alias expansion and names impossible dates (built once)."""
    if _LOADER:
        return _LOADER[0]
    import yaml
    from yaml.composer import ComposerError
    from yaml.constructor import ConstructorError

    class Refused(ComposerError):
        refused = True

    class BoundedLoader(yaml.SafeLoader):
        aliased = False

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                self.aliased = True
            return super().compose_node(parent, index)

        def compose_document(self) -> Any:
            node: Any = super().compose_document()
            if self.aliased and _expanded(node, MAX_EXPANDED) > MAX_EXPANDED:
                raise Refused(
                    None, None,
                    f"its aliases (*name) expand to over {MAX_EXPANDED:,} values "
                    "or into themselves",
                    node.start_mark,
                )  # fmt: skip
            return node

        def construct_yaml_timestamp(self, node: Any) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except (ValueError, OverflowError) as exc:
                raise ConstructorError(
                    None, None, f"{node.value!r} is not a real date ({exc})", node.start_mark
                ) from None

    BoundedLoader.add_constructor(
        "tag:yaml.org,2002:timestamp", BoundedLoader.construct_yaml_timestamp
    )
    _LOADER.append(BoundedLoader)
    return BoundedLoader


def _expanded(root: Any, limit: int) -> int:
    """How many values ``root`` stands for with aliases expanded, counted up to ``limit + 1``.

    Each distinct node is sized once (a shared node is counted as often as it is used, which
    is what a walk of the data pays), so a bomb is sized in time linear in its text.
    """
    import yaml

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # being sized: meeting one again is a cycle
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            sizes[id(node)] = 1
            continue
        if children_done:
            sizes[id(node)] = min(limit + 1, 1 + sum(sizes[id(c)] for c in children))
            open_nodes.discard(id(node))
            continue
        if id(node) in open_nodes:
            return limit + 1  # an alias inside its own anchor: endless when expanded
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


__all__ = ["MAX_EXPANDED", "load_toml", "load_yaml"]
