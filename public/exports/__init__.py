"""Exports of plans and reports: consolidated and agency reports, board downloads.

Every export follows one contract (``base.BaseExporter``); ``registry.get_exporter`` finds the
exporter for a kind of document and a format.
"""
