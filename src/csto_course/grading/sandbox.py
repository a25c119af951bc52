"""A bubblewrap sandbox around each submission's kernel.

What the student's code gets, and nothing more:

- a read-only view of the system (``/usr``, ``/etc``, ...), of the Python
  installation and of the course's package and data (``/sandbox/course``);
- one private writable folder: the copy of this submission, the kernel's
  sockets and the answers it exports; ``/tmp`` is a fresh, empty tmpfs;
- no network (only a loopback of its own), its own process, IPC and host-name
  namespaces, so it cannot see or signal other processes, and everything it
  starts ends with its kernel;
- limits on memory, CPU time, processes and file size (``confine.py``), and,
  when the grader runs as root, a user of its own with no capabilities.

It never sees ``solutions/`` (or a private ``--solutions`` folder), other
submissions, the ``--out`` folder or the instructor's home: those are not
mounted, and any that lie inside a mounted folder are covered by an empty one.
``check_cell`` runs first in every kernel and refuses to go on unless all of
this holds from the inside.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

SYSTEM_DIRS = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt"]
COURSE_IN_SANDBOX = "/sandbox/course"
CACHE_IN_SANDBOX = "/sandbox/cache"
KERNEL_NAME = "csto-sandbox"
_UID_BASE = 1_900_000_000
_uid_lock = threading.Lock()
_uid_next = [0]


class SandboxUnavailable(Exception):
    """bubblewrap is missing or cannot make a sandbox on this machine."""


@dataclass
class SandboxLimits:
    memory_bytes: int = 4 * 1024**3
    cpu_seconds: int = 600
    processes: int = 256
    file_bytes: int = 100 * 1024**2
    open_files: int = 1024
    # Student code runs at a lower CPU priority (nice 10) than the grader and the rest of the machine: a busy loop
    # or a fork bomb (up to `processes` of them, until the cell's timeout) then slows other students' kernels, not
    # the grader's own bookkeeping or the instructor's other work.
    priority: int = 10


@dataclass
class SandboxSettings:
    """What one grading run's sandboxes share: what to mount and what to keep out of view."""

    data_dir: Path
    hidden: list[Path] = field(default_factory=list)  # solutions, submissions, --out, home
    cache_dir: Path | None = None
    limits: SandboxLimits = field(default_factory=SandboxLimits)


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


