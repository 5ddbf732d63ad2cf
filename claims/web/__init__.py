"""The review desk in the browser (``claims serve``): a Flask app on the same store, the
same verdict rules and the same audit log as ``claims tag`` and ``claims resolve``.

``create_app`` builds it; ``accounts`` manages reviewers and their sign-in tokens;
``verdicts`` applies a reviewer's decision with an optimistic check against what they saw.
Pages are server-rendered and work without JavaScript; ``static/desk.js`` only adds
keyboard shortcuts. Flask is imported only when a server is built, so ``claims --help``
stays quick.
"""

from __future__ import annotations
