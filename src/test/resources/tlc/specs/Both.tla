---- MODULE Both ----
\* Two invariants violated first in the same state (x = 2), a third deeper (x = 4): for the run with -continue
\* and Both_once.tla (TlaGenerator.onceModule), TlcOutputParserTest. TLC reports one invariant a state.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x < 6 /\ x' = x + 1
NoWaitCycle == x < 2
NoSleepInAtomic == x < 2
NoUseAfterFree == x < 4
====
