"""The city's directory (LDAP): finding staff, checking their passwords, reading their groups."""
