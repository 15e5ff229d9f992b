"""The article view's logic, free of Textual: layout, motions, spans, search, targeting, status."""
