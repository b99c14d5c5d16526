"""Sub-commands of the ``airace`` command line, one module each."""
