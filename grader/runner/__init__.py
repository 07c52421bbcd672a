"""The parent's side of a submission's child process."""
