"""Key bindings: the action catalog, key names, and loading the shipped and user keymaps."""
