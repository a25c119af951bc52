"""Numbers and lists written as a sentence says them, for descriptions written from a chart's data.

A screen-reader description that is written from the same table as the chart
cannot go stale when the table changes. These helpers give those sentences
their words: ``number_word(6)`` is "six", ``counted(1, "panel")`` is "one panel", ``capital("the CRRF")`` is "The CRRF", ``and_list(["a", "b", "c"])`` is
"a, b and c", and ``year_list([2021, 2022, 2023])`` is "2021 to 2023".
"""

from __future__ import annotations

from collections.abc import Iterable

NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen "
    "nineteen twenty"
).split()


def number_word(n: int) -> str:
    """``n`` in words up to twenty ("six"), in digits beyond ("21"), as the course's prose writes counts."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """ "one panel", "three panels": ``n`` in words with its noun, plural unless ``n`` is 1 ("bodies" needs ``plural``)."""
    return f"{number_word(n)} {noun if n == 1 else plural or noun + 's'}"


def capital(text: str) -> str:
    """``text`` with its first letter capitalised and the rest untouched (``str.capitalize`` lowers the rest)."""
    return text[:1].upper() + text[1:]


def and_list(items: Iterable[str], sep: str = ", ") -> str:
    """ "a", "a and b", "a, b and c": the items joined as a sentence lists them.

    Pass ``sep="; "`` when the items hold commas or "and" themselves: "At creation,
    2001; As planned, 2009; and Kazakhstan deployment, January 2022".
    """
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    last = " and " if sep == ", " else f"{sep.rstrip()} and "
    return sep.join(words[:-1]) + last + words[-1]


def year_list(years: Iterable[int]) -> str:
    """The years, once each and in order, with a run of three or more written "2021 to 2025"."""
    ordered = sorted({int(y) for y in years})
    runs: list[list[int]] = []
    for year in ordered:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    parts = [part for run in runs for part in ([f"{run[0]} to {run[-1]}"] if len(run) >= 3 else map(str, run))]
    return and_list(parts)
