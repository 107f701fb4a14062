package rpcheck.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import rpcheck.tlc.TlaValue.TlaBool;
import rpcheck.tlc.TlaValue.TlaFunction;
import rpcheck.tlc.TlaValue.TlaInt;
import rpcheck.tlc.TlaValue.TlaModelValue;
import rpcheck.tlc.TlaValue.TlaRecord;
import rpcheck.tlc.TlaValue.TlaSeq;
import rpcheck.tlc.TlaValue.TlaSet;
import rpcheck.tlc.TlaValue.TlaString;

class TlaValueParserTest {

    private static TlaValue p(String s) {
        return TlaValueParser.parse(s);
    }

    @Test
    void scalars() {
        assertEquals(new TlaInt(42), p("42"));
        assertEquals(new TlaInt(-3), p(" -3 "));
        assertEquals(new TlaInt(new BigInteger("123456789012345678901234567890")), p("123456789012345678901234567890"));
        assertEquals(TlaBool.TRUE, p("TRUE"));
        assertEquals(TlaBool.FALSE, p("FALSE"));
        assertEquals(new TlaModelValue("p1"), p("p1"));
        assertEquals(new TlaModelValue("NONE_"), p("NONE_"));
        assertEquals(new TlaString("start"), p("\"start\""));
    }

    @Test
    void stringEscapes() {
        TlaString s = (TlaString) p("\"he said \\\"hi\\\" \\\\ tab\\there\\nnext\"");
        assertEquals("he said \"hi\" \\ tab\there\nnext", s.value());
        assertEquals("\"he said \\\"hi\\\" \\\\ tab\\there\\nnext\"", s.toTla());
        assertEquals(new TlaString(""), p("\"\""));
    }

    @Test
    void nestedStructures() {
        TlaValue v = p("[a |-> 1, b |-> \"he said \\\"hi\\\"\", fn |-> (p1 :> <<1, {2, 3}>> @@ p2 :> <<>>),"
                + " s |-> {[x |-> M1], [x |-> M2]}, e |-> << >>, t |-> <<TRUE, -1>>]");
        TlaRecord r = assertInstanceOf(TlaRecord.class, v);
        assertEquals(List.of("a", "b", "fn", "s", "e", "t"), List.copyOf(r.fields().keySet()));
        assertEquals(new TlaString("he said \"hi\""), r.get("b"));
        TlaFunction fn = assertInstanceOf(TlaFunction.class, r.get("fn"));
        assertEquals(new TlaSeq(List.of(new TlaInt(1), new TlaSet(List.of(new TlaInt(2), new TlaInt(3))))),
                fn.get(new TlaModelValue("p1")));
        assertEquals(new TlaSeq(List.of()), fn.get(new TlaModelValue("p2")));
        TlaSet s = assertInstanceOf(TlaSet.class, r.get("s"));
        assertEquals(2, s.size());
        assertTrue(s.contains(new TlaRecord(Map.of("x", new TlaModelValue("M2")))));
        assertEquals(new TlaSeq(List.of()), r.get("e"));
        assertEquals(new TlaSeq(List.of(TlaBool.TRUE, new TlaInt(-1))), r.get("t"));
    }

    @Test
    void functionsWithStructuredKeys() {
        TlaFunction f = (TlaFunction) p("(<<3>> :> \"set key\" @@ <<1, 2>> :> \"tuple key\")");
        assertEquals(new TlaString("tuple key"), f.get(new TlaSeq(List.of(new TlaInt(1), new TlaInt(2)))));
        TlaFunction g = (TlaFunction) p("(\"c\" :> \"c\" @@ \"a b\" :> \"a b\")");
        assertEquals(List.of(new TlaString("c"), new TlaString("a b")), List.copyOf(g.mapping().keySet()));
        TlaFunction single = (TlaFunction) p("(7 :> 1)");
        assertEquals(1, single.mapping().size());
        assertEquals(new TlaInt(5), p("((5))")); // plain parentheses
    }

    @Test
    void intervalsAreEnumerated() {
        assertEquals(new TlaSet(List.of(new TlaInt(1), new TlaInt(2), new TlaInt(3))), p("1..3"));
        assertEquals(new TlaSet(List.of(new TlaInt(-1), new TlaInt(0))), p("-1..0"));
        assertEquals(new TlaSet(List.of()), p("3..2"));
        assertThrows(IllegalArgumentException.class, () -> p("0..100000000"));
    }

    @Test
    void wrappedMultiLineValuesAsTlcPrintsThem() {
        String wrapped = """
                [ procId |-> "a very long string value here",
                  status |-> "running_state_machine",
                  counters |-> <<1000, 2000, 3000, 4000, 5000, 6000>>,
                  nested |-> [inner |-> <<1, 2, 3>>, other |-> {"x", "y"}] ]""";
        TlaRecord r = (TlaRecord) p(wrapped);
        assertEquals(4, r.fields().size());
        assertEquals("[procId |-> \"a very long string value here\", status |-> \"running_state_machine\", "
                + "counters |-> <<1000, 2000, 3000, 4000, 5000, 6000>>, "
                + "nested |-> [inner |-> <<1, 2, 3>>, other |-> {\"x\", \"y\"}]]", r.toTla());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0", "-7", "TRUE", "p1", "\"x\\\"y\\\\z\\n\"", "<<>>", "<<1, <<2, <<3>>>>>>", "{}", "{{}, {1}, {1, 2}}",
            "[a |-> 1, b |-> [c |-> <<\"d\", {e}>>]]", "(p1 :> 0 @@ p2 :> [x |-> {<<>>}])",
            "{[x |-> M1], [x |-> M2]}", "(<<1, 2>> :> (a :> b))"})
    void roundTrip(String text) {
        TlaValue v = p(text);
        assertEquals(text, v.toTla());
        assertEquals(v, p(v.toTla()));
    }

    @Test
    void toTlaIsDeterministicAndKeepsInsertionOrder() {
        LinkedHashMap<String, TlaValue> fields = new LinkedHashMap<>();
        fields.put("z", new TlaInt(1));
        fields.put("a", new TlaString("q\""));
        TlaRecord r = new TlaRecord(fields);
        fields.put("m", new TlaInt(3)); // the record copied the map
        assertEquals("[z |-> 1, a |-> \"q\\\"\"]", r.toTla());
        assertThrows(UnsupportedOperationException.class, () -> r.fields().put("x", new TlaInt(0)));
    }

    @Test
    void errorsCarryPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p("[a |-> 1, b 2]"));
        assertTrue(e.getMessage().contains("offset 12"), e.getMessage());
        assertTrue(e.getMessage().contains("'|->'"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> p("<<1, 2\n, 3"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> p("\"unterminated"));
        assertTrue(e.getMessage().contains("unterminated string") && e.getMessage().contains("offset 0"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "<<1,>>", "{1 2}", "(1 :> 2", "(1 :> 2 @@ 1 :> 3)", "[x \\in S |-> x]",
            "[]", "\"bad \\q escape\"", "1 2", "-x", "a..b", "[a |-> 1, a |-> 2]", "@@", "<<1>> >>"})
    void rejectsMalformedInput(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p(text));
        assertTrue(e.getMessage().startsWith("TLA+ value parse error at offset "), e.getMessage());
    }
}
