"""Submissions that attack the grader, and honest ones it used to mis-grade.

Each hostile submission is exercise 01 with one cell of attack code, and the
points it must get. The attack code knows the real paths of the class's
folders (as a student who guessed them would), which ``Paths`` supplies.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import nbformat
from submission_factory import _cell, exercise, perfect, with_answer

FULL = 11  # exercise 01's automatic points


@dataclass
class Paths:
    submissions: Path
    out: Path
    solutions: Path  # the private --solutions copy
    repo_solutions: Path
    canary: Path
    marker: str
    port: int


def class_folders(root: Path, token: str, port: int) -> Paths:
    """The folders of a class under attack: submissions, --out, a private copy of the solutions and a canary home."""
    from submission_factory import REPO

    paths = Paths(
        root / "submitted", root / "out", root / "private-solutions", REPO / "solutions", root / "home", f"csto-marker-{token}", port
    )
    for folder in (paths.submissions, paths.solutions, paths.canary):
        folder.mkdir()
    (paths.solutions / "01_origins.ipynb").write_bytes((REPO / "solutions" / "01_origins.ipynb").read_bytes())
    (paths.canary / "secret.txt").write_text("the instructor's own file")
    return paths


STEAL = """
import glob, json, os, sys, time
def _steal(path):
    try:
        nb = json.load(open(path))
    except Exception:
        return False
    found = False
    for c in nb.get("cells", []):
        src = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        if c["cell_type"] == "code" and "BEGIN SOLUTION" in src:
            exec(src, globals()); found = True
    return found
candidates = [{solutions!r} + "/01_origins.ipynb", {repo_solutions!r} + "/01_origins.ipynb"]
try:
    from csto_course.paths import course_root
    candidates.append(str(course_root() / "solutions" / "01_origins.ipynb"))
except Exception:
    pass
if os.environ.get("VIRTUAL_ENV"):
    candidates.append(os.path.join(os.path.dirname(os.environ["VIRTUAL_ENV"]), "solutions", "01_origins.ipynb"))
here = os.getcwd()
while here != "/":
    candidates.append(os.path.join(here, "solutions", "01_origins.ipynb")); here = os.path.dirname(here)
for proc in glob.glob("/proc/[0-9]*"):
    for name in ("cmdline", "environ"):
        try:
            text = open(proc + "/" + name, "rb").read().decode(errors="ignore")
        except Exception:
            continue
        for part in text.replace("\\0", " ").replace("=", " ").split():
            if "solutions" in part:
                candidates.append(os.path.join(part, "01_origins.ipynb"))
start = time.monotonic()
for top in ("/work", "/root", "/home", "/tmp", "/sandbox", "/srv", "/mnt"):
    for root, dirs, files in os.walk(top):
        if time.monotonic() - start > 2:
            break
        candidates += [os.path.join(root, f) for f in files if f == "01_origins.ipynb"]
stolen = any(_steal(p) for p in candidates)
"""

AST_TRANSFORMER = """
import ast
class _Nothing(ast.NodeTransformer):
    def visit_Module(self, node):
        return ast.Module(body=[ast.Pass()], type_ignores=[])
get_ipython().ast_transformers.append(_Nothing())
"""

INPUT_TRANSFORMER = "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])"

PATCHED_BUILTINS = """
import builtins
builtins.isinstance = lambda *a: True
builtins.len = lambda *a: 13
builtins.list = lambda *a: ["event_id", "date", "title"]
builtins.all = lambda *a: True
def expect(*a, **k): pass
def expect_rows(*a, **k): pass
def expect_columns(*a, **k): pass
def expect_defined(*a, **k): pass
early = days_to_force = changes_per_state = with_names = chart = None
"""

ALWAYS_EQUAL = """
class Anything:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __lt__(self, other): return True
    def __gt__(self, other): return True
    def __bool__(self): return True
    def __getattr__(self, name): return Anything()
    def __getitem__(self, key): return Anything()
    def __call__(self, *a, **k): return Anything()
    def __len__(self): return 13
    def __iter__(self): return iter([])
early = days_to_force = changes_per_state = with_names = chart = Anything()
"""

SNEAKY_INT = """
class Sneaky(int):
    def __eq__(self, other): return True
    __hash__ = int.__hash__
days_to_force = Sneaky(705 - 5)
"""

FAKE_REPLIES = """
kernel = get_ipython().kernel
async def _ok(*args, **kwargs):
    return {"status": "ok", "execution_count": 1, "user_expressions": {}, "payload": []}
kernel.do_execute = _ok
"""

FORGED_EXPORT = """
import json, sys
def _forge(namespace, names, path):
    record = {{"values": {{"early": {{"t": "pickle", "v": "gASVAAAA"}}, "chart": {{"t": "altair", "class": "os.system", "spec": {{}}}},
              "days_to_force": {{"t": "int", "v": "705"}}}}, "problems": {{}}}}
    open(path, "w").write(json.dumps(record))
