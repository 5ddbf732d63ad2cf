"""Helpers of ``bench/eval_news.py``: the labelled news set, one pipeline run, traces, figures.

Split out so that each part stays small: ``data`` reads ``bench/news``, ``run`` ingests a
split through the real pipeline, ``trace`` follows every labelled pair through the stages,
``figures`` turns traces into precision, recall and loss tables.
"""
