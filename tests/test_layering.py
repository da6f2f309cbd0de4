"""The layering: views and admin code make no ORM writes; every write goes through a service.

import-linter (pyproject.toml) checks which modules import which; it cannot see what a view does
with a model it may import to read. This reads each view and admin module's syntax tree and fails
on a call of an ORM write method (`thing.save()`, `Thing.objects.filter(...).update(...)`,
`form.save()`...), naming the file and line. Django's admin saving a change form itself is the
admin's own path (it happens inside Django, not in our modules); our actions call services.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "mentorship", "matching")
MODULE_PATTERNS = ("views*.py", "views/*.py", "admin*.py", "admin/*.py")

WRITE_METHODS = frozenset(
    {
        "save",
        "create",
        "bulk_create",
        "bulk_update",
        "update",
        "delete",
        "get_or_create",
        "update_or_create",
        "create_user",
        "create_superuser",
        # Many-to-many writes through a related manager.
        "add",
        "remove",
        "clear",
        "set",
    }
)

# Receivers whose writes are not rows: the session, the cache, the messages store.
NOT_ROWS = ("request.session", "self.request.session", "cache", "caches", "messages")

# Names bound to one of these hold a plain collection, so `.update()` or `.add()` on them is not
# the ORM's.
COLLECTION_NODES = (ast.Dict, ast.Set, ast.List, ast.DictComp, ast.SetComp, ast.ListComp)
COLLECTION_TYPES = frozenset({"dict", "set", "list", "defaultdict", "Counter", "OrderedDict"})

# The ORM writes a view or admin module may make, keyed by (path, function, call), each with its
# reason. Empty is the goal; an entry that matches nothing any more fails the suite.
ALLOWED: dict[tuple[str, str, str], str] = {}


@dataclass(frozen=True)
class Write:
    path: str
    line: int
    function: str
    call: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.function, self.call)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}() in {self.function}"


def _dotted(node: ast.expr) -> str:
    """`Thing.objects.filter(pk=1)` as "Thing.objects.filter()", to name a call's receiver."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{_dotted(node.func)}()"
    if isinstance(node, ast.Subscript):
        return f"{_dotted(node.value)}[]"
    return type(node).__name__


def _is_collection(value: ast.expr | None) -> bool:
    if isinstance(value, COLLECTION_NODES):
        return True
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id in COLLECTION_TYPES
    )


def _collection_names(statements: Iterable[ast.AST]) -> set[str]:
    """Names these statements bind to a dict, set or list (and a function's *args, **kwargs)."""
    names: set[str] = set()
    for statement in statements:
        for node in ast.walk(statement):
            if isinstance(node, ast.Assign) and _is_collection(node.value):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
            elif (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and _is_collection(node.value)
            ):
                names.add(node.target.id)
            elif isinstance(node, ast.arguments):
                names |= {a.arg for a in (node.vararg, node.kwarg) if a is not None}
    return names


class _WriteFinder(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.scopes: list[tuple[str, set[str]]] = []
        self.writes: list[Write] = []

    def visit_Module(self, node: ast.Module) -> None:
        functions_and_classes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        top_level = [s for s in node.body if not isinstance(s, functions_and_classes)]
        self.scopes.append(("<module>", _collection_names(top_level)))
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.scopes.append((node.name, set()))
        self.generic_visit(node)
        self.scopes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scopes.append((node.name, _collection_names([node])))
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in WRITE_METHODS
            and not self._holds_no_rows(func.value)
        ):
            function = ".".join(name for name, _ in self.scopes[1:]) or "<module>"
            call = f"{_dotted(func.value)}.{func.attr}"
            self.writes.append(Write(self.path, node.lineno, function, call))
        self.generic_visit(node)

    def _holds_no_rows(self, receiver: ast.expr) -> bool:
        dotted = _dotted(receiver)
        if any(dotted == p or dotted.startswith((f"{p}.", f"{p}[")) for p in NOT_ROWS):
            return True
        if _is_collection(receiver):
            return True
        collections = set().union(*(names for _, names in self.scopes))
        return isinstance(receiver, ast.Name) and receiver.id in collections


def orm_writes(source: str, path: str) -> list[Write]:
    """The calls of ORM write methods in one module's source."""
    finder = _WriteFinder(path)
    finder.visit(ast.parse(source, filename=path))
    return finder.writes


def stale_allowances(
    writes: Iterable[Write], allowed: Mapping[tuple[str, str, str], str]
) -> list[tuple[str, str, str]]:
    """Allow-list entries that no write matches any more."""
    found = {write.key for write in writes}
    return [key for key in allowed if key not in found]


def view_and_admin_modules() -> list[str]:
    paths = {
        path.relative_to(ROOT).as_posix()
        for app in APPS
        for pattern in MODULE_PATTERNS
        for path in (ROOT / app).glob(pattern)
    }
    return sorted(paths)


def _writes_in_views() -> list[Write]:
    return [
        write
        for path in view_and_admin_modules()
        for write in orm_writes((ROOT / path).read_text(encoding="utf-8"), path)
    ]


def test_views_and_admin_make_no_orm_writes_of_their_own():
    unexpected = [str(w) for w in _writes_in_views() if w.key not in ALLOWED]
    assert unexpected == [], "Move these writes into a service:\n" + "\n".join(unexpected)


def test_every_allowed_write_is_still_there():
    assert stale_allowances(_writes_in_views(), ALLOWED) == []


def test_the_check_reads_every_view_and_admin_package():
    modules = view_and_admin_modules()
    for expected in (
        "accounts/views.py",
        "accounts/admin/members.py",
        "matching/views.py",
        "matching/admin/proposals.py",
        "mentorship/views/pages.py",
        "mentorship/admin/hours.py",
    ):
        assert expected in modules


def test_the_checker_finds_writes_and_passes_over_sessions_caches_and_dicts():
    source = """
def thing_edit(request, pk):
    thing = Thing.objects.get(pk=pk)
    thing.save()
    Thing.objects.filter(pk=pk).update(done=True)
    form = ThingForm(request.POST, instance=thing)
    form.save()
    thing.tags.add(tag)
    Thing.objects.get_or_create(name="x")
    request.session.update({"seen": True})
    cache.delete("thing")
    extra = {}
    extra.update(pk=pk)
    messages.success(request, "Saved.")


class ThingAdmin:
    def mark_done(self, request, queryset):
        queryset.update(done=True)
"""
    assert [str(write) for write in orm_writes(source, "things/views.py")] == [
        "things/views.py:4: thing.save() in thing_edit",
        "things/views.py:5: Thing.objects.filter().update() in thing_edit",
        "things/views.py:7: form.save() in thing_edit",
        "things/views.py:8: thing.tags.add() in thing_edit",
        "things/views.py:9: Thing.objects.get_or_create() in thing_edit",
        "things/views.py:19: queryset.update() in ThingAdmin.mark_done",
    ]


def test_an_allowance_that_matches_no_write_is_reported():
    writes = orm_writes("def view(request):\n    thing.save()\n", "things/views.py")
    allowed = {
        ("things/views.py", "view", "thing.save"): "still there",
        ("things/views.py", "view", "thing.delete"): "gone",
    }
    assert stale_allowances(writes, allowed) == [("things/views.py", "view", "thing.delete")]
