"""The Runs screen: the run comparison, per-class reports, the clickable confusion matrix, the cell gallery, flips."""
