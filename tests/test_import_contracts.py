"""Layering rules, checked in fresh interpreters: what importing each module drags in.

* Core (everything but ``reader.tui`` and ``reader.cli.launch``) never loads Textual, so
  the command line, the analysis and the store work (and test) without a terminal UI.
* ``reader.analysis`` knows neither the view nor the store: it turns text into facts.
* ``reader.store`` knows neither how articles are loaded nor how notes are re-anchored:
  it keeps plain values, so it can be reused and tested on its own.

Every module is imported in its own interpreter (a shared one would remember what earlier
imports loaded); the interpreters run side by side, once per test module.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "reader"

_PROBE = (
    "import importlib, json, sys; importlib.import_module(sys.argv[1]); "
    "print(json.dumps(sorted(sys.modules)))"
)


def _all_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def _is_ui(module: str) -> bool:
    return (
        module == "reader.tui" or module.startswith("reader.tui.") or module == "reader.cli.launch"
    )


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


MODULES = _all_modules()
CORE = [m for m in MODULES if not _is_ui(m)]
ANALYSIS = [m for m in CORE if _under(m, "reader.analysis")]
STORE = [m for m in CORE if _under(m, "reader.store")]
CONTROLS = ["textual", "reader.notes.relocation"]
"""Imports known to load what the rules forbid elsewhere: they prove the probe sees it."""


@pytest.fixture(scope="module")
def loaded() -> dict[str, set[str] | str]:
    """For each module: every module loaded by importing it in a fresh interpreter (or the
    last line of the error when it cannot be imported at all)."""
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", _PROBE, name],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in dict.fromkeys([*CORE, *CONTROLS])
    }
    result: dict[str, set[str] | str] = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        if proc.returncode == 0:
            result[name] = set(json.loads(out))
        else:
            lines = err.strip().splitlines()
            result[name] = lines[-1] if lines else f"exit status {proc.returncode}"
    return result


def _imports(loaded: dict[str, set[str] | str], module: str) -> set[str]:
    found = loaded[module]
    if isinstance(found, str):
        pytest.fail(f"{module}: cannot be imported: {found}")
    return found


def _offending(
    loaded: dict[str, set[str] | str], module: str, forbidden: tuple[str, ...]
) -> list[str]:
    return sorted(m for m in _imports(loaded, module) if any(_under(m, f) for f in forbidden))


def test_every_package_is_covered() -> None:
    for package in ("reader.analysis", "reader.store", "reader.notes", "reader.cli"):
        assert any(_under(m, package) for m in CORE), package
    assert "reader.store.database" in STORE and "reader.analysis.pipeline" in ANALYSIS


def test_the_probe_sees_forbidden_imports(loaded: dict[str, set[str] | str]) -> None:
    assert "textual" in _offending(loaded, "textual", ("textual",))
    assert "reader.article.loading" in _offending(
        loaded, "reader.notes.relocation", ("reader.article",)
    )


@pytest.mark.parametrize("module", CORE)
def test_core_module_never_loads_textual(module: str, loaded: dict[str, set[str] | str]) -> None:
    assert _offending(loaded, module, ("textual",)) == []


@pytest.mark.parametrize("module", ANALYSIS)
def test_analysis_knows_neither_view_nor_store(
    module: str, loaded: dict[str, set[str] | str]
) -> None:
    assert _offending(loaded, module, ("reader.view", "reader.store")) == []


@pytest.mark.parametrize("module", STORE)
def test_store_knows_neither_article_loading_nor_anchoring(
    module: str, loaded: dict[str, set[str] | str]
) -> None:
    assert _offending(loaded, module, ("reader.article", "reader.notes.anchoring")) == []