sys.modules["csto_course.grading.answers"] = type(sys)("fake")
sys.modules["csto_course.grading.answers"].export = _forge
"""

OVERWRITE = """
import glob, os
targets = glob.glob({submissions!r} + "/*.ipynb") + [{out!r} + "/gradebook.csv", {out!r} + "/.gradebook-written.json",
           {solutions!r} + "/01_origins.ipynb", {repo_solutions!r} + "/01_origins.ipynb", {canary!r} + "/secret.txt"]
try:
    from csto_course.paths import course_root, data_dir
    targets += glob.glob(str(course_root() / "solutions" / "*.ipynb")) + glob.glob(str(data_dir() / "*.csv"))
except Exception:
    pass
for t in targets:
    try:
        open(t, "w").write("pwned")
    except Exception:
        pass
    try:
        os.remove(t)
    except Exception:
        pass
"""

LINGER = """
import subprocess, sys
loop = "import time\\nwhile True:\\n    time.sleep(0.1)\\n    try:\\n        open({out!r} + '/gradebook.csv', 'a').write('student,task9,99')\\n    except Exception:\\n        pass"
subprocess.Popen([sys.executable, "-c", loop, {marker!r}], start_new_session=True)
"""

DOUBLE_FORK = """
import os, sys
loop = "import time\\nwhile True:\\n    time.sleep(0.1)\\n    try:\\n        open({out!r} + '/gradebook.csv', 'a').write('x')\\n    except Exception:\\n        pass"
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", loop, {marker!r}])
    os._exit(0)
"""

KILL_PARENT = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"
KILL_ALL = "import os, signal\nos.kill(-1, signal.SIGKILL)"

NETWORK = """
import socket
for family, address in ((socket.AF_INET, ("127.0.0.1", {port})), (socket.AF_INET6, ("::1", {port}))):
    try:
        s = socket.socket(family, socket.SOCK_STREAM); s.settimeout(2); s.connect(address); s.sendall(b"leak")
    except Exception:
        pass
"""

FORK_BOMB = """
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
"""

MEMORY_HOG = "hog = bytearray(64 * 1024**3)"
DISK_FILLER = """
with open("big.bin", "wb") as fh:
    for _ in range(400):
        fh.write(b"0" * 1024 * 1024)
"""
HUGE_ANSWER = "early = 'x' * 150_000_000"
# Each file within the per-file limit; together past the folder's cap (grading/folder_guard.py).
DISK_HOG = """
import time
for n in range(12):
    with open(f"hog-{n}.bin", "wb") as fh:
        fh.write(b"0" * 90 * 1024 * 1024)
time.sleep(3)
"""
MANY_FILES = """
import os, time
os.makedirs("many", exist_ok=True)
for n in range(15_000):
    open(f"many/{n}", "w").close()
time.sleep(3)
"""

TERMINAL_FLOOD = """
import os, sys
os.write(1, b"FLOODMARK" * 1_000_000)
os.write(2, b"FLOODMARK" * 1_000_000)
sys.__stdout__.write("FLOODMARK" * 100_000); sys.__stdout__.flush()
print("FLOODMARK" * 100_000)
"""

HTML_FEEDBACK = """raise ValueError("<script>alert('x')</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>\\n# Fake heading\\n| fake | row |")"""

CLASSMATE_KERNELS = """
import glob, json, os
from jupyter_client import BlockingKernelClient
files = glob.glob("/tmp/csto-grade-*/kernel-*.json") + glob.glob(os.path.expanduser("~/.local/share/jupyter/runtime/kernel-*.json"))
files += glob.glob("/root/.local/share/jupyter/runtime/kernel-*.json")
for f in files:
    try:
        c = BlockingKernelClient(connection_file=f); c.load_connection_file(); c.start_channels()
        c.execute("early = None; days_to_force = 0; import os; os._exit(1)")
    except Exception:
        pass
"""

WIPE_OWN_FOLDER = """
import os, shutil
for name in os.listdir("."):
    if name != "answers":
        shutil.rmtree(name, ignore_errors=True) if os.path.isdir(name) else os.remove(name)
