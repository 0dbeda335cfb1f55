"""The ``ccrp`` commands, one module per area; :mod:`ccrp.cli` registers them explicitly."""
