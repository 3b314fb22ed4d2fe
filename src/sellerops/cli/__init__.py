"""The command-line face: parses, calls the library, prints. Nothing here computes."""

from sellerops.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
