"""Viewflow flows, one flow per module (issue [2/12] onwards)."""
