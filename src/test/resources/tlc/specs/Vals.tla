---- MODULE Vals ----
EXTENDS Integers, Sequences, TLC, FiniteSets
CONSTANTS M1, M2
VARIABLES a, b, c, d, e, g, h, k
Init == /\ a = 1..3
        /\ b = SUBSET {1, 2}
        /\ c = [{1, 2} -> {M1}]
        /\ d = {[x |-> M1], [x |-> M2]}
        /\ e = [m \in {M1, M2} |-> {}]
        /\ g = <<<<1>>, {<<>>}, [y |-> <<>>]>>
        /\ h = [s \in {"a b", "c"} |-> s]
        /\ k = (<<1, 2>> :> "tuple key" @@ <<3>> :> "set key")
Next == UNCHANGED <<a, b, c, d, e, g, h, k>>
Spec == Init /\ [][Next]_<<a, b, c, d, e, g, h, k>>
Never == a = {}
====
