"""Packs: schema and meaning errors name file and line; extends and overrides; the policy commands."""
from __future__ import annotations

from pathlib import Path

import pytest

from postlint.model import PolicyError
from postlint.packs import load_policy
from tests.conftest import run

RULE = """\
  - id: {id}
    category: morale
    severity: warning
    message: m
    why: w
    match: {match}
    examples: {{flag: [{flag}], pass: [{passes}]}}
"""


def pack(tmp: Path, rules: str, name: str = "p", extra: str = "") -> Path:
    path = tmp / f"{name}.yaml"
    path.write_text(f"pack: {name}\nversion: 1\ndescription: d\n{extra}rules:\n{rules}")
    return path


def rule(id: str = "p.r", match: str = "{terms: [sad]}", flag: str = "so sad", passes: str = "so glad") -> str:
    return RULE.format(id=id, match=match, flag=flag, passes=passes)


def problems(path: Path) -> list[str]:
    with pytest.raises(PolicyError) as e:
        load_policy([str(path)], path.parent)
    return e.value.problems


def test_unknown_list_names_file_line_and_list(isolated: Path) -> None:
    p = pack(isolated, rule(match="{terms: ['@weekdayz']}"))
    assert problems(p) == ["p.yaml:10: rule 'p.r': unknown list '@weekdayz'"]


def test_schema_error_names_line_and_path(isolated: Path) -> None:
    p = pack(isolated, rule().replace("category: morale", "category: moral"))
    [msg] = problems(p)
    assert msg.startswith("p.yaml:6: rules.0.category: 'moral' is not one of")


def test_bad_regex_and_unknown_detector(isolated: Path) -> None:
    p = pack(isolated, rule(match="{pattern: '(unclosed'}") + rule(id="p.s", match="{detector: nope}"))
    msgs = problems(p)
    assert any("bad regular expression '(unclosed'" in m for m in msgs)
    assert any("unknown detector 'nope' (known: " in m for m in msgs)


def test_duplicate_rule_ids(isolated: Path) -> None:
    p = pack(isolated, rule() + rule())
    [msg] = problems(p)
    assert "duplicate rule id 'p.r' (first at" in msg


def test_invalid_yaml(isolated: Path) -> None:
    p = isolated / "bad.yaml"
    p.write_text("pack: x\nrules: [\n")
    [msg] = problems(p)
    assert msg.startswith("bad.yaml:3: not valid YAML")


def test_matcher_structure_errors(isolated: Path) -> None:
    p = pack(isolated, rule(match="{terms: [a], within: 3}"))
    assert any("'within' belongs with 'near'" in m for m in problems(p))
    p = pack(isolated, rule(match="{terms: ['!!!']}"))
    assert any("has no letters or digits and can never match" in m for m in problems(p))


def test_detector_params_checked(isolated: Path) -> None:
    p = pack(isolated, rule(match="{detector: all_caps, with: {min_wrds: 3}}"))
    assert any("detector 'all_caps'" in m and "min_wrds" in m for m in problems(p))


def test_extends_overrides_fields_and_disables(isolated: Path) -> None:
    base = pack(isolated, rule() + rule(id="p.other", match="{terms: [glum]}", flag="glum", passes="fine"))
    child = isolated / "child.yaml"
    child.write_text("pack: child\nversion: 1\ndescription: d\nextends: p.yaml\n"
                     "rules:\n  - id: p.r\n    severity: error\n  - id: p.other\n    enabled: false\n")
    policy = load_policy([str(child), str(base)], isolated)  # base is included by child, not twice
    assert [(r.id, r.severity) for r in policy.rules] == [("p.r", "error")]


def test_extends_loop(isolated: Path) -> None:
    (isolated / "a.yaml").write_text("pack: a\nversion: 1\ndescription: d\nextends: b.yaml\nrules: []\n")
    (isolated / "b.yaml").write_text("pack: b\nversion: 1\ndescription: d\nextends: a.yaml\nrules: []\n")
    assert any("loops back" in m for m in problems(isolated / "a.yaml"))


def test_rule_reference_to_self_rejected(isolated: Path) -> None:
    p = pack(isolated, rule(match="{rule: [p.r]}"))
    assert any("may not include the rule itself" in m for m in problems(p))


