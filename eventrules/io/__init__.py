"""Reading documents in and writing events out."""
