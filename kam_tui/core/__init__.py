"""What every area shares: the domain vocabulary and field rules, the database and the one write path."""
