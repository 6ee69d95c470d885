"""The reports in SQL: which deals count, the forecast, the funnel and the filters' choices."""
