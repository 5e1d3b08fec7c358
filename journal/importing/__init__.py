"""Imports into a runner's journal, one module per job:

- journal_csv.py: Backtrack's own CSV files (entries or sessions), all or nothing;
- watch files are read by journal/watch.py (GPX, TCX, FIT: no database) and added by sessions.py;
- archives.py opens `.gz` files and `.zip` archives (Strava's and Garmin's exports) within bounds;
- exports.py reads Strava's and Garmin Connect's activity lists;
- jobs.py is the queue: an upload is stored, then read by a Celery task in chunks.
"""
