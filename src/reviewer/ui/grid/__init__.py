"""The thumbnail grid shared by the catalogue and the galleries: the lazily paged model, the cell painter, the thumbnail loader."""
