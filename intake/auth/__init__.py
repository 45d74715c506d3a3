"""Staff authentication: login, logout, roles and session lifetime."""
