"""From the office's news item to a meeting draft, and back.

``source`` reads one report (plain text or a saved web page) with bounded memory,
``draft`` finds the facts it states (each with the sentence it came from), ``yamlout``
writes them as a file ``meeting add --from-file`` takes. The Indonesian cue words
all of them use are data, in ``words``. The other direction, the news item drafted
from a record, is a view: :mod:`kpukoord.views.berita`.
"""
