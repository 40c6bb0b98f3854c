"""shelltutor: learn the Unix shell by doing, in a sandboxed real bash."""

__version__ = "0.1.0"
