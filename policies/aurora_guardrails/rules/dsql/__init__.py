"""Aurora DSQL rules: one policy per module, named by its policy id."""
