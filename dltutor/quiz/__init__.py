"""The learning core: questions as asked, grading, computed questions, sessions and scheduling.

No UI imports here: the line-mode quiz and the interactive session both drive this package.
"""
