"""Apps over seeded demo data with a frozen date, for snapshot tests and screenshots."""
