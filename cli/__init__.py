"""The typer app: commands parse arguments, call one library function and print."""
