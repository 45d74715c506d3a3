"""Use cases of booking: request, book, cancel, move, confirm."""
