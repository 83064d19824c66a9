"""What every screen uses: the worker thread for long jobs, notices, the read-only table base, resources, screenshots, the device probe."""
