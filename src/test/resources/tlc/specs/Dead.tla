---- MODULE Dead ----
EXTENDS Naturals
CONSTANTS Procs
VARIABLES lock, pc
Init == lock = "free" /\ pc = [p \in Procs |-> "idle"]
Acquire(p) == /\ pc[p] = "idle" /\ lock = "free"
              /\ lock' = p /\ pc' = [pc EXCEPT ![p] = "holding"]
Wait(p) == /\ pc[p] = "idle" /\ lock # "free"
           /\ pc' = [pc EXCEPT ![p] = "waiting"] /\ UNCHANGED lock
Next == \E p \in Procs : Acquire(p) \/ Wait(p)
Spec == Init /\ [][Next]_<<lock, pc>>
====
