"""The page's views, one module per page; each only calls what the command line calls."""
