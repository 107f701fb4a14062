package rpcheck.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Checks shared by the render tests and the committed-traces test: text shape, XML, the JSON schema. */
public final class RenderChecks {
    private static JsonSchema schema;

    private RenderChecks() {
    }

    /** Every line at most 80 columns, printable ASCII only, and a final newline. */
    public static void assertMailable(String what, String text) {
        assertTrue(text.endsWith("\n"), what + ": no final newline");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            assertTrue(l.length() <= TextRenderer.WIDTH, what + ":" + (i + 1) + " is " + l.length() + " columns: " + l);
            for (char c : l.toCharArray()) {
                if (c < 32 || c > 126) {
                    fail(what + ":" + (i + 1) + ": not printable ASCII: " + (int) c);
                }
            }
            assertEquals(l.stripTrailing(), l, what + ":" + (i + 1) + " has trailing blanks");
        }
    }

    /** Parses the SVG with the JDK's DocumentBuilder (namespace-aware, no external entities): it is well-formed. */
    public static Document assertWellFormedSvg(String what, String svg) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertEquals("svg", d.getDocumentElement().getLocalName(), what);
            assertEquals("http://www.w3.org/2000/svg", d.getDocumentElement().getNamespaceURI(), what);
            return d;
        } catch (Exception e) {
            throw new AssertionError(what + " is not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** Validates a trace.json against docs/trace-schema.json (JSON Schema draft 2020-12). */
    public static void assertValidJson(String what, String json) {
        try {
            JsonNode doc = new ObjectMapper().readTree(json);
            Set<ValidationMessage> errors = schema().validate(doc);
            assertTrue(errors.isEmpty(), what + " does not match docs/trace-schema.json: " + errors);
        } catch (IOException e) {
            throw new AssertionError(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    static synchronized JsonSchema schema() throws IOException {
        if (schema == null) {
            String text = Files.readString(Path.of("docs/trace-schema.json"));
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(text);
        }
        return schema;
    }
}
