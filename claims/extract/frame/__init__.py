"""Internals of claim frames (``claims.extract.frames`` is the public entry point).

- ``record``: the ``Frame`` and ``TimeExpr`` records, their JSON form, the reporting-verb table;
- ``text``: plain string helpers (joining kept words, agreement, quotes), tested without a model;
- ``found``: the attribution record the parse rules fill in, and shared token helpers;
- ``attribution``: who says it, found on a spaCy dependency parse;
- ``constructions``: "put X at N", denials of reports or deeds, accusations;
- ``proposition``: what is claimed: its text, pronouns, polarity, subject, predicate;
- ``times``: its time expressions (spaCy DATE/TIME entities, filtered), event or report.
"""
