---- MODULE ConstInv ----
VARIABLES x
Init == x = 0
Next == UNCHANGED x
Inv == FALSE
====
