"""The ``postlint`` command. Only this module turns errors into messages and exit codes."""
from __future__ import annotations

import functools
import os
import sys
from collections.abc import Sequence
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import Config, find, load
from .model import SEVERITY_RANK, PostlintError, Rule

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class Usage(PostlintError):
    pass


def _echo_err(message: str) -> None:
    click.echo(f"postlint: {message}", err=True)


def _config(config_path: str | None, no_config: bool) -> Config:
    if no_config:
        return Config()
    if config_path:
        path = Path(config_path)
        if not path.is_file():
            raise Usage(f"{config_path}: config file not found")
        return load(path)
    return load(find(Path.cwd()))


def _policy(cfg: Config, packs: Sequence[str], cache: bool = True, strict: bool = False) -> Any:
    from .packs import builtin_names, load_policy

    specs = list(packs) or list(cfg.packs) or builtin_names()
    return load_policy(specs, Path.cwd() if packs else cfg.base, cache, strict)


def _chosen(rule: Rule, patterns: Sequence[str]) -> bool:
    return any(fnmatch(rule.id, p) or p in (rule.category, rule.pack) for p in patterns)


COMMON = [
    click.option("--config", "config_path", metavar="FILE", help="Config file (default: nearest .postlint.yaml or pyproject.toml)."),
    click.option("--no-config", is_flag=True, help="Ignore configuration files."),
    click.option("--pack", "packs", multiple=True, metavar="NAME|PATH", help="Packs to use instead of the configured ones (repeatable)."),
]


def common(f: Any) -> Any:
    for opt in reversed(COMMON):
        f = opt(f)
    return f


def exits(f: Any) -> Any:
    """Commands return an exit code; click's context carries it out."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        click.get_current_context().exit(f(*args, **kwargs))
    return wrapper


def _repo_root() -> str:
    """The enclosing git work tree, or the working folder: what report URIs are relative to."""
    here = Path.cwd()
    for folder in [here, *here.parents]:
        if (folder / ".git").exists():
            return str(folder)
    return str(here)


class DefaultGroup(click.Group):
    """``postlint PATH...`` means ``postlint check PATH...``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="postlint")
def cli() -> None:
    """Catch privacy leaks in posts before they are published.

    \b
    postlint draft.txt            lint a draft with the built-in packs
    postlint -                    lint a draft from standard input
    postlint content/             lint every post in a folder
    postlint policy test          run every rule's examples
    """


LINT_OPTIONS = [
    click.argument("paths", nargs=-1),
    click.option("--articles", multiple=True, metavar="SOURCE", help="Article feed, folder or JSON Lines file (repeatable)."),
    click.option("--include", multiple=True, metavar="GLOB", help="Files to lint when walking folders."),
    click.option("--exclude", multiple=True, metavar="GLOB", help="Paths never to lint."),
    click.option("--select", multiple=True, metavar="RULE|CATEGORY|PACK", help="Only these rules (globs allowed)."),
    click.option("--ignore", multiple=True, metavar="RULE|CATEGORY|PACK", help="Not these rules (globs allowed)."),
    click.option("--stdin-filename", metavar="NAME", help="Name to report for '-' (its suffix picks the format)."),
    click.option("--max-file-size", type=click.IntRange(min=1), metavar="BYTES", help="Largest file to read."),
    click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, metavar="N",
                 help="Worker processes (0: one per core for large runs)."),
    click.option("--no-cache", is_flag=True, help="Neither read nor write postlint's caches."),
    click.option("--no-results-cache", is_flag=True,
                 help="Lint every file again (the compiled-policy cache is still used)."),
]


def lint_options(f: Any) -> Any:
    for opt in reversed(LINT_OPTIONS):
        f = opt(f)
    return common(f)


def _lint(paths: tuple[str, ...], articles: tuple[str, ...], include: tuple[str, ...],
          exclude: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...],
          stdin_filename: str | None, max_file_size: int | None, jobs: int, no_cache: bool,
          no_results_cache: bool, config_path: str | None, no_config: bool, packs: tuple[str, ...],
          fix: bool = False) -> tuple[Config, list[Rule], Any]:
    """The shared pipeline of check and baseline create: config, policy, rules, then the run."""
    from .detectors import Env
    from .engine import Engine
    from .runner import run

    if not paths:
        raise Usage("no paths given: try 'postlint draft.txt', 'postlint content/' or 'postlint -' for stdin")
    cfg = _config(config_path, no_config)
    policy = _policy(cfg, packs, cache=not no_cache)
    rules = [r for r in policy.rules if not _chosen(r, (*cfg.disable, *ignore))
             and (not select or _chosen(r, select))]
    env = Env(articles=tuple(articles) + cfg.articles, base_url=cfg.base_url)
    if env.articles:
        env.article_index()  # a bad article source stops the run before any file is read
    engine = Engine(policy, env, cfg.severity, rules)
    limit = max_file_size or cfg.max_file_size
    salt = "" if no_cache or no_results_cache or os.environ.get("POSTLINT_NO_CACHE") else "\0".join(
        [policy.digest, ",".join(r.id for r in rules), repr(sorted(cfg.severity.items())), str(limit),
         env.article_index().digest() if env.articles else ""])
    result = run(engine, paths, include or cfg.include, (*cfg.exclude, *exclude), limit,
                 stdin_filename or "<stdin>", fix, jobs, salt, _progress if sys.stderr.isatty() else None)
    for line in result.fixed:
        _echo_err(f"fixed {line}")
    return cfg, rules, result


