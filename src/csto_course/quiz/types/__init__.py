"""Question types, one per module. ``QUESTION_TYPES`` maps a bank's ``type`` to its class."""

from .base import BankError, Question, shuffled
from .matching import Matching
from .multiple_select import MultipleSelect
from .numeric import Numeric
from .ordering import Ordering
from .short_text import ShortText
from .single_choice import SingleChoice
from .true_false import TrueFalse

QUESTION_TYPES: dict[str, type[Question]] = {
    cls.kind: cls for cls in (SingleChoice, MultipleSelect, TrueFalse, Numeric, ShortText, Ordering, Matching)
}

__all__ = ["QUESTION_TYPES", "BankError", "Question", "shuffled", *[c.__name__ for c in QUESTION_TYPES.values()]]
