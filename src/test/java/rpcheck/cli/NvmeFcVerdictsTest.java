package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The verdicts of the review thread, as TLC finds them on the committed nvme-fc specs (issue 2's acceptance):
 * smart deadlocks in its own timeout work and sleeps under rport->lock or in the LLDD's completion; upstream has
 * the self-wait that v3 fixes; v3 has neither. Each check runs on a copy of specs/ and traces/ and must write
 * exactly the committed traces and generated files.
 */
@Tag("tlc")
class NvmeFcVerdictsTest {
    @TempDir
    Path tmp;

    private JsonNode check(String... args) throws Exception {
        RepoCopy repo = RepoCopy.of(tmp);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("check", "--json", "--root", repo.root().toString()));
        all.addAll(List.of(args));
        int code = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(all.toArray(String[]::new));
        JsonNode json = new ObjectMapper().readTree(out.toString());
        json.withObject("/meta").put("exit", code).put("stderr", err.toString());
        repo.assertUnchanged();
        return json;
    }

    private static JsonNode property(JsonNode variant, String name) {
        for (JsonNode p : variant.get("properties")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no property " + name + " in " + variant);
    }

    private static List<String> chain(JsonNode p) {
        List<String> c = new ArrayList<>();
        p.get("chain").forEach(n -> c.add(n.asText()));
        return c;
    }

    private static void assertChainContains(JsonNode p, String... fns) {
        List<String> c = chain(p);
        int at = java.util.Collections.indexOfSubList(c, List.of(fns));
        assertTrue(at >= 0, "chain " + c + " does not contain " + List.of(fns));
    }

    @Test
    void smartWaitsForItsOwnTimeoutWork() throws Exception {
        JsonNode v = check("--variant", "smart", "--property", "WaitCycle", "--property", "SleepInAtomic");
        assertEquals(1, v.get("meta").get("exit").asInt(), v.toString());
        JsonNode wc = property(v, "WaitCycle");
        assertEquals("violated", wc.get("status").asText());
        assertChainContains(wc, "nvme_fc_timeout", "nvme_fc_start_ioerr_recovery", "__nvme_fc_abort_outstanding_ios",
                "blk_sync_queue");
        assertEquals(wc.get("offender").asText(), wc.get("explanation").get("waits").get(0).get("holder").asText(),
                "the timeout work waits for itself");
        JsonNode sia = property(v, "SleepInAtomic");
        assertEquals("violated", sia.get("status").asText());
        assertChainContains(sia, "nvme_fc_unregister_remoteport", "nvme_fc_ctrl_connectivity_loss",
                "nvme_fc_start_ioerr_recovery");
    }

    @Test
    void smartSleepsInTheLlddCompletionToo() throws Exception {
        JsonNode v = check("--variant", "smart", "--property", "SleepInAtomic", "--bound", "rport_losses=0");
        JsonNode sia = property(v, "SleepInAtomic");
        assertEquals("violated", sia.get("status").asText(), v.toString());
        assertChainContains(sia, "nvme_fc_fcpio_done", "nvme_fc_start_ioerr_recovery");
    }

    @Test
    void upstreamHasTheSelfWaitThatV3Fixes() throws Exception {
        JsonNode v = check("--variant", "upstream", "--property", "WaitCycle");
        JsonNode wc = property(v, "WaitCycle");
        assertEquals("violated", wc.get("status").asText(), v.toString());
        assertChainContains(wc, "nvme_fc_timeout", "nvme_fc_error_recovery", "__nvme_fc_abort_outstanding_ios",
                "blk_sync_queue");
    }

    @Test
    void upstreamUsesTheControllerAfterFcpioDoneDroppedItsReferenceAndLosesALateRportLoss() throws Exception {
        JsonNode v = check("--variant", "upstream", "--property", "UseAfterFree", "--property", "LostError");
        JsonNode uaf = property(v, "UseAfterFree");
        assertEquals("violated", uaf.get("status").asText(), v.toString());
        assertChainContains(uaf, "nvme_fc_fcpio_done", "queue_work");
        JsonNode lost = property(v, "LostError");
        assertEquals("violated", lost.get("status").asText(), v.toString());
    }

    @Test
    void v3HasNeither() throws Exception {
        JsonNode v = check("--variant", "v3", "--property", "WaitCycle", "--property", "SleepInAtomic");
        assertEquals(0, v.get("meta").get("exit").asInt(), v.toString());
        assertEquals("holds", property(v, "WaitCycle").get("status").asText());
        assertEquals("holds", property(v, "SleepInAtomic").get("status").asText());
    }
}
