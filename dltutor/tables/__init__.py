"""Summary tables (`dltutor plot KIND --table`): one module per kind, named by its spec's `table`."""
