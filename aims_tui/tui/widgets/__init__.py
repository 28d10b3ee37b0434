"""The TUI's widgets and dialogs."""
