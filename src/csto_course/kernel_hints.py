"""What a student reads when a cell runs before the lesson's first cell.

After opening a lesson, or after restarting the kernel, nothing from earlier
cells exists: running a cell in the middle gives a bare ``NameError``. The
lessons run on the course's kernel ("Python 3 (CSTO course)", installed with
the package from ``share/jupyter/kernels/csto-course``), which loads this
IPython extension. It keeps the error's one line and adds what to do: run the
lesson's first cell, then the cells above. If the first cell has run, the hint
says instead that the name comes from a cell above that has not run yet, or is
mistyped. Automagic is off in this kernel, so ``load("events")`` before the
first cell is a NameError with the hint, not IPython's ``%load`` magic. The lesson runs the same in a plain Python 3 kernel, without the hint.
"""

from __future__ import annotations

FIRST_CELL_MARK = "start_lesson"  # every lesson's first cell imports it


def hint_for(name_error: BaseException, user_ns: dict) -> str:
    if FIRST_CELL_MARK not in user_ns:
        return (
            "The lesson's first code cell has not run in this kernel (after opening the lesson or restarting "
            "the kernel, nothing from earlier cells exists). Run the first code cell, then the cells above "
            "this one: Run → Run All Above Selected Cell."
        )
    return (
        "This name is made in a cell above that has not run since the kernel started, or it is mistyped. "
        "Run the cells above (Run → Run All Above Selected Cell), or check the spelling."
    )


def _handler(shell, etype, value, tb, tb_offset=None):
    message = f"{etype.__name__}: {value}\n\n{hint_for(value, shell.user_ns)}"
    shell._showtraceback(etype, value, [message])
    return [message]


def load_ipython_extension(ipython) -> None:
    # Without the first cell, `load("events")` would otherwise run IPython's %load magic and fail
    # with a message about history files; magics still work when typed with their %.
    ipython.automagic = False
    ipython.set_custom_exc((NameError,), _handler)
