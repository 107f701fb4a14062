---- MODULE EvalErr ----
EXTENDS Naturals, TLC
VARIABLES x
Init == x \in {0, 1}
Next == x' = (x + 1) % 4 /\ (x = 2 => (x + "a") = 1)
Spec == Init /\ [][Next]_x
StartOne == x = 1
====