@functools.cache
def python_dirs(executable: str = sys.executable) -> tuple[str, ...]:
    """The folders the kernel's Python reads: its prefixes and its sys.path."""
    code = "import sys, json; print(json.dumps([sys.prefix, sys.base_prefix, sys.exec_prefix] + sys.path))"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    out = subprocess.run([executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd="/").stdout
    paths = [os.path.realpath(executable)] + json.loads(out)
    dirs = []
    for p in paths:
        if not p or p.endswith(".zip"):
            continue
        p = p if os.path.isdir(p) else os.path.dirname(p)
        if os.path.isdir(p):
            dirs.append(os.path.abspath(p))
    return tuple(dict.fromkeys(dirs))


def package_root() -> str:
    """The folder this csto_course package was imported from: ``src/`` in a checkout, or site-packages.

    The sandbox runs this same code (confine.py, the checker). When it comes from a folder that is
    not on the interpreter's own path (``PYTHONPATH``, a copy made by a mutation tool), that folder
    must be mounted and put on the path inside, or the sandbox would fail or run another copy.
    """
    return str(Path(__file__).resolve().parents[2])


def _within(path: str, parent: str) -> bool:
    return path == parent or path.startswith(parent.rstrip("/") + "/")


def _next_uid() -> int:
    with _uid_lock:
        _uid_next[0] += 1
        return _UID_BASE + (os.getpid() % 100_000) * 100 + _uid_next[0] % 100


class Sandbox:
    """The sandbox for one submission: its folder, its bwrap command and its kernelspec."""

    def __init__(self, settings: SandboxSettings, work: str):
        self.settings = settings
        self.work = os.path.realpath(work)
        self.as_root = os.geteuid() == 0
        self.uid: int | None = None
        self._spec_dir = tempfile.mkdtemp(prefix="csto-kernelspec-")  # never inside the student's folder
        os.makedirs(os.path.join(self.work, "answers"), exist_ok=True)
        self.new_user()

    def new_user(self) -> None:
        """As root: a fresh user for the next process started here, owning the folder.

        Each kernel (and a replacement after a crash) gets its own, so the process
        limit counts only its own processes: a fork bomb's leftovers, still being
        ended, cannot starve the next kernel.
        """
        if not self.as_root:
            return
        self.uid = _next_uid()
        for root, dirs, files in os.walk(self.work):
            for name in [root] + [os.path.join(root, n) for n in dirs + files]:
                try:
                    os.chown(name, self.uid, self.uid, follow_symlinks=False)
                except FileNotFoundError:
                    continue

    def limits(self) -> dict:
        out = asdict(self.settings.limits)
        if self.uid is not None:
            out["uid"] = self.uid
        else:  # the process limit counts every process of this user: leave room for the others
            out["processes"] = out["processes"] + _processes_of(os.getuid())
        return out

    def env(self) -> dict[str, str]:
        home = "/tmp/home"  # in the sandbox's own /tmp, new for every kernel: nothing a student left there runs first
        env = {
            "PATH": os.pathsep.join([os.path.dirname(sys.executable), "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": home,
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1",
            "CSTO_COURSE_ROOT": COURSE_IN_SANDBOX,
            "CSTO_COURSE_PROGRESS": os.path.join(home, "progress.json"),
            "MPLCONFIGDIR": os.path.join(home, ".mpl"),
            "IPYTHONDIR": os.path.join(home, ".ipython"),
            "JUPYTER_RUNTIME_DIR": os.path.join(home, ".jupyter-runtime"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }
        if self.settings.cache_dir is not None:
            env["CSTO_COURSE_CACHE"] = CACHE_IN_SANDBOX
        if package_root() not in python_dirs():
            env["PYTHONPATH"] = package_root()
        return env

    def command(self, argv: list[str]) -> list[str]:
        """``argv`` wrapped in bwrap and confine.py."""
        bwrap = bwrap_path()
        if not bwrap:
            raise SandboxUnavailable("bubblewrap (bwrap) is not installed")
        cmd = [
            bwrap,
            "--unshare-ipc",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--die-with-parent",
            "--new-session",
            "--hostname",
            "sandbox",
        ]
        if not self.as_root:
            cmd.insert(1, "--unshare-user")
        binds = [(d, d, True) for d in SYSTEM_DIRS if os.path.isdir(d)]
        binds += [(d, d, True) for d in python_dirs()]
        binds.append((package_root(), package_root(), True))
        binds.append((str(self.settings.data_dir), f"{COURSE_IN_SANDBOX}/data", True))
        if self.settings.cache_dir is not None and Path(self.settings.cache_dir).is_dir():
            binds.append((str(self.settings.cache_dir), CACHE_IN_SANDBOX, True))
        # /dev, /proc and an empty /tmp first: the binds below may lie inside /tmp (a
        # virtual environment in a temporary clone), and must then be mounted on top.
        cmd += ["--dev", "/dev", "--proc", "/proc", "--perms", "1777", "--tmpfs", "/tmp"]
        made: set[str] = set()  # the folders mounted so far
        self._created: set[str] = {"/dev", "/proc", "/tmp"}
        read_only = [b for b in binds if b[2]]
        for src, dest, _ in sorted(read_only, key=lambda b: len(b[1])):
            if any(_within(dest, other) and dest != other for _, other, _ in read_only) or dest in made:
                continue  # inside a folder already mounted
            cmd += self._parents(dest, made)
            cmd += ["--ro-bind", src, dest]
            made.add(dest)
        mounted = sorted(made)
        for hidden in self.settings.hidden:
            hidden_path = os.path.realpath(hidden)
            if os.path.isdir(hidden_path) and any(_within(hidden_path, m) for m in mounted):
                cmd += ["--tmpfs", hidden_path]  # an empty folder over it
        cmd += self._parents(self.work, made) + ["--bind", self.work, self.work, "--chdir", self.work]
        cmd += ["--clearenv"] + [x for k, v in self.env().items() for x in ("--setenv", k, v)]
        confine = str(Path(__file__).with_name("confine.py"))
        return cmd + ["--", sys.executable, "-I", "-S", confine, json.dumps(self.limits()), "--"] + argv

    def _parents(self, dest: str, bound: set[str]) -> list[str]:
        """Folders (mode 0755) leading to ``dest``, unless a mounted folder already holds them."""
        out = []
        parts = Path(dest).parts
        for i in range(2, len(parts)):
            parent = str(Path(*parts[:i]))
            if parent in self._created or any(_within(parent, m) for m in bound):
                continue
            out += ["--perms", "0755", "--dir", parent]
            self._created.add(parent)
        return out

    def kernel_spec_manager(self) -> KernelSpecManager:
        folder = Path(self._spec_dir) / KERNEL_NAME
        folder.mkdir(parents=True, exist_ok=True)
        # -P (Python 3.11+): the student's folder is not put on sys.path, so a module the student wrote
        # there (ipykernel_launcher.py, say) cannot stand in for the real one when a kernel is replaced.
        safe_path = ["-P"] if sys.version_info >= (3, 11) else []
        argv = [sys.executable, *safe_path, "-m", "ipykernel_launcher", "-f", "{connection_file}", "--IPKernelApp.parent_handle=0"]
        spec = {
            "argv": self.command(argv),
            "display_name": "CSTO course sandbox",
            "language": "python",
            "interrupt_mode": "message",
            "env": {},
        }
        (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
        return KernelSpecManager(kernel_dirs=[self._spec_dir], ensure_native_kernel=False)

    def kernel_manager(self, config) -> KernelManager:
        self.new_user()
        manager = SandboxKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=self.kernel_spec_manager(), config=config)
        manager.sandbox_uid = self.uid
        manager.connection_file = os.path.join(self.work, f"kernel-{os.urandom(4).hex()}.json")
        return manager

    def check_cell(self) -> str:
        """Code for the kernel's first cell: fails unless the sandbox is really on."""
        hidden = [os.path.realpath(h) for h in self.settings.hidden]
        return f"""
import os as _os
def _csto_sandbox_check(hidden, as_root_outside):
    problems = []
    if open("/proc/1/comm").read().strip() != "bwrap":
        problems.append("not in a process namespace of its own")
    devices = [line.split(":")[0].strip() for line in open("/proc/net/dev").read().splitlines()[2:]]
    if any(d != "lo" for d in devices):
        problems.append("a network device is visible: " + ", ".join(devices))
    seen = [h for h in hidden if _os.path.exists(h) and _os.listdir(h)]
    if seen:
        problems.append("a private folder is visible: " + seen[0])
    if as_root_outside and _os.getuid() == 0:
        problems.append("running as root")
    if _os.access("/usr", _os.W_OK):
        problems.append("the system is writable")
    if problems:
        raise RuntimeError("the sandbox is not on: " + "; ".join(problems))
_csto_sandbox_check({hidden!r}, {self.as_root!r})
del _csto_sandbox_check, _os
"""

    def close(self) -> None:
        shutil.rmtree(self._spec_dir, ignore_errors=True)


class SandboxKernelManager(KernelManager):
    """A KernelManager whose connection file the sandbox's own user can read."""

    sandbox_uid: int | None = None

    def write_connection_file(self, **kwargs) -> None:
        super().write_connection_file(**kwargs)
        if self.sandbox_uid is not None and os.path.exists(self.connection_file):
            os.chown(self.connection_file, self.sandbox_uid, self.sandbox_uid)


def _processes_of(uid: int) -> int:
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += 1
            except OSError:
                continue
    return count


@functools.cache
def probe() -> str | None:
    """None when a sandbox works here; otherwise why not, in plain words."""
    bwrap = bwrap_path()
    if not bwrap:
        return "bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    with tempfile.TemporaryDirectory(prefix="csto-probe-") as work:
        box = Sandbox(SandboxSettings(data_dir=Path(work)), work)
        try:
            cmd = box.command([sys.executable, "-I", "-S", "-c", "print('ok')"])
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired, SandboxUnavailable) as exc:
            return f"bubblewrap could not start ({exc})"
        finally:
            box.close()
    if proc.returncode != 0 or proc.stdout.strip() != "ok":
        detail = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        return f"bubblewrap cannot make a sandbox on this machine ({detail})"
    return None
