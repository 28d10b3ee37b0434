"""aims-tui: offline ISO/IEC 42001 AI management system gap assessments in the terminal."""

__version__ = "0.1.0"
