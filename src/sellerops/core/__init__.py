"""The vocabulary every layer shares: marketplaces, periods, money."""
