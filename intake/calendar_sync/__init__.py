"""Counsellors' own calendars: connecting, reading busy time and writing confirmed appointments."""
