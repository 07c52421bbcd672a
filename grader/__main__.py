"""``python -m grader`` is the ``kata`` command."""

from .cli import main

main(prog_name="kata")
