---- MODULE Inv ----
EXTENDS Naturals, Sequences, TLC
CONSTANTS Procs
VARIABLES x, rec, fn, seq, s, str
vars == <<x, rec, fn, seq, s, str>>

Init == /\ x = 0
        /\ rec = [a |-> 1, b |-> "he said \"hi\""]
        /\ fn = [p \in Procs |-> 0]
        /\ seq = <<>>
        /\ s = {}
        /\ str = "start"

Step(p) == /\ x < 5
           /\ x' = x + 1
           /\ fn' = [fn EXCEPT ![p] = @ + 1]
           /\ seq' = Append(seq, p)
           /\ s' = s \cup {x}
           /\ UNCHANGED <<rec, str>>

Other == /\ x = 2
         /\ str' = "other"
         /\ UNCHANGED <<x, rec, fn, seq, s>>

Next == (\E p \in Procs : Step(p)) \/ Other

Spec == Init /\ [][Next]_vars

Safe == x < 3
====
