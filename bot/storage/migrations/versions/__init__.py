"""One module per schema revision (a package only so the files ship with the wheel)."""
