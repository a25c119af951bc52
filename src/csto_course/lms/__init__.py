"""Into the instructor's learning-management system (LMS): quiz banks out, grades out.

- ``text.py``: the course's plain text as HTML (for Moodle XML and QTI) or escaped GIFT.
- ``moodle_xml.py``: every question type as Moodle XML (ordering through the qtype_ordering plugin, or as matching).
- ``qti.py``: a Canvas-importable QTI 1.2 zip, one quiz per lesson.
- ``gift.py``: GIFT, for the types GIFT has; the others are listed as skipped, with the reason.
- ``quiz_export.py``: ``csto-course quiz export``: the banks to files, in one or all formats.
- ``roster.py`` and ``grades_export.py``: the gradebook's totals merged into a Canvas or Moodle grade import.
"""
