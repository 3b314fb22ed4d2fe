"""The seller's own files: the product master workbook (products, lanes, purchase orders, own stock, FBA capacity)."""
