---- MODULE EvalCont ----
\* Next fails to evaluate in the state x = 2 (~ of an integer): with -continue TLC 2.18 prints the exception and
\* the behaviour up to that state, then reports that state as a deadlock.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == \/ x < 2 /\ x' = x + 1
        \/ x = 2 /\ ~(x + 1) /\ x' = 0
Small == x < 10
====
