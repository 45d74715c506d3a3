"""Cross-cutting wiring: database engine, languages, security headers, errors, health."""
