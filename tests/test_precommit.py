"""The hook as a publications team uses it: real pre-commit, a temporary git repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_risky_post_blocks_the_commit_clean_one_passes(tmp_path: Path) -> None:
    repo = tmp_path / "content"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "t@example.org")
    git(repo, "config", "user.name", "t")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pc-home"), "POSTLINT_NO_CACHE": "1"}
    env.pop("CI", None)

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "postlint"],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=900)

    (repo / "post.md").write_text("---\ntitle: Update\n---\nomw to my flat on Duke Street now\n")
    git(repo, "add", "post.md")
    risky = try_repo()
    assert risky.returncode == 1, risky.stdout + risky.stderr
    assert "post.md:4:1: warning[location.live-whereabouts]" in risky.stdout

    (repo / "post.md").write_text("---\ntitle: Rally\n---\nRally Saturday noon at City Plaza, all welcome.\n")
    git(repo, "add", "post.md")
    clean = try_repo()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout
