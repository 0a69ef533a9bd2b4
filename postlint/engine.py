"""Run a compiled policy over posts: match, apply ``unless``, attach rule data, sort."""
from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import replace
from fnmatch import fnmatch

from .compiler import Ctx, PatternTimeout, Triggers
from .detectors import Env
from .documents import Lines, parse
from .model import Example, Finding, Hit, Post, Region, Rule, Span, Suppression
from .normalize import View, leet_read, normalize, notes_for
from .packs import Policy


def example_findings(policy: Policy, rule: Rule, example: Example) -> list[Finding]:
    """What ``rule`` reports on one of its examples, with the example's own articles."""
    engine = Engine(policy, Env(inline_articles=example.articles), rules=[rule])
    post = parse("<example>.md" if example.markdown else "<example>.txt", example.text)[0]
    return [f for f in engine.lint(post) if f.rule == rule.id]


Noted = tuple[Suppression, Finding, Finding]  # a suppression, its no-reason and its unused finding
WINDOW = 4_000  # characters; posts over 1.5x this are linted in windows cut at paragraph breaks


def windows(prose: str, size: int = 0) -> list[tuple[int, int]]:
    """(start, end) windows of a post: the whole post, or for a long one pieces of about
    ``size`` characters cut at a blank line, a line break, a sentence end or a space."""
    size = size or WINDOW
    if len(prose) <= size + size // 2:
        return [(0, len(prose))]
    out, a = [], 0
    while a < len(prose):
        b = min(len(prose), a + size)
        if b < len(prose):
            for sep in ("\n\n", "\n", ". ", " "):
                cut = prose.rfind(sep, a + size // 2, b)
                if cut >= 0:
                    b = cut + len(sep)
                    break
        out.append((a, b))
        a = b
    return out


def _window(post: Post, a: int, b: int, starts: tuple[list[int], list[int]]) -> Post:
    """The part of a long post between a and b, with offsets relative to a. ``starts`` holds
    where the post's links and images start (both sorted), so each window finds its own fast."""
    def part(items: tuple[tuple[str, Span], ...], at: list[int]) -> tuple[tuple[str, Span], ...]:
        lo, hi = bisect_left(at, a), bisect_left(at, b)
        return tuple((u, Span(s.start - a, min(s.end, b) - a)) for u, s in items[lo:hi])

    return Post(
        post.path, post.source[a:b], post.prose[a:b],
        tuple(Region(r.scope, max(r.start, a) - a, min(r.end, b) - a) for r in post.regions
              if r.end > a and r.start < b) or (Region("body", 0, b - a),),
        part(post.links, starts[0]), part(post.images, starts[1]), post.meta,
    )


def _normalization_note(view: View, original: str) -> str:
    """Says so when a match was reached only through normalization."""
    if view.identity and not leet_read(original):
        return ""
    notes = notes_for(original)
    return "matched after " + " and ".join(notes) if notes else ""


def place(path: str, lines: Lines, start: int, end: int, match: str, rule: str, category: str,
          severity: str, message: str, why: str, suggest: str, fp: str = "") -> Finding:
    """A finding at file offsets [start, end), with its lines, columns and source line."""
    line, col = lines.position(start)
    end_line, end_col = lines.position(end)
    return Finding(path, line, col, end_line, end_col, rule, category, severity, message, why, suggest,
                   match, fp or fingerprint(rule, path, match), start, end, lines.line_text(line))


def fingerprint(rule: str, path: str, match: str) -> str:
    """Stable across edits elsewhere: rule, path and the normalized matched text."""
    text = " ".join(match.casefold().split())
    return hashlib.sha256(f"{rule}\0{path}\0{text}".encode()).hexdigest()[:20]


class Engine:
    def __init__(self, policy: Policy, env: Env | None = None,
                 severity: Mapping[str, str] | None = None,
                 rules: Iterable[Rule] | None = None):
        self.policy = policy
        self.env = env or Env()
        self.severity = dict(severity or {})
        self.rules = tuple(policy.rules if rules is None else rules)
        self.triggers = Triggers((rule.match for rule in self.rules), self.env)

    def lint(self, post: Post, lines: Lines | None = None) -> list[Finding]:
        """Every finding in one post, suppressions applied, sorted."""
        lines = lines or Lines(post.source)
        found = self.raw(post, lines)
        if post.suppressions:
            found = self.suppress(found, [self.noted(post, lines, s) for s in post.suppressions])
        found.sort(key=Finding.sort_key)
        return found

    def raw(self, post: Post, lines: Lines) -> list[Finding]:
        """Findings in one post before suppressions, in windows when it is long."""
        cuts = windows(post.prose)
        if len(cuts) == 1:
            return self._lint_part(post, lines, 0)
        post = replace(post, links=tuple(sorted(post.links, key=lambda x: x[1].start)),
                       images=tuple(sorted(post.images, key=lambda x: x[1].start)))
        starts = ([s.start for _, s in post.links], [s.start for _, s in post.images])
        return [f for a, b in cuts for f in self._lint_part(_window(post, a, b, starts), lines, a)]

    def _lint_part(self, post: Post, lines: Lines, base: int) -> list[Finding]:
        """Findings in one post, or one window of a long post starting at ``base``."""
        view = normalize(post.prose)
        terms, needles = self.policy.terms.find(view.skeleton)
        ctx = Ctx(post, view, terms, self.env, needles=needles)
        cache: dict[str, list[Hit]] = {}

        def rule_hits(rule: Rule) -> list[Hit]:
            if rule.id not in cache:
                cache[rule.id] = []  # a reference cycle sees no hits instead of recursing
                cache[rule.id] = self._rule_hits(rule, ctx)
            return cache[rule.id]

        ctx.rule_hits = rule_hits
        found: list[Finding] = []
        for i in self.triggers.candidates(ctx):
            rule = self.rules[i]
            try:
                hits = rule_hits(rule)
            except PatternTimeout as timeout:
                found.append(self._finding(post, lines, rule, 0, 0, Hit(0, 0), base=base,
                                           message=f"rule skipped: its pattern {str(timeout)!r} timed out "
                                                   "on this post", severity="error"))
                continue
            for h in hits:
                s, e = view.to_source(h.start), view.to_source(h.end, end=True)
                found.append(self._finding(post, lines, rule, s, e, h, _normalization_note(view, post.prose[s:e]),
                                           base=base))
        return found

    def noted(self, post: Post, lines: Lines, s: Suppression) -> Noted:
        """A suppression with the two findings it may earn: no reason given, no effect."""
        return (s,
                self._meta(post, lines, s, "postlint.suppression-without-reason", "Suppression gives no reason",
                           "Say why, after the rule: <!-- postlint: ignore[rule-id] public venue -->"),
                self._meta(post, lines, s, "postlint.unused-suppression",
                           f"Suppression of {', '.join(s.rules)} matches no finding",
                           "Remove it, so it cannot hide a future finding."))

    def suppress(self, found: list[Finding], noted: list[Noted]) -> list[Finding]:
        """Drop suppressed findings; report suppressions without a reason or without effect.
        A suppression on line 0 (front matter) covers every line."""
        def names(s: Suppression, rule: str, category: str) -> bool:
            return any(fnmatch(rule, p) or p == category for p in s.rules)

        used: set[int] = set()
        kept = []
        for f in found:
            hit = next((i for i, (s, _, _) in enumerate(noted) if names(s, f.rule, f.category)
                        and (s.line == 0 or f.line in (s.line, s.line + 1))), None)
            if hit is None:
                kept.append(f)
            else:
                used.add(hit)
        for i, (s, reasonless, unused) in enumerate(noted):
            if not s.reason:
                kept.append(reasonless)
            if i not in used and any(names(s, r.id, r.category) for r in self.rules):
                kept.append(unused)
        return kept

    def _meta(self, post: Post, lines: Lines, s: Suppression, rule: str, message: str, suggest: str) -> Finding:
        return place(post.path, lines, s.start, s.end, post.source[s.start:s.end], rule, "meta", "warning",
                     message, "Suppressions are reviewed like code: each needs a reason and must still be needed.",
                     suggest)

    def _rule_hits(self, rule: Rule, ctx: Ctx) -> list[Hit]:
        if not rule.match.possible(ctx):
            return []
        post, view = ctx.post, ctx.view
        hits = [h for h in rule.match.hits(ctx)
                if post.scope_at(view.to_source(h.start)) in rule.scope]
        if hits and rule.unless is not None and rule.unless.possible(ctx):
            blocked = {ctx.sentence(u.start) for u in rule.unless.hits(ctx)}
            hits = [h for h in hits if ctx.sentence(h.start) not in blocked]
        kept: list[Hit] = []
        for h in sorted(hits, key=lambda h: (h.start, -h.end)):
            if not kept or h.start >= kept[-1].end:
                kept.append(h)
        return kept

    def _finding(self, post: Post, lines: Lines, rule: Rule, s: int, e: int, h: Hit,
                 normalized: str = "", message: str = "", severity: str = "", base: int = 0) -> Finding:
        e = min(e, len(post.source))
        s = min(s, e)
        if not message:
            notes = "; ".join(n for n in (normalized, h.note) if n)
            message = f"{rule.message} ({notes})" if notes else rule.message
        return place(post.path, lines, base + s, base + e, post.source[s:e], rule.id, rule.category,
                     severity or self.severity.get(rule.id) or h.severity or rule.severity,
                     message, rule.why, h.suggest or rule.suggest)
