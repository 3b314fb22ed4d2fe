"""One module per Amazon report family; each lists its families in `SPECS`."""
