"""Every view of kpukoord's records: nothing here reads or writes the database.

- :mod:`~kpukoord.views.tables`: terminal tables and detail views (Rich);
- :mod:`~kpukoord.views.document`: the printable document model and its text,
  Markdown, HTML and terminal writers;
- :mod:`~kpukoord.views.weekly`: the weekly rakor report laid out as a document;
- :mod:`~kpukoord.views.minutes`: the notulen of one meeting as a document;
- :mod:`~kpukoord.views.timeline`: the Gantt chart of a schedule's stages.
"""
