"""Hostile or careless policies reach the user as PolicyError lines, never as a crash (bad regexes: test_policy.py)."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postlint.model import PolicyError
from postlint.packs import load_policy

FEED = Path(__file__).parent / "data" / "feed.xml"

yaml_ish = st.lists(st.sampled_from(["pack: x\n", "rules:\n", "  - id: a.b\n", "    match: {terms: [x]}\n",
                                     "    category: morale\n", "&a [*a]\n", "!!python/name:os.system\n",
                                     "lists: {a: [b]}\n", "extends: x.yaml\n", "- ", ": ", "{", "]",
                                     "    examples: {flag: [x], pass: [y]}\n", "\t", "\x00", "'"]), max_size=25)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(yaml_ish.map("".join), st.text(max_size=200)))
def test_pack_loader_only_raises_policy_errors(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("pack")
    path = folder / "p.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass") if "\ud800" not in text else None
    if not path.exists():
        return
    try:
        load_policy([str(path)], folder, cache=False)
    except PolicyError as e:
        assert e.problems and all(isinstance(p, str) and p and "\n" not in p for p in e.problems)

