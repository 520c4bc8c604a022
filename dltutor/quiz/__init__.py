"""The learning core: questions as asked, grading, computed questions, sessions and scheduling.

No UI imports here: the line-mode quiz and the interactive session both drive this package.
"""

# What "mastery" means, in one place: the stats of both front ends and `dltutor stats --help` show it.
MASTERY_MEANING = (
    "Mastery is the share of a topic's questions that FSRS predicts you will still recall a week "
    "from now with at least your desired retention (0.9 unless set with quiz --retention); unanswered "
    "questions are not mastered, and a wrong answer never raises it. Each passed practice exercise "
    "counts as one more item, mastered."
)
