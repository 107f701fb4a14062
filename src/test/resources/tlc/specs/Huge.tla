---- MODULE Huge ----
EXTENDS Naturals
VARIABLES a, b, c
Init == a = 0 /\ b = 0 /\ c = 0
Next == \/ a' = (a + 1) % 100000 /\ UNCHANGED <<b, c>>
        \/ b' = (b + 1) % 100000 /\ UNCHANGED <<a, c>>
        \/ c' = (c + 1) % 100000 /\ UNCHANGED <<a, b>>
Spec == Init /\ [][Next]_<<a, b, c>>
====
