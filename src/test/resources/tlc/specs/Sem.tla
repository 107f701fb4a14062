---- MODULE Sem ----
EXTENDS Naturals
VARIABLES x
Init == x = -1
Next == x' = Undefined + 1
====
