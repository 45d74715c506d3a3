"""Pages for logged-in staff."""
