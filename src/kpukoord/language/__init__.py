"""The Indonesian language: dates as written, names, the text rule, translations."""
