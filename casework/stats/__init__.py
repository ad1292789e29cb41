"""Statistics of the cases a user may see (docs/statistics.md).

periods  the `period` parameter: a year, a quarter, a month, a day or a range of days
scope    the jurisdiction asked for, checked against the caller's reach
figures  the aggregates: a fixed number of GROUP BY statements whatever the data size
api      `GET /api/v1/stats/`
views    the dashboard page
"""
