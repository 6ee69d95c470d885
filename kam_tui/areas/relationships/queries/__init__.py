"""The relationship map in SQL: accounts, people, deal roles, relations and quick edits."""
