---- MODULE Big ----
EXTENDS Integers, Sequences, TLC
VARIABLES r, f, q, t, n
Init == /\ r = [procId |-> "a very long string value here", status |-> "running_state_machine", counters |-> [i \in 1..6 |-> i * 1000], nested |-> [inner |-> <<1, 2, 3>>, other |-> {"x", "y"}]]
        /\ f = [i \in 1..12 |-> [id |-> i, name |-> "element"]]
        /\ q = [k \in {"alpha", "beta", "gamma"} |-> k]
        /\ t = <<TRUE, FALSE, -3, "tab\there", "back\\slash", "new\nline">>
        /\ n = [i \in {} |-> 1]
Next == /\ n' = (7 :> 1 @@ 9 :> 2)
        /\ UNCHANGED <<r, f, q, t>>
Spec == Init /\ [][Next]_<<r, f, q, t, n>>
Empty == n = <<>>
====
