---- MODULE Stut ----
EXTENDS Naturals
VARIABLES x, done
Init == x = 0 /\ done = FALSE
Inc == x < 2 /\ x' = x + 1 /\ UNCHANGED done
Reset == x = 2 /\ x' = 0 /\ UNCHANGED done
Finish == x = 1 /\ done' = TRUE /\ UNCHANGED x
Next == Inc \/ Reset \/ Finish
Spec == Init /\ [][Next]_<<x, done>>
EventuallyDone == <>done
====
