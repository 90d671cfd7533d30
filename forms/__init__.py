"""Wagtail form pages and their approval policies (issue [2/12] onwards)."""