def test_validate_lists_every_problem_exit_2(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = pack(isolated, rule(match="{terms: ['@nope']}") + rule(id="p.s", match="{pattern: '('}"))
    code, _, err = run(capsys, "policy", "validate", str(p))
    assert code == 2
    assert "unknown list '@nope'" in err and "bad regular expression" in err


def test_validate_catches_examples_that_misbehave(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = pack(isolated, rule(flag="so happy", passes="so sad"))
    code, out, _ = run(capsys, "policy", "validate", str(p))
    assert code == 2
    assert "flag example did not flag: 'so happy'" in out
    assert "pass example flagged 'sad': 'so sad'" in out


def test_policy_test_reports_like_a_test_runner(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = pack(isolated, rule() + rule(id="p.s", flag="glum", passes="fine"))
    code, out, _ = run(capsys, "policy", "test", str(p))
    assert code == 1
    assert "FAIL" in out and "rule 'p.s': flag example did not flag: 'glum'" in out
    assert out.strip().endswith("3 passed, 1 failed")
    code, out, _ = run(capsys, "policy", "test", str(pack(isolated, rule(), name="q")))
    assert code == 0 and out.strip().endswith("2 passed, 0 failed")


def test_builtin_packs_validate(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "policy", "validate")
    assert code == 0 and "valid" in out


def test_policy_list_and_explain(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "policy", "list")
    assert code == 0
    assert out.splitlines()[0].split() == ["rule", "category", "severity", "pack"]
    assert any(line.split()[:2] == ["location.home", "location"] for line in out.splitlines())
    code, out, _ = run(capsys, "explain", "location.home")
    assert code == 0 and "Why:" in out and "Flags:" in out and "Passes:" in out
    code, _, err = run(capsys, "explain", "no.such-rule")
    assert code == 2 and "unknown rule 'no.such-rule'" in err


def test_policy_error_stops_a_lint_run(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = pack(isolated, rule(match="{terms: ['@nope']}"))
    (isolated / "d.txt").write_text("so sad\n")
    code, out, err = run(capsys, "--pack", str(p), "d.txt")
    assert code == 2 and out == "" and "unknown list '@nope'" in err


def test_catastrophic_regex_rejected_with_a_reason(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = pack(isolated, rule(match="{pattern: '(a+)+$'}") + rule(id="p.s", match="{pattern: '(?:a|aa)+b'}"))
    code, _, err = run(capsys, "policy", "validate", str(p))
    assert code == 2
    assert "pattern '(a+)+$' may backtrack catastrophically: an unbounded repeat contains another" in err
    assert "'(?:a|aa)+b' may backtrack catastrophically: an unbounded repeat over alternatives" in err


@pytest.mark.parametrize("pattern", [r"\bkill\b", r"(?:\w+\s+){0,4}x", r"(?:ab|ac)+", r"[\p{L}]+ st\b"])
def test_safe_patterns_pass_the_check(pattern: str) -> None:
    from postlint.regex_analysis import risky
    assert risky(pattern) is None


def test_builtin_packs_pass_every_check() -> None:
    # A lint run trusts the built-in packs (no schema, no regex checks); this is where they are checked.
    from postlint.packs import builtin_dir, builtin_names, schema_problems
    from postlint.yamlsrc import load

    for name in builtin_names():
        path = builtin_dir() / f"{name}.yaml"
        assert schema_problems(load(path.read_text("utf-8"), name), "policy-pack.schema.json") == []
    strict = load_policy(builtin_names(), builtin_dir(), cache=False, strict=True)
    assert [r.id for r in strict.rules] == [r.id for r in load_policy(builtin_names(), builtin_dir(), cache=False).rules]


def test_lint_run_skips_the_schema_of_builtin_packs_but_validate_does_not(tmp_path: Path) -> None:
    import subprocess
    import sys

    draft = tmp_path / "d.txt"
    draft.write_text("hello\n")
    probe = ("import sys; from postlint.cli import main; code = main({args}); "
             "print(code, 'jsonschema' in sys.modules)")
    def ask(args: list[str]) -> str:
        out = subprocess.run([sys.executable, "-c", probe.format(args=args)], capture_output=True, text=True,
                             cwd=tmp_path, check=False)
        return out.stdout.strip().splitlines()[-1]
    assert ask(["--no-config", "--no-cache", str(draft)]) == "0 False"
    assert ask(["policy", "validate", "--no-config"]) == "0 True"
