"""Configuration: .postlint.yaml or [tool.postlint] in pyproject.toml, found by walking up."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlsrc
from .model import PolicyError

NAMES = (".postlint.yaml", ".postlint.yml", "pyproject.toml")
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown")


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    packs: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    base_url: str = ""
    fail_on: str = "warning"
    max_file_size: int = 1_000_000
    baseline: str = ""

    @property
    def base(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def _toml(path: Path) -> dict[str, Any] | None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise PolicyError([f"{path}: cannot read config: {e}"]) from None
    section = data.get("tool", {}).get("postlint")
    return section if isinstance(section, dict) else None


def find(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        for name in NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _toml(candidate) is not None):
                return candidate
    return None


def load(path: Path | None) -> Config:
    if path is None:
        return Config()
    if path.name == "pyproject.toml":
        data = _toml(path)
        if data is None:
            raise PolicyError([f"{path}: no [tool.postlint] section"])
        located = yamlsrc.Located(data, {}, str(path))
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise PolicyError([f"{path}: cannot read config: {e}"]) from None
        located = yamlsrc.load(text, str(path))
        if located.data is None:
            return Config(path=path)
        if not isinstance(located.data, dict):
            raise PolicyError([f"{path}:1: the config must be a mapping of keys to values"])
    from .packs import load_schema, schema_problems

    known = set(load_schema("config.schema.json")["properties"])
    problems = []
    for key in located.data:
        if key not in known:
            problems.append(f"{located.where((key,))}: unknown key '{key}' "
                            f"(known: {', '.join(sorted(known))})")
    problems += [p for p in schema_problems(located, "config.schema.json")
                 if "Additional properties" not in p]
    if problems:
        raise PolicyError(problems)
    d = located.data
    return Config(
        path=path,
        packs=tuple(d.get("packs", ())),
        disable=tuple(d.get("disable", ())),
        severity=dict(d.get("severity", {})),
        include=tuple(d.get("include", DEFAULT_INCLUDE)),
        exclude=tuple(d.get("exclude", ())),
        articles=tuple(str(path.parent / a) if not Path(a).is_absolute() else a
                       for a in d.get("articles", ())),
        base_url=d.get("base_url", ""),
        fail_on=d.get("fail-on", "warning"),
        max_file_size=d.get("max-file-size", 1_000_000),
        baseline=str(path.parent / d["baseline"]) if "baseline" in d else "",
    )

