"""Data files committed with the code: the latest sobriety measures (`make bench`)."""
