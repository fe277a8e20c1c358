"""The aurora-platform program's own package: its stack config contract and the mapping from
config to component args. ``__main__.py`` reads config, calls these and builds components."""
