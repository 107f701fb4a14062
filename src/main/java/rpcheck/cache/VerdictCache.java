package rpcheck.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rpcheck.tlc.ResultCache;
import rpcheck.tlc.TlcInvocation;

/**
 * A folder of TLC outputs, one file per key: {@code <dir>/v1/<first two hex digits>/<key>.json}. The key is the
 * SHA-256 of the cache format, the TLC jar's content, TLC's options that change what it prints (one worker or
 * several, {@code -continue}, {@code -lncheck}, {@code -fp}, deadlock checking, ...) and the names and contents of
 * the module, the cfg and every other file TLC reads. How many workers, when several, is not part of it: a run
 * gets the cores that are idle when it starts, and rpcheck reads the same from a run with any number of them
 * (that its properties hold after a complete search, or which were violated, to be searched again with one);
 * {@link rpcheck.tlc.TlcRunner} stores a complete search without a violation under both kinds of key. The timeout, the work directory and the child JVM's heap are not part of it: a run that hits its timeout is not
 * stored, nor one that fails.
 *
 * <p>An entry is written to a temporary file in its folder and renamed into place atomically, so runs at once
 * (threads or processes) never see half an entry; two runs of the same inputs write the same content. An entry
 * that cannot be read, does not parse, names another key or fails its checksum is a miss (and is replaced by the
 * next store).
 */
public final class VerdictCache implements ResultCache {
    /** Raised when anything about an entry's format changes: old entries are then never read. */
    static final String FORMAT = "rpcheck-verdict-cache-1";

    /** Made on first use: Jackson's set-up is a tenth of a second, before any TLC run can start. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final Map<String, String> JAR_DIGESTS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Consumer<String> warn;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();
    private final AtomicInteger stores = new AtomicInteger();

    /**
     * @param dir  the cache folder (created on the first store)
     * @param warn receives a line when an entry is ignored or cannot be written (never fatal)
     */
    public VerdictCache(Path dir, Consumer<String> warn) {
        this.dir = dir.toAbsolutePath().normalize();
        this.warn = warn;
    }

    /** {@code $XDG_CACHE_HOME/rpcheck}, else {@code ~/.cache/rpcheck}. */
    public static Path defaultDir() {
        return defaultDir(System.getenv(), System.getProperty("user.home"));
    }

