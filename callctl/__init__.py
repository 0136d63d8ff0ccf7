"""callctl: the command line for marketers, supervisors and operators."""
