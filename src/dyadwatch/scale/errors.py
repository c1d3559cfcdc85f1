"""The one error a parallel run raises to its caller."""


class ScaleError(RuntimeError):
    """A parallel run that cannot go on (a worker died, the pipeline does not load, the
    scheduler is unreachable); the message is one line for the user."""
