"""Tag the cells of a student version that are expected to fail until the student answers.

In a released exercise, answer cells raise NotImplementedError and the check
cells after them fail. nbval (``--nbval-lax``) and nbclient accept an error in a
cell tagged ``raises-exception``; everywhere else an error is still a failure,
so a broken setup cell in an exercise is caught.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor

TAG = "raises-exception"


class TagExpectedFailures(Preprocessor):
    def preprocess_cell(self, cell, resources, index):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and (meta.get("solution") or meta.get("grade")):
            tags = cell.metadata.setdefault("tags", [])
            if TAG not in tags:
                tags.append(TAG)
        return cell, resources