shutil.rmtree("answers", ignore_errors=True)
"""


POISON_NEXT_KERNEL = """
import os
open("ipykernel_launcher.py", "w").write("raise SystemExit('poisoned')\\n")
startup = os.path.join(os.environ.get("IPYTHONDIR", os.path.expanduser("~/.ipython")), "profile_default", "startup")
os.makedirs(startup, exist_ok=True)
open(os.path.join(startup, "00-poison.py"), "w").write("import builtins\\nbuiltins.open = None\\n")
os._exit(1)
"""

# Written after tasks 1 and 2 exported their answers: the grader must not follow a link
# (to any file on the machine) or wait on a named pipe when it reads them.
LINKS_AND_PIPES = """
import os
os.remove("answers/task1-tests.json")
os.mkfifo("answers/task1-tests.json")
os.remove("answers/task2-tests.json")
os.symlink("/etc/shadow", "answers/task2-tests.json")
"""


def _attack(code: str, base=None) -> nbformat.NotebookNode:
    """The attack as the task 1 answer."""
    return with_answer("task1-answer", code, base or exercise())


def _attack_then_answers(code: str) -> nbformat.NotebookNode:
    """The attack in task 1; the model answers everywhere else (tasks 2 to 5: 9 points)."""
    return with_answer("task1-answer", code, perfect())


def hostile(paths: Paths) -> dict[str, tuple[nbformat.NotebookNode, float]]:
    fmt = {
        "solutions": str(paths.solutions),
        "repo_solutions": str(paths.repo_solutions),
        "submissions": str(paths.submissions),
        "out": str(paths.out),
        "canary": str(paths.canary),
        "marker": paths.marker,
        "port": paths.port,
    }
    return {
        "steal_solutions": (_attack(STEAL.format(**fmt)), 0),
        "ast_transformer": (_attack(AST_TRANSFORMER, perfect()), 0),
        "input_transformer": (_attack(INPUT_TRANSFORMER, perfect()), 0),
        "patched_builtins": (_attack(PATCHED_BUILTINS), 0),
        "always_equal": (_attack(ALWAYS_EQUAL), 0),
        "sneaky_int": (with_answer("task2-answer", SNEAKY_INT, exercise()), 0),
        "fake_kernel_replies": (_attack(FAKE_REPLIES, perfect()), 0),
        "forged_export": (_attack(FORGED_EXPORT.format(), perfect()), 0),
        "overwrite_everything": (_attack(OVERWRITE.format(**fmt)), 0),
        "lingering_process": (_attack(LINGER.format(**fmt)), 0),
        "double_fork_daemon": (_attack(DOUBLE_FORK.format(**fmt)), 0),
        "kill_parent": (_attack_then_answers(KILL_PARENT), 9),
        "kill_everything": (_attack_then_answers(KILL_ALL), 9),
        "network": (_attack(NETWORK.format(**fmt)), 0),
        "fork_bomb": (_attack_then_answers(FORK_BOMB), 9),
        "memory_hog": (_attack_then_answers(MEMORY_HOG), 9),
        "disk_filler": (_attack_then_answers(DISK_FILLER), 9),
        "huge_answer": (_attack_then_answers(HUGE_ANSWER), 9),
        "disk_hog": (_attack_then_answers(DISK_HOG), 9),
        "many_files": (_attack_then_answers(MANY_FILES), 9),
        "terminal_flood": (_attack(TERMINAL_FLOOD), 0),
        "html_feedback": (_attack_then_answers(HTML_FEEDBACK), 9),
        "classmate_kernels": (_attack(CLASSMATE_KERNELS), 0),
        "wipe_own_folder": (_attack_then_answers(WIPE_OWN_FOLDER), 9),
        "poison_next_kernel": (_attack_then_answers(POISON_NEXT_KERNEL), 9),
        "links_and_pipes": (with_answer("task5-answer", _cell(perfect(), "task5-answer").source + "\n" + LINKS_AND_PIPES, perfect()), 7),
    }


def honest() -> dict[str, tuple[nbformat.NotebookNode, float]]:
    """Honest students the grader used to mis-grade, with the points they earned."""
    out = {}
    below = with_answer("task1-answer", "early = events  # finished in the cell below")
    at = below.cells.index(_cell(below, "task1-answer"))
    below.cells.insert(
        at + 1,
        nbformat.v4.new_code_cell('early = early.loc[early["date"] <= "2004-12-31", ["event_id", "date", "title"]].sort_values("date")'),
    )
    out["finished_below"] = (below, FULL)

    colab = with_answer("task2-answer", "# YOUR CODE HERE\nraise NotImplementedError()")
    _cell(colab, "task6-answer").source = "The claim does not hold: the table shows three accessions in 1993, before 1994-04-20."
    for cell in colab.cells:
        cell.metadata = {}
    out["colab_one_blank"] = (colab, FULL - 2)

    sol_task2 = _cell(perfect(), "task2-answer").source
    later = with_answer("task3-answer", "while True:\n    pass")
    _cell(later, "task4-answer").source = _cell(later, "task4-answer").source + "\nassert dates is not None  # made by task 2's cell"
    out["loop_then_later_tasks"] = (later, FULL - 3)
    stubborn = copy.deepcopy(later)
    _cell(
        stubborn, "task3-answer"
    ).source = "while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass"
    out["loop_ignores_interrupt"] = (stubborn, FULL - 3)
    assert "dates" in sol_task2
    slow = with_answer("task5-answer", "import time\ntime.sleep(4)\n" + _cell(perfect(), "task5-answer").source)
    out["slow_classmate"] = (slow, FULL)
    out["classmate"] = (perfect(), FULL)
    return out


FORMULA_NAMES = ["=1+2", "+SUM(1)", "@cmd", "-2+3"]
