---- MODULE Asrt ----
EXTENDS Naturals, TLC
VARIABLES x
Init == x = 0
Next == /\ x < 3
        /\ PrintT(<<"x is", x>>)
        /\ Assert(x < 2, "x got too big")
        /\ x' = x + 1
Spec == Init /\ [][Next]_x
====
