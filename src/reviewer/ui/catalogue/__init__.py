"""The Catalogue screen: filters, the grid with its key legend, keyboard labelling, the detail pane, the empty state."""
