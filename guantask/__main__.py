"""`python -m guantask`."""

from guantask.cli import main

main()
