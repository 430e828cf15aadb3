"""The locks in requirements/ (README.md, "Dependencies"): production's base.txt holds every package the
application imports and no development or benchmark tool, and the three locks agree on every version.

Reads files only (the locks, pyproject.toml, the application's source): no network, no database.
"""

import ast
import fnmatch
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ("base", "dev", "bench")
PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;]+)(\s*;\s*(?P<marker>.+))?")

# Never in production, whatever would pull them in (locust, for one, requires pytest): fnmatch patterns
# on normalized names. Whatever the dev and bench extras declare is refused too (test below).
TOOLS = (
    "pytest",
    "pytest-*",
    "hypothesis",
    "ruff",
    "playwright",
    "locust",
    "locust-*",
    "flask",
    "flask-*",
    "gevent",
    "geventhttpclient",
    "factory-boy",
    "faker",
    "coverage",
    "coverage-*",
    "uv",
    "pip-tools",
    "mypy",
    "black",
    "django-debug-toolbar",
)
# Run, not imported: production's web server (README.md, "Production") and the driver Django's PostgreSQL
# backend imports when DATABASE_URL is postgres://.
RUN_NOT_IMPORTED = ("gunicorn", "psycopg2-binary")
# Settings whose strings are modules Django imports.
DJANGO_IMPORTS = {"INSTALLED_APPS", "MIDDLEWARE", "AUTHENTICATION_BACKENDS", "SESSION_ENGINE"}


@cache
def pins(lock: str) -> dict[str, str]:
    """Normalized name -> version of every package pinned in requirements/<lock>.txt."""
    found = {}
    for line in (ROOT / "requirements" / f"{lock}.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#") or line[0].isspace():
            continue  # uv's header and its "# via" annotations
        match = PIN.fullmatch(line.strip())
        assert match, f"requirements/{lock}.txt: not a pin: {line!r} (the locks hold pins only: scripts/lock.sh)"
        found[canonicalize_name(match["name"])] = match["version"]
    return found


@cache
def declared() -> dict[str, list[Requirement]]:
    """pyproject.toml's requirements: "base" for [project] dependencies, then one list per extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    groups = {"base": project["dependencies"], **project["optional-dependencies"]}
    return {group: [Requirement(text) for text in texts] for group, texts in groups.items()}


@cache
def providers() -> dict[str, list[str]]:
    """Top-level module -> the installed distributions that provide it."""
    return packages_distributions()


def is_local(top: str) -> bool:
    return (ROOT / top).is_dir() or (ROOT / f"{top}.py").is_file()


def application_files() -> list[Path]:
    """The code production runs: the project's apps (INSTALLED_APPS), config/ and manage.py; no tests."""
    packages = {app.split(".")[0] for app in settings.INSTALLED_APPS if is_local(app.split(".")[0])} | {"config"}
    files = [ROOT / "manage.py"]
    for package in sorted(packages):
        files += [path for path in (ROOT / package).rglob("*.py") if "tests" not in path.relative_to(ROOT).parts]
    return files


def imported_by_django(tree: ast.Module) -> set[int]:
    """The string constants of a settings module that Django imports: the entries of INSTALLED_APPS, MIDDLEWARE,
    AUTHENTICATION_BACKENDS and SESSION_ENGINE, and every "BACKEND" (STORAGES, CACHES, TEMPLATES)."""
    strings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(target, ast.Name) and target.id in DJANGO_IMPORTS for target in targets):
                strings |= {id(constant) for constant in ast.walk(node.value) if isinstance(constant, ast.Constant)}
        elif isinstance(node, ast.Dict):
            strings |= {
                id(value)
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value == "BACKEND"
            }
    return strings


def application_imports() -> dict[str, set[str]]:
    """Top-level module -> the files that import it or, in the settings, name it in a dotted path: the packages
    the application needs at run time."""
    found: dict[str, set[str]] = {}
    for path in application_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        in_settings = path.parent == ROOT / "config" / "settings"
        named = imported_by_django(tree) if in_settings else set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif in_settings and isinstance(node, ast.Constant) and isinstance(node.value, str):
                # A string Django imports is a module; elsewhere in the settings only a name that an installed
                # package provides counts ("weasyprint.progress" is a logger): "json" or "bootstrap5" are no modules.
                dotted = re.fullmatch(r"[A-Za-z_]\w*(\.\w+)*", node.value)
                module = dotted and (id(node) in named or node.value.split(".")[0] in providers())
                names = [node.value] if module else []
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and not is_local(top):
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


