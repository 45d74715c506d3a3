"""Pages for logged-in staff: inbox, cases, calendar, availability, office administration."""
