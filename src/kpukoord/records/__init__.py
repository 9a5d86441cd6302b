"""Records an office keeps: agencies, people, meetings, follow-ups, its own office, search."""
