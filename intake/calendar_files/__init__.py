"""iCalendar files: one appointment for the requester, feeds for counsellors and closures."""
