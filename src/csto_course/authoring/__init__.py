"""Tools for the course's authors: they rewrite committed lessons, never a student's copy.

- ``lesson_citations.render_lessons()``: turn ``[@id]`` citations into author–year links
  and regenerate each lesson's list of cited sources (``csto-course cite``).
"""
