"""Policy packs: find, load, validate (schema, then meaning) and compile to rules."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__, detectors, yamlsrc
from .compiler import Any_, Detector, Node, TermIndex, build, refs
from .model import CATEGORIES, Example, PolicyError, Rule

_HERE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    """Packs and schemas live in the wheel under postlint/, or at the repo root."""
    inside = _HERE / name
    return inside if inside.is_dir() else _HERE.parent / name


def builtin_dir() -> Path:
    return _data_dir("policies")


def schema_path(name: str) -> Path:
    return _data_dir("schemas") / name


def builtin_names() -> list[str]:
    return sorted(p.stem for p in builtin_dir().glob("*.yaml"))


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads(schema_path(name).read_text(encoding="utf-8"))


def schema_problems(located: yamlsrc.Located, schema_name: str) -> list[str]:
    """Every place where ``located.data`` breaks the schema, as file:line: messages."""
    import jsonschema  # imported only when validating
    from jsonschema.exceptions import best_match

    validator = jsonschema.Draft202012Validator(load_schema(schema_name))
    out = []
    for err in sorted(validator.iter_errors(located.data), key=lambda e: list(map(str, e.absolute_path))):
        if err.context:
            err = best_match(err.context)
        path = tuple(err.absolute_path)
        dotted = ".".join(str(p) for p in path) or "(top level)"
        out.append(f"{located.where(path)}: {dotted}: {err.message}")
    return out


def resolve(spec: str, base: Path) -> Path:
    """A built-in pack name or a path (relative to ``base``) to a pack file."""
    if "/" not in spec and "\\" not in spec and not spec.endswith((".yaml", ".yml")):
        path = builtin_dir() / f"{spec}.yaml"
        if not path.is_file():
            raise PolicyError([f"unknown built-in pack '{spec}' (built-in: {', '.join(builtin_names())})"])
        return path
    path = (base / spec).expanduser()
    if not path.is_file():
        raise PolicyError([f"{path}: pack file not found"])
    return path


@dataclass
class _RawRule:
    fields: dict[str, Any]
    where: str  # file:line
    pack: str
    path: tuple[Any, ...]
    located: yamlsrc.Located
    trusted: bool = False  # a built-in pack read without the schema: its detector parameters too


@dataclass
class _RawPack:
    name: str
    path: Path
    lists: dict[str, list[str]]
    rules: dict[str, _RawRule]
    includes: set[Path]
    digest: str


def display(path: Path) -> str:
    """A path as users see it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise PolicyError([f"{path}: cannot read pack: {e}"]) from None


def _load_raw(path: Path, chain: tuple[Path, ...] = (), strict: bool = True) -> _RawPack:
    """One pack and the packs it extends. Built-in packs skip the schema unless ``strict``:
    the test suite checks them, and a cold run saves ~0.15 s (importing and running jsonschema)."""
    path = path.resolve()
    if path in chain:
        raise PolicyError([f"{display(path)}: 'extends' loops back to itself"])
    text = _read(path)
    located = yamlsrc.load(text, display(path))
    if not isinstance(located.data, dict):
        raise PolicyError([f"{display(path)}:1: a pack must be a mapping with pack, version, description and rules"])
    trusted = not strict and path.parent == builtin_dir().resolve()
    problems = [] if trusted else schema_problems(located, "policy-pack.schema.json")
    if problems:
        raise PolicyError(problems)
    data = located.data
    lists: dict[str, list[str]] = {}
    rules: dict[str, _RawRule] = {}
    includes: set[Path] = set()
    digest = hashlib.sha256(text.encode()).hexdigest()
    parents = data.get("extends", [])
    for parent_spec in [parents] if isinstance(parents, str) else parents:
        parent = _load_raw(resolve(parent_spec, path.parent), chain + (path,), strict)
        lists.update(parent.lists)
        rules.update(parent.rules)
        includes |= parent.includes | {parent.path}
        digest = hashlib.sha256((digest + parent.digest).encode()).hexdigest()
    lists.update(data.get("lists", {}))
    seen: dict[str, str] = {}
    for i, fields in enumerate(data["rules"]):
        where = located.where(("rules", i))
        rid = fields["id"]
        if rid in seen:
            raise PolicyError([f"{where}: duplicate rule id '{rid}' (first at {seen[rid]})"])
        seen[rid] = where
        if rid in rules:
            merged = {**rules[rid].fields, **fields}
            rules[rid] = _RawRule(merged, where, data["pack"], ("rules", i), located, trusted)
        else:
            rules[rid] = _RawRule(dict(fields), where, data["pack"], ("rules", i), located, trusted)
    return _RawPack(data["pack"], path, lists, rules, includes, digest)


REQUIRED = ("category", "severity", "message", "why", "match", "examples")


