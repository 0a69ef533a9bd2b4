"""The built wheel carries the packs and schemas: install it in a fresh venv and lint from elsewhere."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_packs_and_schemas(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(ROOT)], check=True, capture_output=True)
    [wheel] = dist.glob("postlint-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, capture_output=True)
    # Dependencies come from the test environment's site-packages; postlint itself only from the wheel.
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "draft.txt").write_text("omw to my flat on Duke Street now\n")
    where = subprocess.run([py, "-c", "import postlint; print(postlint.__file__)"], cwd=elsewhere,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert str(env_dir) in where
    out = subprocess.run([env_dir / "bin" / "postlint", "draft.txt"], cwd=elsewhere, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 1, out.stderr
    assert "location.home" in out.stdout
    listed = subprocess.run([env_dir / "bin" / "postlint", "policy", "validate"], cwd=elsewhere, env=env,
                            capture_output=True, text=True)
    assert listed.returncode == 0, listed.stdout + listed.stderr
