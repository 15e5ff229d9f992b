"""Articles: reading files into an ``Article``, decoding, and making text safe to show."""
