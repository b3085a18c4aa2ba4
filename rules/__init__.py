"""Rule data shipped with provcheck: TOML lexicons, rules and weights."""
