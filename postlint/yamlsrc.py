"""Safe YAML loading that remembers the line of every value, for error messages.

PyYAML is imported on first use (~15 ms): a one-draft run with a cached policy needs none.
"""
from __future__ import annotations

from typing import Any

from .model import PolicyError

Path_ = tuple[Any, ...]
MAX_NODES = 200_000


def loader(typed: bool = True) -> Any:
    """PyYAML's safe loader, libyaml's when present (15x faster); ``typed=False``: the base
    loader, which reads every scalar as a string (parses only)."""
    import yaml

    if typed:
        return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class Located:
    """Loaded YAML data plus the 1-based line of every path in it."""

    def __init__(self, data: Any, lines: dict[Path_, int], filename: str):
        self.data = data
        self.lines = lines
        self.filename = filename

    def line(self, path: Path_) -> int:
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def where(self, path: Path_) -> str:
        return f"{self.filename}:{self.line(path)}"


def load(text: str, filename: str) -> Located:
    import yaml

    try:
        node = yaml.compose(text, Loader=loader())
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise PolicyError([f"{filename}:{line}: not valid YAML: {problem}"]) from None
    lines: dict[Path_, int] = {}
    count = [0]
    constructor = yaml.SafeLoader("")

    open_nodes: set[int] = set()

    def convert(n: yaml.Node, path: Path_) -> Any:
        if id(n) in open_nodes:
            raise PolicyError([f"{filename}:{n.start_mark.line + 1}: an alias refers to itself"])
        count[0] += 1
        if count[0] > MAX_NODES:
            raise PolicyError([f"{filename}:{n.start_mark.line + 1}: document too large "
                               f"(over {MAX_NODES:,} values; aliases expanding?)"])
        lines.setdefault(path, n.start_mark.line + 1)
        if isinstance(n, (yaml.MappingNode, yaml.SequenceNode)):
            open_nodes.add(id(n))
            try:
                return _collection(n, path)
            finally:
                open_nodes.discard(id(n))
        try:
            return constructor.construct_object(n, deep=True)
        except yaml.YAMLError as e:
            raise PolicyError([f"{filename}:{n.start_mark.line + 1}: {getattr(e, 'problem', e)}"]) from None

    def _collection(n: yaml.Node, path: Path_) -> Any:
        if isinstance(n, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for k, v in n.value:
                key = convert(k, path + ("<key>",))
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    raise PolicyError([f"{filename}:{k.start_mark.line + 1}: mapping keys must be scalars"])
                if key in out:
                    raise PolicyError([f"{filename}:{k.start_mark.line + 1}: duplicate key '{key}'"])
                out[key] = convert(v, path + (key,))
            return out
        return [convert(v, path + (i,)) for i, v in enumerate(n.value)]

    try:
        data = convert(node, ()) if node is not None else None
    except RecursionError:
        raise PolicyError([f"{filename}:1: nested too deeply"]) from None
    return Located(data, lines, filename)