@cache
def application_distributions() -> dict[str, frozenset[str]]:
    """Normalized distribution name -> the files that need it."""
    needed: dict[str, set[str]] = {}
    missing = []
    for top, files in application_imports().items():
        if top not in providers():
            missing.append(f"{top} ({', '.join(sorted(files))})")
            continue
        for distribution in providers()[top]:
            needed.setdefault(canonicalize_name(distribution), set()).update(files)
    assert not missing, f"imported or named in the settings, but no installed package provides it: {missing}"
    return {name: frozenset(files) for name, files in needed.items()}


def test_the_scan_finds_what_the_application_is_known_to_need():
    """Guards the scan below: imports (django, celery...) and names in the settings (whitenoise, axes...)."""
    assert {"django", "celery", "weasyprint", "redis", "whitenoise", "django-axes", "django-csp"} <= set(
        application_distributions()
    )


def test_base_pins_every_package_the_application_imports():
    base = pins("base")
    missing = {name: sorted(files) for name, files in application_distributions().items() if name not in base}
    missing.update({name: ["README.md, Production"] for name in RUN_NOT_IMPORTED if name not in base})
    assert not missing, f"needed in production but missing from requirements/base.txt: {missing}"


def test_what_the_application_imports_is_declared_in_the_runtime_dependencies():
    """Declared, not only pulled in by another package: a dependency of a dependency may go away."""
    runtime = {canonicalize_name(requirement.name) for requirement in declared()["base"]}
    undeclared = {name: sorted(files) for name, files in application_distributions().items() if name not in runtime}
    assert not undeclared, f"imported but not in pyproject.toml's [project] dependencies: {undeclared}"


def test_base_pins_no_development_or_benchmark_tool():
    runtime = {canonicalize_name(requirement.name) for requirement in declared()["base"]}
    extras = {
        canonicalize_name(requirement.name)
        for group, requirements in declared().items()
        if group != "base"
        for requirement in requirements
    }
    tools = [
        name
        for name in pins("base")
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in TOOLS) or (name in extras and name not in runtime)
    ]
    assert not tools, f"requirements/base.txt (production) pins development or benchmark tools: {tools}"


def test_dev_and_bench_pin_exactly_what_base_pins():
    base = pins("base")
    for lock in ("dev", "bench"):
        other = pins(lock)
        differ = {name: (version, other.get(name)) for name, version in base.items() if other.get(name) != version}
        assert not differ, f"base.txt and {lock}.txt differ (base, {lock}; None: missing): {differ}"


def test_dev_and_bench_agree_on_what_both_pin():
    """make test and make bench install into one .venv: neither may change a version the other installed."""
    dev, bench = pins("dev"), pins("bench")
    differ = {name: (dev[name], bench[name]) for name in dev.keys() & bench.keys() if dev[name] != bench[name]}
    assert not differ, f"dev.txt and bench.txt pin different versions (dev, bench): {differ}"


def test_each_lock_satisfies_pyproject():
    """pyproject.toml changed without `make lock`: a declared package is missing or outside its range."""
    wanted = {"base": declared()["base"]}
    wanted |= {extra: declared()["base"] + declared()[extra] for extra in ("dev", "bench")}
    for lock, requirements in wanted.items():
        locked = pins(lock)
        wrong = []
        for requirement in requirements:
            version = locked.get(canonicalize_name(requirement.name))
            if version is None or not requirement.specifier.contains(version, prereleases=True):
                wrong.append(f"{requirement} ({version or 'missing'})")
        assert not wrong, f"requirements/{lock}.txt does not satisfy pyproject.toml: {wrong}; run `make lock`"


def test_each_lock_names_the_command_that_writes_it():
    for lock in LOCKS:
        command = (ROOT / "requirements" / f"{lock}.txt").read_text().splitlines()[1]
        assert command.startswith("#    uv pip compile pyproject.toml "), command
        assert command.endswith(f" -o requirements/{lock}.txt"), command
