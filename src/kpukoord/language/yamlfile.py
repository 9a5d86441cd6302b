"""Loading YAML (and JSON, a subset of it) with the line of every value.

Problems in input files are reported as ``file:line: message``, so the loader
keeps, for each path of keys and indexes, the line it came from. It uses the
*safe* loader only, and refuses documents that are too big, too deep, or that
expand through aliases beyond a fixed number of nodes (the "billion laughs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kpukoord.errors import FileProblems
from kpukoord.language.i18n import N_, _
from kpukoord.language.text import describe

MAX_BYTES = 5_000_000
MAX_NODES = 200_000
MAX_DEPTH = 40
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass
class Document:
    name: str
    data: Any
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def line(self, *path: Any) -> int:
        """The line of the deepest known prefix of path (1 if none)."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), 1)

    def where(self, *path: Any) -> str:
        return f"{self.name}:{self.line(*path)}"

    def sub(self, *prefix: Any) -> Document:
        """The document below prefix, with paths relative to it."""
        n = len(prefix)
        lines = {k[n:]: v for k, v in self.lines.items() if k[:n] == tuple(prefix)}
        data = self.data
        for p in prefix:
            data = data[p]
        return Document(self.name, data, lines)


def load(text: str, name: str) -> Document:
    """Parse text; raise FileProblems(['name:line: message']) on anything wrong."""
    import yaml

    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise FileProblems(
            [
                _("{name}:1: file is larger than {value0} MB").format(
                    name=name, value0=MAX_BYTES // 1_000_000
                )
            ]
        )
    if "\x00" in text:
        raise FileProblems([_("{name}:1: binary data, not a text file").format(name=name)])
    undecodable = _SURROGATE.search(text)  # bytes that were not UTF-8 (surrogateescape)
    if undecodable:
        line = text.count("\n", 0, undecodable.start()) + 1
        raise FileProblems([f"{name}:{line}: {describe(undecodable.group())}"])
    try:
        loader = _loader_class(yaml)(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem or exc.context or ""):  # LibYAML's own limit
            raise FileProblems([_("{name}:1: nested too deeply").format(name=name)]) from None
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise FileProblems(
            [
                _("{name}:{line}: YAML syntax: {value0}").format(
                    name=name, line=line, value0=_problem(exc.problem or exc.context or "")
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise FileProblems([_("{name}:1: YAML: {exc}").format(name=name, exc=exc)]) from None
    except RecursionError:
        raise FileProblems([_("{name}:1: nested too deeply").format(name=name)]) from None
    doc = Document(name, None)
    if node is None:
        return doc
    walker = _Walker(name, doc.lines)
    doc.data = walker.walk(node, (), 0)
    return doc


# The parser's problems a hand-edited file meets most, in the language in force (the
# parser says them in English; any other is shown as it says it).
_PROBLEMS = {
    "did not find expected ',' or ']'": N_("a list in [ ] is not closed, or a comma is missing"),
    "did not find expected ',' or '}'": N_("a mapping in { } is not closed, or a comma is missing"),
    "mapping values are not allowed in this context": N_(
        "a second ':' on one line (put a value with ':' in quotes)"
    ),
    "mapping values are not allowed here": N_(
        "a second ':' on one line (put a value with ':' in quotes)"
    ),
    "did not find expected key": N_("a line is indented differently from the keys around it"),
    "could not find expected ':'": N_("a key without ':'"),
    "found undefined alias": N_("an alias (*name) that names no anchor"),
    "found unexpected end of stream": N_("the file ends inside quotes or brackets"),
    "found character that cannot start any token": N_(
        "a value cannot start with this character (put it in quotes)"
    ),
    "did not find expected '-' indicator": N_("a list item without its '-'"),
    "did not find expected node content": N_("a value is missing"),
    "found a tab character that violates indentation": N_("a tab where spaces indent"),
}


def _problem(text: str) -> str:
    known = _PROBLEMS.get(text.strip())
    return _(known) if known else text


def _loader_class(yaml: Any) -> Any:
    """The safe loader on LibYAML's parser where PyYAML has it (its wheels do): the same
    nodes and marks, ten times faster; LibYAML refuses nesting past 1,000 levels itself."""
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Walker:
    def __init__(self, name: str, lines: dict[tuple[Any, ...], int]) -> None:
        import yaml

        self.yaml = yaml
        self.name = name
        self.lines = lines
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def fail(self, node: Any, message: str) -> FileProblems:
        return FileProblems([f"{self.name}:{node.start_mark.line + 1}: {message}"])

    def walk(self, node: Any, path: tuple[Any, ...], depth: int) -> Any:
        yaml = self.yaml
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                node,
                _("more than {MAX_NODES} values (aliases expanding?)").format(MAX_NODES=MAX_NODES),
            )
        if depth > MAX_DEPTH:
            raise self.fail(
                node, _("nested more than {MAX_DEPTH} levels deep").format(MAX_DEPTH=MAX_DEPTH)
            )
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
            raise self.fail(node, _("the tag {tag!r} is not allowed").format(tag=node.tag))
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, _("a key must be a plain value"))
                if key_node.value == "<<" or key_node.tag.endswith(":merge"):
                    raise self.fail(key_node, _("merge keys (<<) are not supported"))
                key = self.scalar(key_node)
                if not isinstance(key, (str, int)):
                    key = str(key)
                if key in out:
                    raise self.fail(key_node, _("duplicate key {key!r}").format(key=key))
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                out[key] = self.walk(value_node, (*path, key), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, child in enumerate(node.value):
                items.append(self.walk(child, (*path, i), depth + 1))
            return items
        return self.scalar(node)

    def scalar(self, node: Any) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except self.yaml.YAMLError as exc:
            raise self.fail(
                node, _("bad value: {value0}").format(value0=getattr(exc, "problem", exc))
            ) from None
        except (ValueError, OverflowError) as exc:
            raise self.fail(node, _("bad value: {exc}").format(exc=exc)) from None
