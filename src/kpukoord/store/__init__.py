"""Storage: the one SQLite file, its migrations, the rules every row obeys, ids, history."""
