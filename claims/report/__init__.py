"""Report: what the store holds, rendered for people and for tools.

``contradictions`` builds the report data (the stable JSON interface) with filters;
``render`` turns it into text, Markdown, JSON or CSV and ``html`` into one self-contained
page; ``check_formats`` renders a ``claims check`` result (text, JSON, JUnit, GitHub,
Markdown); ``browse`` shows single claims, pairs, topics, sources and the audit log;
``export`` writes reviewed claims as ClaimReview or CSV. Every JSON shape comes from
``serialise``.
"""

from __future__ import annotations
