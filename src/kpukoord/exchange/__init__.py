"""Exchange with other offices and tools: files in and out, merge, Datasette."""
