"""The app's dialogs: import, export, categories, settings, keyboard shortcuts."""
