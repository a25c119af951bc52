"""The course as a static website: every lesson readable, charted and quizzable with nothing installed.

- ``build.py``: ``csto-course site --out DIR``; stages the pages, runs Sphinx.
- ``execute.py``: runs each lesson on a fresh kernel at build time, in parallel.
- ``links.py``: downloads (the notebook, the data as a zip) and JupyterHub/Binder links.
- ``pages.py``: the pages that are not lessons (home, sources with anchors).
- ``quiz.py``: each lesson's question bank as data for the page's quiz script
  (``assets/csto-quiz.js``: the same checking rules, no kernel).
- ``widgets.py``: each Python exploration (a picker, a slider) as a still of its
  default choice, with a note on running it in JupyterLab.
- ``vegalite.py``: a myst-nb MIME renderer that turns each chart output into a
  JSON island the page's one shared Vega bundle draws (``assets/``).
- ``vendor.py``: the JavaScript the pages need, written into the site at build
  time (never fetched at view time).
"""
