"""The layers of DESIGN.md §3, read from the source: an app imports only what stands below it.

  site        the project's wiring in summit/ (urls, settings, celery, wsgi/asgi, the package itself, the serve
              command) and the hubs app: the pages that combine apps, and seed_demo
  exhibition  reads the feature apps through their selectors
  workshops, declarations, events, delegations, opinions   (never each other, never the exhibition)
  discussion, rooms   know no host: hosts register their key prefixes and scopes
  core        the rest of summit/, which imports no app at all

Every import counts, also one inside a function. Tasks are leaves: a tasks module imports no service at its top.
Every top-level app of the project must stand in a layer here, so a new one is placed the day it is added.
Application code stays small enough to read: no module over 300 lines (migrations aside), no function over 60.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYER_OF_APP = {
    "summit": "core",
    "discussion": "discussion",
    "rooms": "discussion",
    "workshops": "workshops",
    "declarations": "declarations",
    "events": "events",
    "delegations": "delegations",
    "opinions": "opinions",
    "exhibition": "exhibition",
    "hubs": "site",
}
APPS = list(LAYER_OF_APP)
RANK = {
    "core": 0,
    "discussion": 1,
    "workshops": 2,
    "declarations": 2,
    "events": 2,
    "delegations": 2,
    "opinions": 2,
    "exhibition": 3,
    "site": 4,
}
# The project's configuration, in the core's package but standing above every app.
SITE = {
    "summit",
    "summit.urls",
    "summit.settings",
    "summit.celery",
    "summit.wsgi",
    "summit.asgi",
    "summit.management.commands.serve",
}


def layer(module: str) -> str | None:
    """The layer a project module belongs to; None for everything else (Django, third-party packages)."""
    parts = module.split(".")
    if module == "summit" or any(".".join(parts[:end]) in SITE for end in range(2, len(parts) + 1)):
        return "site"
    return LAYER_OF_APP.get(parts[0])


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """(line, module) for every import in `source`, at any depth, relative ones resolved against `package`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            # `from exhibition.services import editions` imports the module exhibition.services.editions.
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def wrong_arrows(module: str, source: str) -> list[str]:
    package = module if module in SITE and "." not in module else module.rpartition(".")[0]
    own = layer(module)
    problems = []
    for line, target in imported_modules(source, package):
        theirs = layer(target)
        if theirs is None or theirs == own:
            continue
        if RANK[theirs] >= RANK[own]:
            problems.append(f"{module}:{line} imports {target} ({own} → {theirs})")
    return sorted(set(problems))


def project_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")) if (ROOT / app).exists() else []:
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            yield module, path.read_text(encoding="utf-8")


def test_no_app_imports_what_stands_above_it_or_beside_it():
    problems = [problem for module, source in project_modules() for problem in wrong_arrows(module, source)]

    assert problems == []


MODULE_LINES, FUNCTION_LINES = 300, 60


def oversized(module: str, source: str) -> list[str]:
    """What in `module` is longer than a module or a function may be."""
    found = [f"{module}: {len(source.splitlines())} lines"] if len(source.splitlines()) > MODULE_LINES else []
    for node in ast.walk(ast.parse(source)):
        function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        if function and (lines := node.end_lineno - node.lineno + 1) > FUNCTION_LINES:
            found.append(f"{module}.{node.name}: {lines} lines")
    return found


def test_no_module_or_function_of_the_apps_is_too_long_to_read():
    found = [problem for module, source in project_modules() for problem in oversized(module, source)]

    assert found == [], "split by entity (a package) or into named steps:\n" + "\n".join(found)


def test_the_size_check_sees_a_long_function():
    source = "def long():\n" + "    x = 1\n" * 60

    assert oversized("summit.example", source) == ["summit.example.long: 61 lines"]


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("summit.selectors", "from exhibition.models import Showing"),
        ("summit.views", "def f():\n    from workshops import selectors"),
        ("discussion.views", "from exhibition.views import discussion_context"),
        ("workshops.views", "from exhibition import selectors"),
        ("workshops.views", "from events.models import Session"),
        ("summit.permissions", "from hubs.views import home"),
        ("summit.selectors", "from hubs import views"),
        ("summit.services", "from discussion.models import Thread"),
    ],
)
def test_the_check_sees_an_arrow_pointing_the_wrong_way(module, source):
    assert wrong_arrows(module, source)


def test_the_check_allows_arrows_pointing_down():
    assert wrong_arrows("exhibition.views", "from discussion.pages import discussion_context") == []
    assert wrong_arrows("hubs.views", "from exhibition import selectors\nfrom workshops import selectors") == []
    assert wrong_arrows("summit.urls", "from hubs import views") == []
    assert wrong_arrows("workshops.views", "from .models import BestPractice\nfrom summit import selectors") == []


def test_every_top_level_app_stands_in_a_layer():
    """A folder with an apps.py at the top is a Django app of the project: it must be placed in LAYER_OF_APP."""
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}

    assert apps == set(LAYER_OF_APP), "place each app in a layer in tests/test_layers.py and DESIGN.md §3"


def test_no_view_imports_another_apps_views():
    """Host pages use an app's public interface (discussion.pages, summit.invitation_pages), never its views."""
    problems = [
        f"{module}:{line} imports {target}"
        for module, source in project_modules()
        for line, target in imported_modules(source, module.rpartition(".")[0])
        if target.split(".")[0] in APPS
        and ".views" in target
        and target.split(".")[0] != module.split(".")[0]
        and module != "summit.urls"
    ]

    assert problems == []


def test_tasks_are_leaves():
    """A tasks module imports no service at its top: services import tasks, and tasks fetch services when they run.
    It may import another tasks module (the core's retry policy, summit.tasks.retry_then_fail), a leaf too."""
    for module, source in project_modules():
        if not module.endswith(".tasks"):
            continue
        top = [node for node in ast.parse(source).body if isinstance(node, ast.Import | ast.ImportFrom)]
        names = [getattr(node, "module", None) or node.names[0].name for node in top]
        assert not [name for name in names if name.split(".")[0] in APPS and not name.endswith(".tasks")], module


@pytest.mark.processes
def test_a_process_starts_without_loading_scikit_learn():
    """scikit-learn takes most of a second to load; only the compile and the practices' related texts use it."""
    probe = (
        "import sys, django; django.setup(); from django.urls import resolve; resolve('/'); "
        "print(sorted(name for name in ('sklearn', 'scipy') if name in sys.modules))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "summit.settings"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT, env=environment
    )

    assert result.stdout.strip() == "[]"
