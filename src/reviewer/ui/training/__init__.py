"""The Training screen: backbones, the recipe, live curves, the log."""
