"""Staff accounts: creating, inviting, changing and deactivating them (web and CLI alike)."""
