"""Command-line tasks: `flask --app wsgi create-user`, `seed-demo`."""
