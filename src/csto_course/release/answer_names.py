"""Which of the student's names each task's tests check, declared in the solution.

The grader carries only these names out of the student's kernel (see
``grading/answers.py``), so each auto-graded test cell of a solution declares
them in its metadata: ``{"csto": {"answers": ["early"]}}``. nbgrader ignores
the key, so the file still works with nbgrader.

``free_names`` finds the names a test cell reads that neither it nor the
setup cells define: the course's tests check that every declaration covers
them, and ``csto-course release --declare`` writes them in.
"""

from __future__ import annotations

import ast
import builtins

KEY = "csto"


def _defined(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def _parse(source: str) -> ast.AST:
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return ast.parse("\n".join(lines))


def free_names(test_source: str, setup_sources: list[str]) -> list[str]:
    """Names the test reads that must come from the student's answers, in order of first use."""
    tree = _parse(test_source)
    known = set(dir(builtins)) | _defined(tree)
    for source in setup_sources:
        known |= _defined(_parse(source))
    order: list[str] = []
    loads = [node for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)]
    for name in sorted(loads, key=lambda n: (n.lineno, n.col_offset)):  # as written, not as ast.walk visits them
        if name.id not in known and name.id not in order:
            order.append(name.id)
    for node in ast.walk(tree):  # expect_defined(globals(), "name") names a variable in a string
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "expect_defined" and len(node.args) == 2:
            arg = node.args[1]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value not in order:
                order.append(arg.value)
    return order


def declared(cell) -> list[str] | None:
    """The names a test cell declares, or None when it declares none."""
    value = cell.get("metadata", {}).get(KEY, {}).get("answers")
    return list(value) if isinstance(value, list) else None
