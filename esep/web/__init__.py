"""`esep serve`: the year's job on one local web page (Flask app, served by waitress)."""
