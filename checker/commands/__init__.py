"""One module per subcommand, each with ``add_parser`` and a function returning an exit code."""
