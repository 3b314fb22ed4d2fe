"""Jobs that run every check of a day or week end to end: what `sellerops run` and a scheduler call."""
