---- MODULE Wrap ----
EXTENDS Naturals, TLC
CONSTANTS P
VARIABLES s, f, g, h, r
Init == /\ s = "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
        /\ f = [p \in P |-> [state |-> "some_long_state_name", count |-> 12345, queue |-> <<1, 2, 3, 4, 5>>]]
        /\ g = {i * 1000 : i \in 1..40}
        /\ h = [i \in 100..130 |-> i]
        /\ r = {[a |-> i, b |-> {<<i, "abcdefghijklmnop">>}] : i \in 1..4}
Next == UNCHANGED <<s, f, g, h, r>>
Inv == s = ""
====
