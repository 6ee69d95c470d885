"""The revisit calendar in SQL: generation, agendas and actions on one revisit."""
