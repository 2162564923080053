"""Streamlit helpers shared by the pages: cached data, the frame, repeated UI.

``geo`` is the plain library; this package is where Streamlit meets it. Pages stay thin:
read widgets, call ``geo`` (through the caches in :mod:`ui.data`), draw with these helpers.
"""
