"""Public pages in the visitor's language, under /<lang>/."""
