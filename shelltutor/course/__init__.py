"""Lessons: the format's model, its validation and loading, and the course catalog."""