def _progress(done: int, total: int) -> None:
    """A progress bar on standard error, for long runs on a terminal."""
    if total < 500:
        return
    width = 30
    filled = width * done // total
    end = "\n" if done == total else ""
    click.echo(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total} files{end}", err=True, nl=False)


@cli.command()
@click.option("--format", "fmt", default="text", show_default=True,
              help="Output format: text, json, sarif, github or junit.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="Lowest severity that fails the run [default: warning].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--baseline", "baseline_path", metavar="FILE", help="Report only findings not in this baseline.")
@click.option("--redact/--no-redact", default=None,
              help="Replace matched text in the output [default: on for sarif and github when CI is set].")
@click.option("--fix", is_flag=True, help="Remove GPS metadata from images the posts reference (atomic).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@lint_options
@exits
def check(fmt: str, fail_on: str | None, exit_zero: bool, baseline_path: str | None, redact: bool | None,
          fix: bool, color: str, **lint: Any) -> int:
    """Lint posts (files, folders, or - for standard input)."""
    from . import baseline
    from .report import FORMATTERS, REDACT_IN_CI, RuleInfo, Style, Summary, formatter

    if fmt not in FORMATTERS:
        raise Usage(f"unknown format '{fmt}' (choose from {', '.join(FORMATTERS)})")
    cfg, rules, result = _lint(fix=fix, **lint)
    findings, stale = result.findings, 0
    baseline_path = baseline_path or cfg.baseline
    if baseline_path:
        findings, stale = baseline.apply(findings, baseline.load(Path(baseline_path)))
    use_color = color == "always" or (color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    if redact is None:
        redact = fmt in REDACT_IN_CI and bool(os.environ.get("CI"))
    infos = {r.id: RuleInfo(r.message, r.why, r.suggest, r.category, cfg.severity.get(r.id, r.severity))
             for r in rules}
    summary = Summary(result.files, result.posts, tuple(result.errors), infos, _repo_root(), os.getcwd(), stale)
    click.echo(formatter(fmt)(findings, summary, Style(use_color, redact)), nl=False)
    for e in result.errors:
        _echo_err(e)
    if stale:
        _echo_err(f"{stale} baseline entr{'y no longer matches' if stale == 1 else 'ies no longer match'} "
                  f"a finding; run 'postlint baseline create' to prune {baseline_path}")
    if result.errors:
        return EXIT_ERROR
    level = SEVERITY_RANK[fail_on or cfg.fail_on]
    failing = any(SEVERITY_RANK[f.severity] >= level for f in findings)
    return EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN


@cli.group("baseline")
def baseline_group() -> None:
    """Accept the findings in existing content, so only new ones are reported."""


@baseline_group.command("create")
@click.option("--output", "-o", default=".postlint-baseline.json", show_default=True, metavar="FILE")
@lint_options
@exits
def baseline_create(output: str, **lint: Any) -> int:
    """Write the fingerprints of today's findings (never their text) to a baseline file."""
    from . import baseline

    _, _, result = _lint(**lint)
    for e in result.errors:
        _echo_err(e)
    if result.errors:
        return EXIT_ERROR
    baseline.write(Path(output), result.findings)
    click.echo(f"{output}: {len(result.findings)} findings in {result.files} files recorded")
    return EXIT_CLEAN


@cli.group()
def policy() -> None:
    """Validate, test and list policy packs."""


def _example_failures(pol: Any, rule: Rule) -> list[str]:
    from .engine import example_findings

    failures = []
    for expect, examples in (("flag", rule.flag), ("pass", rule.passes)):
        for ex in examples:
            got = example_findings(pol, rule, ex)
            if expect == "flag" and not got:
                failures.append(f"{rule.source}: rule '{rule.id}': flag example did not flag: {ex.text!r}")
            elif expect == "pass" and got:
                failures.append(f"{rule.source}: rule '{rule.id}': pass example flagged "
                                f"{got[0].match!r}: {ex.text!r}")
    return failures


def _under_test(cfg: Config, specs: Sequence[str], strict: bool = False) -> tuple[Any, list[Rule]]:
    """The named packs' rules, compiled beside the configured packs they may refer to;
    ``strict``: built-in packs checked against the schema too."""
    from .packs import builtin_names, load_policy, pack_names

    if not specs:
        pol = _policy(cfg, (), strict=strict)
        return pol, list(pol.rules)
    base = Path.cwd()
    context = [str(cfg.base / p) if not Path(p).is_absolute() and ("/" in p or p.endswith((".yaml", ".yml")))
               else p for p in (cfg.packs or builtin_names())]
    pol = load_policy([*specs, *context], base, strict=strict)
    names = pack_names(specs, base)
    return pol, [r for r in pol.rules if r.pack in names]


@policy.command()
@click.argument("packs_args", metavar="[PACK]...", nargs=-1)
@common
@exits
def validate(packs_args: tuple[str, ...], config_path: str | None, no_config: bool,
             packs: tuple[str, ...]) -> int:
    """Check packs against the schema, their meaning and their own examples."""
    pol, rules = _under_test(_config(config_path, no_config), packs_args or packs, strict=True)
    problems = [p for r in rules for p in _example_failures(pol, r)]
    for p in problems:
        click.echo(p)
    if problems:
        click.echo(f"{len(problems)} problems in {len(pol.packs)} packs")
        return EXIT_ERROR
    click.echo(f"{len(pol.rules)} rules in {len(pol.packs)} packs ({', '.join(pol.packs)}): valid")
    return EXIT_CLEAN


@policy.command("test")
@click.argument("packs_args", metavar="[PACK]...", nargs=-1)
@common
@exits
def test_(packs_args: tuple[str, ...], config_path: str | None, no_config: bool,
          packs: tuple[str, ...]) -> int:
    """Run every rule's flag and pass examples."""
    pol, rules = _under_test(_config(config_path, no_config), packs_args or packs)
    passed = failed = 0
    for rule in rules:
        fails = _example_failures(pol, rule)
        total = len(rule.flag) + len(rule.passes)
        failed += len(fails)
        passed += total - len(fails)
        for f in fails:
            click.echo(f"FAIL {f}")
    click.echo(f"{passed} passed, {failed} failed")
    return EXIT_FINDINGS if failed else EXIT_CLEAN


@policy.command("list")
@common
@exits
def list_(config_path: str | None, no_config: bool, packs: tuple[str, ...]) -> int:
    """Rules with id, category, severity and pack."""
    pol = _policy(_config(config_path, no_config), packs)
    rows = [(r.id, r.category, r.severity, r.pack) for r in pol.rules]
    widths = [max([len(h)] + [len(row[i]) for row in rows]) for i, h in enumerate(("rule", "category", "severity", "pack"))]
    for row in [("rule", "category", "severity", "pack"), *rows]:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    return EXIT_CLEAN


@policy.command("detectors")
@exits
def detectors_() -> int:
    """Detectors that rules can call, with their parameters."""
    from .detectors import DETECTORS
    from .detectors import load as load_detector

    for name in sorted(DETECTORS):
        params = load_detector(name).PARAMS.get("properties", {})
        click.echo(f"{name}: {', '.join(sorted(params)) or '(no parameters)'}")
    return EXIT_CLEAN


@cli.command()
@click.argument("rule_id")
@common
@exits
def explain(rule_id: str, config_path: str | None, no_config: bool, packs: tuple[str, ...]) -> int:
    """Show a rule's message, why, suggestion and examples."""
    pol = _policy(_config(config_path, no_config), packs)
    rule = next((r for r in pol.rules if r.id == rule_id), None)
    if rule is None:
        raise Usage(f"unknown rule '{rule_id}' (see 'postlint policy list')")
    click.echo(f"{rule.id} ({rule.category}, {rule.severity}; pack {rule.pack}, {rule.source})\n")
    click.echo(f"{rule.message}\n\nWhy: {rule.why}")
    if rule.suggest:
        click.echo(f"\nInstead: {rule.suggest}")
    click.echo("\nFlags:")
    for ex in rule.flag:
        click.echo(f"  - {ex.text}")
    click.echo("Passes:")
    for ex in rule.passes:
        click.echo(f"  - {ex.text}")
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    from .model import PolicyError

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        rv = cli.main(args=args, prog_name="postlint", standalone_mode=False)
    except click.exceptions.Exit as e:
        return int(e.exit_code or 0)
    except click.UsageError as e:
        e.show()
        return EXIT_ERROR
    except click.ClickException as e:
        e.show()
        return EXIT_ERROR
    except click.Abort:
        _echo_err("aborted")
        return EXIT_ERROR
    except PolicyError as e:
        for p in e.problems:
            _echo_err(p)
        return EXIT_ERROR
    except PostlintError as e:
        _echo_err(str(e))
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except KeyboardInterrupt:
        _echo_err("interrupted")
        return 130
    except Exception as e:  # the last line of defence: one line, never a traceback
        if os.environ.get("POSTLINT_DEBUG"):
            raise
        _echo_err(f"internal error: {type(e).__name__}: {e} (set POSTLINT_DEBUG=1 for details, "
                  "and please report it)")
        return EXIT_ERROR
    return rv if isinstance(rv, int) else EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
