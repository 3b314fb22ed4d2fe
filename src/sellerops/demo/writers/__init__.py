"""Writers that put the simulated seller on disk in each platform's real report layout, one module per family."""
