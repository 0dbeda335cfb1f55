"""``python -m ccrp``: the same as the ``ccrp`` command."""

from ccrp.cli import main

main()
