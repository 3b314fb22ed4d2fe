"""The daily and weekly reports: HTML with charts, formatted XLSX and chat-sized Markdown, in English and Chinese."""
