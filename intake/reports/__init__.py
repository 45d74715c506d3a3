"""Case-volume reports for the office lead: SQL aggregation, suppression, charts and CSV."""
