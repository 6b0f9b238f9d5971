"""The code that runs inside a student's process: past this line, nothing is trusted.

Each student's file runs in a process of its own, started cold (``python -m
grader.student_side.reaper ... -- python -m grader.student_side.worker JOB``) or forked from the
warm process (:mod:`.zygote`); the reaper (:mod:`.reaper`) enters the run's namespaces and ends
every process the run starts, the worker (:mod:`.worker`) confines itself (:mod:`.sandbox`),
imports the student's file and runs its steps, watching how ``fit`` is called and what the code
tries to reach (:mod:`.observe`), and saves each step's result (:mod:`.model_files`).

Once the student's code is imported it can change anything in that process, these modules
included: the grader never takes the process's word for a verdict. What crosses back is data
only, in the forms :mod:`grader.portable` (values: JSON, ``.npz`` without pickles, ``.keras``
files loaded in safe mode) and :mod:`grader.records` (each step's record) define, and the grader
reads it back without trusting it; the grader's own side imports nothing from this package but the probe of the machine's protections and the reaper's helpers it shares
with the warm process.
"""
