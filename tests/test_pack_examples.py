"""Every example of every rule in every built-in pack behaves as it says."""
from __future__ import annotations

from pathlib import Path

import pytest

from postlint.engine import example_findings
from postlint.packs import builtin_names, load_policy

POLICY = load_policy(builtin_names(), Path("."))
CASES = [(rule, expect, ex) for rule in POLICY.rules
         for expect, exs in (("flag", rule.flag), ("pass", rule.passes)) for ex in exs]


def test_every_category_has_a_pack() -> None:
    assert {r.category for r in POLICY.rules} == {"location", "morale", "dispute", "sensational", "headline"}


def test_every_rule_has_examples_both_ways() -> None:
    for rule in POLICY.rules:
        assert rule.flag and rule.passes, rule.id


@pytest.mark.parametrize("rule,expect,example", CASES,
                         ids=[f"{r.id}:{e}:{i}" for i, (r, e, _) in enumerate(CASES)])
def test_example(rule, expect, example) -> None:  # type: ignore[no-untyped-def]
    got = [f.match for f in example_findings(POLICY, rule, example)]
    if expect == "flag":
        assert got, f"{rule.id} should flag: {example.text!r}"
    else:
        assert not got, f"{rule.id} should pass {example.text!r} but flagged {got}"
