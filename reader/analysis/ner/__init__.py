"""The trained entity tagger: features, model file, decoding, training and labels.

Pure Python, deterministic, no download: the model ships inside this package
(``entities.model``) and ``READER_ENTITY_MODEL`` points to another one.
"""
