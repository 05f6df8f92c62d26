"""Installing the project leaves nothing behind in the checkout."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_building_the_project_leaves_no_egg_info_or_build_folder(tmp_path):
    # What `make` installs from: pyproject.toml (and the README it names), in a clean folder.
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", "dist", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert built.returncode == 0, built.stderr
    left = sorted(path.name for path in tmp_path.iterdir())
    assert left == ["README.md", "dist", "pyproject.toml"], left
