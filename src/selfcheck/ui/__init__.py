"""The Textual app: screens, widgets and the shell that routes between them."""
