"""provcheck's built-in checks. Each module is a plugin that uses only the public API
(``from provcheck import ...``), registered exactly as third-party plugins are."""
