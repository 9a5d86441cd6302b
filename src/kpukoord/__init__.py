"""kpukoord: coordination records for KPU offices in one SQLite file."""

__version__ = "0.1.0"