def _detector_factory(problems: list[str], where: str, trusted: bool) -> Callable[[str, dict[str, Any]], Node]:
    def make(name: str, params: dict[str, Any]) -> Node:
        if name not in detectors.DETECTORS:
            problems.append(f"{where}: unknown detector '{name}' (known: {', '.join(sorted(detectors.DETECTORS))})")
            return Any_([])
        if trusted:
            return Detector(name, params)
        cls = detectors.load(name)
        import jsonschema

        errors = list(jsonschema.Draft202012Validator(cls.PARAMS).iter_errors(params))
        problems.extend(f"{where}: detector '{name}': {err.message}" for err in errors)
        if errors:
            return Any_([])
        return Detector(name, params)
    return make


def _examples(items: list[Any]) -> tuple[Example, ...]:
    return tuple(Example(e) if isinstance(e, str) else
                 Example(e["text"], tuple(e.get("articles", ())), bool(e.get("markdown"))) for e in items)


def _compile_rule(raw: _RawRule, lists: dict[str, list[str]], problems: list[str]) -> Rule | None:
    f = raw.fields
    where = f"{raw.where}: rule '{f['id']}'"
    missing = [k for k in REQUIRED if k not in f]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
        return None
    own: list[str] = []

    def node(key: str) -> Node:
        where = f"{raw.located.where(raw.path + (key,))}: rule '{f['id']}'"
        return build(f[key], lists, _detector_factory(own, where, raw.trusted), own, where, raw.trusted)

    match = node("match")
    unless = node("unless") if "unless" in f else None
    problems.extend(own)
    scope = f.get("scope", ["title", "body", "alt"])
    return Rule(
        id=f["id"], category=f["category"], severity=f["severity"], message=f["message"],
        why=f["why"].strip(), suggest=f.get("suggest", "").strip(),
        scope=tuple([scope] if isinstance(scope, str) else scope), match=match, unless=unless,
        flag=_examples(f["examples"]["flag"]), passes=_examples(f["examples"]["pass"]),
        pack=raw.pack, source=raw.where,
    )


def _link_refs(rules: list[Rule], problems: list[str]) -> None:
    """Point every ``rule:`` matcher at the rules it names; no rule may reach itself."""
    from fnmatch import fnmatch

    for rule in rules:
        for node in [*refs(rule.match), *(refs(rule.unless) if rule.unless else [])]:
            node.targets = [r for r in rules if any(fnmatch(r.id, p) or p == r.category
                                                    for p in node.patterns)]
            if rule in node.targets:
                problems.append(f"{rule.source}: rule '{rule.id}': a rule matcher may not include "
                                "the rule itself")
                node.targets.remove(rule)
            known = {r.id for r in rules}
            for p in node.patterns:
                if "*" not in p and p not in CATEGORIES and p not in known:
                    problems.append(f"{rule.source}: rule '{rule.id}': rule matcher names "
                                    f"'{p}', which is not a loaded rule id, glob or category")


@dataclass(frozen=True)
class Policy:
    rules: tuple[Rule, ...]
    terms: TermIndex
    digest: str
    packs: tuple[str, ...]


def pack_names(specs: Sequence[str], base: Path) -> set[str]:
    return {_load_raw(resolve(spec, base)).name for spec in specs}


def load_policy(specs: Sequence[str], base: Path, cache: bool = True, strict: bool = False) -> Policy:
    """Load, validate and compile packs (or reuse the compiled cache); raise PolicyError
    listing every problem. ``strict`` checks built-in packs against the schema too."""
    from . import policy_cache

    problems: list[str] = []
    paths: list[Path] = []
    for spec in specs:
        try:
            paths.append(resolve(spec, base))
        except PolicyError as e:
            problems.extend(e.problems)
    if cache and not strict and not problems:
        hit = policy_cache.get(paths)
        if isinstance(hit, Policy):
            return hit
    raws: list[_RawPack] = []
    for path in paths:
        try:
            raws.append(_load_raw(path, strict=strict))
        except PolicyError as e:
            problems.extend(e.problems)
    deps = {p for r in raws for p in (r.path, *r.includes)}
    included = set().union(*(r.includes for r in raws)) if raws else set()
    raws = [r for i, r in enumerate(raws)
            if r.path not in included and r.path not in {x.path for x in raws[:i]}]
    rules: list[Rule] = []
    where_of: dict[str, str] = {}
    for raw in raws:
        for rid, rr in raw.rules.items():
            if rr.fields.get("enabled", True) is False:
                continue
            if rid in where_of:
                problems.append(f"{rr.where}: duplicate rule id '{rid}' (also at {where_of[rid]})")
                continue
            where_of[rid] = rr.where
            rule = _compile_rule(rr, raw.lists, problems)
            if rule is not None:
                rules.append(rule)
    _link_refs(rules, problems)
    if problems:
        raise PolicyError(problems)
    index = TermIndex.of(m for rule in rules for m in (rule.match, rule.unless) if m is not None)
    digest = hashlib.sha256("".join([__version__] + [r.digest for r in raws]).encode()).hexdigest()
    policy = Policy(tuple(rules), index, digest, tuple(r.name for r in raws))
    if cache:
        policy_cache.put(paths, deps, policy)
    return policy
