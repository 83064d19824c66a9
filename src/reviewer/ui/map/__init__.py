"""The Map screen: the catalogue's images on a 2-D map of their embeddings."""
