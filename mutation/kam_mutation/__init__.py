"""kam's mutation-testing run on top of cosmic-ray."""
