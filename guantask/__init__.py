"""guantask: track a county government's yearly key-task plan from the command line."""

__version__ = "0.1.0"
