"""Working hours, absences, closures and the slot engine."""
