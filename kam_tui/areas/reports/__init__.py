"""The manager's reports (DOMAIN.md §5): the forecast by close month and owner, and the funnel."""