    /**
     * {@link #defaultDir()} for the environment {@code env} and the home folder {@code home}: an XDG_CACHE_HOME that
     * is not an absolute path is ignored, as the XDG base directory specification says (check's folder for the
     * generated files of outside specs is {@code gen/} in here).
     */
    public static Path defaultDir(Map<String, String> env, String home) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "rpcheck");
        }
        return Path.of(home, ".cache", "rpcheck");
    }

    public Path dir() {
        return dir;
    }

    public int hits() {
        return hits.get();
    }

    public int misses() {
        return misses.get();
    }

    public int stores() {
        return stores.get();
    }

    @Override
    public Optional<Entry> lookup(TlcInvocation inv, String classpath) {
        String key;
        try {
            key = key(inv, classpath);
        } catch (IOException e) {
            misses.incrementAndGet();
            return Optional.empty(); // the runner will report the unreadable input itself
        }
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            misses.incrementAndGet();
            return Optional.empty();
        }
        try {
            Entry e = read(Files.readString(file, StandardCharsets.UTF_8), key);
            hits.incrementAndGet();
            return Optional.of(e);
        } catch (IOException | RuntimeException e) {
            warn.accept("verdict cache: ignoring the unreadable entry " + file + " (" + e.getMessage()
                    + "); TLC runs again and the entry is rewritten");
            misses.incrementAndGet();
            return Optional.empty();
        }
    }

    @Override
    public void store(TlcInvocation inv, String classpath, Entry entry) {
        try {
            String key = key(inv, classpath);
            Path file = file(key);
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + key.substring(0, 8), ".tmp");
            try {
                Files.writeString(tmp, write(entry, key), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            stores.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            warn.accept("verdict cache: cannot store a result in " + dir + ": " + e.getMessage());
        }
    }

    Path file(String key) {
        return dir.resolve("v1").resolve(key.substring(0, 2)).resolve(key + ".json");
    }

    /** The key of a run: see the class comment. */
    static String key(TlcInvocation inv, String classpath) throws IOException {
        MessageDigest md = sha256();
        field(md, "format", FORMAT);
        field(md, "tlc", jarDigest(classpath));
        field(md, "workers", inv.workers() == 1 ? "1" : "several");
        field(md, "checkDeadlock", Boolean.toString(inv.checkDeadlock()));
        field(md, "args", String.join("\u0000", inv.extraArgs()));
        file(md, "tla", inv.tlaFile());
        file(md, "cfg", inv.cfgFile());
        for (Path f : inv.extraFiles()) {
            file(md, "extra", f);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void file(MessageDigest md, String what, Path f) throws IOException {
        field(md, what + ".name", f.getFileName().toString());
        byte[] content = Files.readAllBytes(f);
        field(md, what + ".length", Integer.toString(content.length));
        md.update(content);
    }

    private static void field(MessageDigest md, String name, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        md.update((name + "=" + v.length + ":").getBytes(StandardCharsets.UTF_8));
        md.update(v);
    }

    /** The SHA-256 of every classpath entry's content (file name and size for a folder's entries). */
    static String jarDigest(String classpath) {
        return JAR_DIGESTS.computeIfAbsent(classpath, cp -> {
            MessageDigest md = sha256();
            for (String entry : cp.split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                field(md, "entry", p.getFileName() == null ? entry : p.getFileName().toString());
                try {
                    if (Files.isRegularFile(p)) {
                        try (InputStream in = Files.newInputStream(p)) {
                            byte[] buf = new byte[1 << 16];
                            for (int n; (n = in.read(buf)) > 0;) {
                                md.update(buf, 0, n);
                            }
                        }
                    } else if (Files.isDirectory(p)) {
                        try (var s = Files.walk(p)) {
                            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                                field(md, p.relativize(f).toString(), Long.toString(Files.size(f)));
                            }
                        }
                    }
                } catch (IOException e) {
                    field(md, "unreadable", e.toString());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private static String write(Entry e, String key) throws IOException {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("format", FORMAT);
        o.put("key", key);
        o.put("stdout", e.stdout());
        o.put("stderr", e.stderr());
        if (e.exitCode() == null) {
            o.putNull("exitCode");
        } else {
            o.put("exitCode", e.exitCode());
        }
        if (e.startup() == null) {
            o.putNull("startupMillis");
        } else {
            o.put("startupMillis", e.startup().toMillis());
        }
        o.put("checksum", checksum(e));
        return Json.MAPPER.writeValueAsString(o) + "\n";
    }

    /** Parses an entry; throws if it is not a whole entry of {@code key}. */
    private static Entry read(String text, String key) throws IOException {
        JsonNode o = Json.MAPPER.readTree(text);
        if (o == null || !o.isObject()) {
            throw new IOException("not a JSON object");
        }
        for (String f : List.of("format", "key", "stdout", "stderr", "checksum")) {
            if (!o.path(f).isTextual()) {
                throw new IOException("no field " + f);
            }
        }
        if (!FORMAT.equals(o.get("format").asText()) || !key.equals(o.get("key").asText())) {
            throw new IOException("another format or key");
        }
        JsonNode code = o.path("exitCode");
        JsonNode start = o.path("startupMillis");
        Entry e = new Entry(o.get("stdout").asText(), o.get("stderr").asText(),
                code.isInt() ? Integer.valueOf(code.asInt()) : null,
                start.isIntegralNumber() ? Duration.ofMillis(start.asLong()) : null);
        if (!checksum(e).equals(o.get("checksum").asText())) {
            throw new IOException("checksum mismatch");
        }
        return e;
    }

    private static String checksum(Entry e) {
        MessageDigest md = sha256();
        field(md, "stdout", e.stdout());
        field(md, "stderr", e.stderr());
        field(md, "exitCode", String.valueOf(e.exitCode()));
        return HexFormat.of().formatHex(md.digest());
    }
}
