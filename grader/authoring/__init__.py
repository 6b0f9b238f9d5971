"""A study lead's tools for writing exercises, by phase (as Otter's ``assign``, nbgrader's
``generate_assignment`` and ``validate``):

* :mod:`.master`: the master (``solutions/<id>.py``) and the stub made from it;
* :mod:`.generate`: ``make exercises``: each exercise's stub and notebook from its master;
* :mod:`.scaffold`: ``python -m grader new <id>``: a master and a spec to start from;
* :mod:`.draft`: ``python -m grader draft-spec <id>``: the spec's checks from the master's run;
* :mod:`.validate`: ``make validate EX=<id>``: whether an exercise is fit to hand out.

``python -m grader exercises|new|draft-spec|validate`` runs them (:mod:`.cli`).
"""

COMMANDS = ("exercises", "new", "draft-spec", "validate")
