"""Widget quizzes from plain question banks.

- ``show_quiz("01_origins")``: the quiz that ends a lesson (``widget.py``).
- ``load_bank``: read and check a YAML bank from quizzes/ (``bank.py``).
- ``QuizSession``: answer and score without a browser (``session.py``).
- ``ProgressStore``: progress saved in the Jupyter data directory (``progress.py``);
  ``progress_table`` / ``progress_chart`` show it across lessons (``progress_view.py``);
  ``csto-course progress`` prints and exports it (``progress_student.py``) and merges a class's
  files (``class_progress.py``), through rows (``progress_rows.py``) and files (``progress_files.py``).
- Question types, one per module, in ``types/``; ``Feedback`` and
  ``AnswerError`` in ``feedback.py``; the static fallback in ``static.py``.
"""

from .bank import Bank, load_bank
from .feedback import AnswerError, Feedback
from .progress import ProgressStore
from .progress_view import progress_chart, progress_table
from .session import QuizSession, Score
from .types import QUESTION_TYPES, BankError
from .widget import QuizWidget


def show_quiz(lesson: str, *, save_progress: bool = True) -> QuizWidget:
    """The quiz for a lesson, ready to display (it is the cell's last value).

    Progress is saved in the Jupyter data directory unless ``save_progress=False``.
    """
    store = ProgressStore() if save_progress else None
    widget = QuizWidget(QuizSession(load_bank(lesson), store=store))
    _show_text_copy(widget.session.bank)
    return widget


def _show_text_copy(bank) -> None:
    """In a notebook, put the quiz's folded text copy above it (quiz/static.py says why); elsewhere do nothing."""
    from IPython import get_ipython
    from IPython.display import display

    from .static import TextCopy

    shell = get_ipython()
    if shell is not None and getattr(shell, "kernel", None) is not None:
        display(TextCopy(bank))


__all__ = [
    "show_quiz",
    "load_bank",
    "ProgressStore",
    "progress_table",
    "progress_chart",
    "Bank",
    "QuizSession",
    "Score",
    "QuizWidget",
    "Feedback",
    "AnswerError",
    "BankError",
    "QUESTION_TYPES",
]
