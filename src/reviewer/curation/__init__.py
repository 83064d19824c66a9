"""Qt-free curation: image embeddings, suspected label errors, outliers, confusable
categories, "more like this", near-duplicates and cross-split leaks, and the
curator's confirmations (remembered as events)."""
