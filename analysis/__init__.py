"""Analysis of stored results: statistics, sensitivity indices, figures and the report."""
