package rpcheck.model.prims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CatalogueTest {
    @Test
    void readmeTableIsTheCatalogues() throws IOException {
        String readme = Files.readString(Path.of("specs/README.md"));
        int a = readme.indexOf(PrimitiveTable.BEGIN + "\n");
        int b = readme.indexOf(PrimitiveTable.END);
        assertTrue(a >= 0 && b > a, "specs/README.md lacks the primitive table markers");
        assertEquals(PrimitiveTable.markdown(), readme.substring(a + PrimitiveTable.BEGIN.length() + 1, b),
                "specs/README.md's primitive table is stale: replace it by the output of `./rpcheck list --primitives`");
    }

    @Test
    void everyStepKindHasARuleAndEveryPrimitiveASource() {
        for (Prim p : Prim.values()) {
            assertNotNull(Catalogue.rule(p), p.name());
            assertFalse(p.source().isBlank(), p.name());
        }
        for (Primitive p : Catalogue.all()) {
            assertFalse(p.source().isBlank(), p.name());
            assertFalse(p.semantics().isBlank(), p.name());
        }
    }

    @Test
    void aPrimitiveThatWaitsIsOneThatSleeps() {
        // one rule for "must not sleep": a step a context can block in is a step that sleeps, except a spinlock
        // and timer_delete_sync()'s wait for a running callback (both spin) and a dispatch held by a quiesced queue
        // (blk-mq's RCU read side)
        Set<Prim> spin = Set.of(Prim.LOCK, Prim.TIMER_DELETE_SYNC_WAIT, Prim.DISPATCH);
        for (Prim p : Prim.values()) {
            if (p.waitKind() != null && !spin.contains(p)) {
                assertTrue(p.sleeps(), p + " blocks but is not marked as sleeping");
            }
        }
    }

    @Test
    void thePrimitiveTablesMaySleepColumnIsItsSteps() {
        // "may sleep" in `rpcheck list --primitives` is what SleepInAtomic checks: a primitive may sleep exactly
        // when one of the steps it lowers to sleeps (nvme_change_ctrl_state() said "no" while its CONNECTING -> LIVE
        // step sleeps)
        for (Primitive p : Catalogue.all()) {
            boolean steps = p.steps().stream().anyMatch(Prim::sleeps);
            assertEquals(steps, p.sleeps(), p.name() + ": 'may sleep' is " + p.sleeps() + ", its steps " + p.steps());
        }
    }

    @Test
    void aModelAnnotationIsFoldedAndTouchesNoKernelState() {
        // Ownership (UseAfterFree) skips annotation() steps: only the model's own steps may say so
        int annotations = 0;
        for (Primitive p : Catalogue.all()) {
            for (Prim step : p.steps()) {
                if (p.source().equals(Prim.MODEL_ANNOTATION)) {
                    assertTrue(step.annotation(), p.name() + " / " + step);
                } else if (step.annotation()) {
                    assertEquals("(the spec)", p.source(), p.name() + " / " + step);
                }
            }
        }
        for (Prim p : Prim.values()) {
            if (p.annotation()) {
                annotations++;
                assertTrue(p.folded() && !p.sleeps() && p.waitKind() == null, p.name());
            }
        }
        assertTrue(annotations >= 4, "assoc_begin, assoc_failed, assoc_end, assert");
    }

    @Test
    void namesAreUniqueAndLookedUp() {
        Set<String> seen = new HashSet<>();
        for (Primitive p : Catalogue.all()) {
            for (String n : p.names()) {
                assertTrue(seen.add(n), n);
                assertEquals(p, Catalogue.lookup(n));
            }
        }
        assertTrue(seen.containsAll(Set.of("mutex_lock", "mutex_trylock", "mutex_unlock", "complete", "complete_all",
                "wait_for_completion", "wait_for_completion_timeout", "reinit_completion", "init_completion",
                "schedule_delayed_work", "mod_delayed_work", "flush_workqueue", "drain_workqueue",
                "destroy_workqueue", "kref_put")));
    }
}
