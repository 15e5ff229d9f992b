"""Layering rules, checked in fresh interpreters: what importing each module drags in.

* Core (everything but ``reader.tui`` and ``reader.cli.launch``) never loads Textual, so
  the command line, the analysis and the store work (and test) without a terminal UI.
* ``reader.analysis`` knows neither the view nor the store: it turns text into facts.
* ``reader.store`` knows neither how articles are loaded nor how notes are re-anchored:
  it keeps plain values, so it can be reused and tested on its own.
* Only ``reader.store.postgres`` loads psycopg: the file store, the command line and the
  app work without the ``reader[postgres]`` extra installed.

All core modules are imported in turn in one fresh interpreter, each charged with what
its import loaded first (see ``loaded``); that is sound for "no module loads X".
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "reader"

_PROBE = """
import importlib, json, sys
loaded = {}
for name in sys.argv[1:]:
    before = set(sys.modules)
    try:
        importlib.import_module(name)
    except Exception as exc:
        loaded[name] = f"{type(exc).__name__}: {exc}"
        continue
    loaded[name] = sorted(set(sys.modules) - before)
print(json.dumps(loaded))
"""
"""Imports each module named in turn, reporting what each import newly loaded."""


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


Loaded = dict[str, dict[str, set[str] | str]]
"""Group → module → what importing it loaded first (or why it could not be imported)."""


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    """For each module: what importing it loaded that was not loaded before (or the error).

    One fresh interpreter per group (all core modules; the analysis; the store) imports
    its modules in turn, so only modules of the rule's own group are ever charged. A
    module is charged with what it loaded first: a forbidden import is flagged at the
    first module that pulls it in, and if none of them does, no module alone can.
    The controls run in interpreters of their own.
    """
    groups = {"core": CORE, "analysis": ANALYSIS, "store": STORE}
    groups |= {name: [name] for name in CONTROLS}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _PROBE, *group],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for group in groups.values()
    ]
    result: Loaded = {}
    for group, proc in zip(groups, procs, strict=True):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.strip().splitlines()[-1:]
        result[group] = {
            name: found if isinstance(found, str) else set(found)
            for name, found in json.loads(out).items()
        }
    return result


OPTIONAL = {"reader.store.postgres": "psycopg"}
"""Packages that need an optional extra: skipped, not failed, where it is not installed."""


def _offending(loaded: Loaded, group: str, module: str, forbidden: tuple[str, ...]) -> list[str]:
    found = loaded[group][module]
    if isinstance(found, str):
        for package, needs in OPTIONAL.items():
            if _under(module, package) and f"No module named '{needs}" in found:
                pytest.skip(f"{module} needs {needs} (an optional extra), not installed")
        pytest.fail(f"{module}: cannot be imported: {found}")
    return sorted(m for m in found if any(_under(m, f) for f in forbidden))


def test_every_package_is_covered() -> None:
    for package in ("reader.analysis", "reader.store", "reader.notes", "reader.cli"):
        assert any(_under(m, package) for m in CORE), package
    assert "reader.store.database" in STORE and "reader.analysis.pipeline" in ANALYSIS


def test_the_probe_sees_forbidden_imports(loaded: Loaded) -> None:
    assert "textual" in _offending(loaded, "textual", "textual", ("textual",))
    relocation = "reader.notes.relocation"
    assert "reader.article.loading" in _offending(
        loaded, relocation, relocation, ("reader.article",)
    )


@pytest.mark.parametrize("module", CORE)
def test_core_module_never_loads_textual(module: str, loaded: Loaded) -> None:
    assert _offending(loaded, "core", module, ("textual",)) == []


@pytest.mark.parametrize("module", ANALYSIS)
def test_analysis_knows_neither_view_nor_store(module: str, loaded: Loaded) -> None:
    assert _offending(loaded, "analysis", module, ("reader.view", "reader.store")) == []


@pytest.mark.parametrize("module", STORE)
def test_store_knows_neither_article_loading_nor_anchoring(module: str, loaded: Loaded) -> None:
    forbidden = ("reader.article", "reader.notes.anchoring")
    assert _offending(loaded, "store", module, forbidden) == []


@pytest.mark.parametrize("module", [m for m in CORE if not _under(m, "reader.store.postgres")])
def test_only_the_postgres_backend_loads_psycopg(module: str, loaded: Loaded) -> None:
    assert _offending(loaded, "core", module, ("psycopg",)) == []
