"""The package's folders are its pipeline, and its imports only point down:

    base (briefing/*.py: model, ids, digest, problems)  <  load/  <  rules/  <  site/, editorial/
    <  the command line (cli.py) and the MkDocs adapter (mkdocs_plugin.py, mkdocs_pageworker.py)

site/ and editorial/ do not import each other, nor cli.py and the adapter; nothing but the adapter
imports MkDocs (or Material, or ProperDocs). Every import counts: at the top of a module, inside a
function, under ``if TYPE_CHECKING:`` and through ``importlib.import_module``. The modules' imports
also form no cycle, whichever layers they are in."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

from support import REPO

PACKAGE = REPO / "scripts" / "briefing"
SUBPACKAGES = ("load", "rules", "site", "editorial")
TOP = {"briefing.cli": "cli", "briefing.mkdocs_plugin": "adapter", "briefing.mkdocs_pageworker": "adapter"}
# What each layer may import, besides itself.
BELOW = {
    "base": set(),
    "load": {"base"},
    "rules": {"base", "load"},
    "site": {"base", "load", "rules"},
    "editorial": {"base", "load", "rules"},
    "cli": {"base", "load", "rules", "site", "editorial"},
    "adapter": {"base", "load", "rules", "site", "editorial"},
}
ENGINES = {"mkdocs", "material", "properdocs"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    if module in TOP:
        return TOP[module]
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in SUBPACKAGES else "base"


def imports(module: str, source: str, is_package: bool = False) -> set[str]:
    """Every module ``module`` imports, relative imports made absolute; ``from . import x`` gives
    the submodule ``x`` when there is one, else the package."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.add(target)
            for alias in node.names:
                if f"{target}.{alias.name}" in MODULES:
                    found.add(f"{target}.{alias.name}")
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", ""))
              in {"import_module", "__import__"} and node.args and isinstance(node.args[0], ast.Constant)):
            found.add(str(node.args[0].value))
    return found


def own_imports(module: str, source: str, is_package: bool = False) -> set[str]:
    """The modules of this package that ``module`` imports (not itself, not its own folder's
    ``__init__``, which Python runs first anyway)."""
    parent = module.rpartition(".")[0]
    return {m for m in imports(module, source, is_package)
            if m in MODULES and m != module and (is_package or m != parent)}


def upward(module: str, source: str, is_package: bool = False) -> list[str]:
    """The imports of ``module`` that do not point down (or sideways within its own layer)."""
    mine = layer(module)
    return sorted(m for m in own_imports(module, source, is_package)
                  if layer(m) != mine and layer(m) not in BELOW[mine])


def source(module: str) -> str:
    return MODULES[module].read_text("utf-8")


def is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def test_every_module_is_in_a_layer() -> None:
    assert len(MODULES) > 30
    assert {m.split(".")[1] for m in MODULES if m.count(".") >= 2} == set(SUBPACKAGES)
    for sub in SUBPACKAGES:
        assert (PACKAGE / sub / "__init__.py").is_file(), f"{sub}/ is a package (setuptools finds only those)"
    assert {layer(m) for m in MODULES} == set(BELOW)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_point_down(module: str) -> None:
    found = upward(module, source(module), is_package(module))
    assert not found, f"{module} ({layer(module)}) imports {found}; it may import its own layer and " + (
        ", ".join(sorted(BELOW[layer(module)])) or "nothing else")


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` (module -> the modules it imports), or [] when there is none."""
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        return list(exc.args[1])
    return []


def test_no_import_cycles() -> None:
    found = cycle({m: own_imports(m, source(m), is_package(m)) for m in MODULES})
    assert found == [], f"import cycle: {' -> '.join(found)}"


def test_only_the_adapter_imports_mkdocs() -> None:
    offenders = {}
    for module in MODULES:
        engines = {m.split(".")[0] for m in imports(module, source(module), is_package(module))} & ENGINES
        if module == "briefing.mkdocs_plugin":
            assert "mkdocs" in engines
        elif engines:
            offenders[module] = sorted(engines)
    assert offenders == {}


@pytest.mark.parametrize(("module", "line", "found"), [
    ("briefing.load.corpus", "from ..rules import body as body_rules", ["briefing.rules", "briefing.rules.body"]),
    ("briefing.load.corpus", "from ..rules.files import load", ["briefing.rules.files"]),
    ("briefing.rules.crossref", "    from ..site.catalog import Catalog", ["briefing.site.catalog"]),
    ("briefing.site.pages", "from ..editorial import review", ["briefing.editorial", "briefing.editorial.review"]),
    ("briefing.editorial.stale", "from briefing.site import catalog", ["briefing.site", "briefing.site.catalog"]),
    ("briefing.site.audit", "import briefing.editorial.linkcheck", ["briefing.editorial.linkcheck"]),
    ("briefing.load.filecache", 'importlib.import_module("briefing.rules.validate")', ["briefing.rules.validate"]),
    ("briefing.model", "from .load.corpus import BriefFile", ["briefing.load.corpus"]),
    ("briefing.cli", "from . import mkdocs_plugin", ["briefing.mkdocs_plugin"]),
    ("briefing.rules.validate", "from ..site.build import Caches", ["briefing.site.build"]),
    ("briefing.rules.validate", "from ..load.corpus import Corpus", []),
    ("briefing.site.build", "from ..rules.validate import validate", []),
    ("briefing.editorial.stale", "from .review import md", []),
])
def test_the_check_sees_an_upward_import(module: str, line: str, found: list[str]) -> None:
    text = f"def f():\n{line}\n" if line.startswith(" ") else line + "\n"
    assert upward(module, text) == found


def test_the_check_sees_a_cycle() -> None:
    """The knot the layout untied: the corpus and the file cache importing each other."""
    corpus = own_imports("briefing.load.corpus", "from .filecache import FileCache\n")
    cache = own_imports("briefing.load.filecache", "if TYPE_CHECKING:\n    from .corpus import BriefFile\n")
    assert cycle({"briefing.load.corpus": corpus, "briefing.load.filecache": cache}) != []
    assert cycle({"briefing.load.corpus": set(), "briefing.load.filecache": cache}) == []
