"""Official timetables: PKPU schedules, stages, recurrences, working days, regulations."""
