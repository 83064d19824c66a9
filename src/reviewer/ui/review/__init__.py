"""The Review screen: queues of suspected label errors, outliers, near-duplicates and
cross-split leaks, each opened in the gallery with the labelling keys; "more like this"."""
