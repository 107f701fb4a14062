---- MODULE Cont ----
\* Two invariants violated at different depths, then a deadlock (x = 6 has no successor): for the runs
\* with -continue and Cont_once.tla (TlaGenerator.onceModule), TlcOutputParserTest.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x < 6 /\ x' = x + 1
NoWaitCycle == x < 2
NoSleepInAtomic == x < 4
NoUseAfterFree == TRUE
====
