"""One module per screen; dialogs dismiss with a value and never write files."""
