"""postlint: a privacy-hardening policy engine and linter for social-media posts."""
__version__ = "0.1.0"
