"""Optional integrations with batch engines (docs/batch.md). Each module imports its engine
only when used and needs its extra installed:

- ``provcheck.batch.engines.datatrove``: ``ProvcheckScorer``, a datatrove ``PipelineStep``
  (``pip install 'provcheck[datatrove]'``);
- ``provcheck.batch.engines.dask``: ``score_warcs``, one JSON-lines file per WARC on a Dask cluster
  (``pip install 'provcheck[dask]'``).

Spark needs no module here: see ``examples/spark/``.
"""
