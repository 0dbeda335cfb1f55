"""One module per source kind; each turns its source's live format into ``RawReport``s."""
