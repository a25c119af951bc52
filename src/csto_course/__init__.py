"""csto_course: an open teaching course on the Collective Security Treaty Organization.

Where things live:

- ``csto_course.data``: load, check and cite the tables in data/; derive membership.
- ``csto_course.charts``: Altair chart helpers (offline rendering, accessible theme).
- ``csto_course.quiz``: widget quizzes from the YAML banks in quizzes/.
- ``csto_course.lessons``: the ordered list of lessons.
- ``csto_course.cli``: the ``csto-course`` command.
- ``csto_course.paths``: where data/, quizzes/ and lessons/ are.
"""

import sys as _sys

# Importing jsonschema (which altair, frictionless and our quiz banks use) makes it
# build the IRI parsers of the optional rfc3987-syntax package: about 1.4 s in every
# kernel, for a format check the course never uses. Known upstream:
# python-jsonschema/jsonschema#1428, jupyter-server/jupyter_server#1559. Skipping it
# halves altair's import time. It takes effect only if nothing imported it before.
_sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

__version__ = "0.1.0"
