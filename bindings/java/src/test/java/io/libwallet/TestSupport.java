package io.libwallet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers: vector files, hex, a small strict JSON reader, error assertions. */
final class TestSupport {
    private TestSupport() {}

    static Path vectors() {
        String v = System.getProperty("libwallet.vectors");
        assertNotNull("-Dlibwallet.vectors must name the vectors/ directory", v);
        return Paths.get(v);
    }

    static Path tmpDir(String name) throws IOException {
        String t = System.getProperty("libwallet.tmp", System.getProperty("java.io.tmpdir"));
        Path d = Paths.get(t).resolve(name + "-" + System.nanoTime());
        Files.createDirectories(d);
        return d;
    }

    static byte[] bytes(String rel) throws IOException {
        return Files.readAllBytes(vectors().resolve(rel));
    }

    /** A vector text file with trailing whitespace removed. */
    static String text(String rel) throws IOException {
        return new String(bytes(rel), StandardCharsets.UTF_8).replaceAll("\\s+$", "");
    }

    static Object json(String rel) throws IOException {
        return Json.parse(text(rel));
    }

    static byte[] hex(String s) {
        s = s.replaceAll("\\s", "");
        if (s.length() % 2 != 0) throw new IllegalArgumentException("odd hex");
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++)
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return out;
    }

    static String toHex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x & 0xff));
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> arr(Object o) {
        return (List<Object>) o;
    }

    /** Run r; it must throw WalletException with this code. Returns the exception. */
    static WalletException assertErr(int code, Runnable r) {
        try {
            r.run();
        } catch (WalletException e) {
            assertEquals("wrong error: " + e.getMessage(), Native.s(Native.errName(code)),
                    e.name());
            assertEquals(code, e.code());
            return e;
        }
        fail("expected " + Native.s(Native.errName(code)) + ", nothing was thrown");
        return null;
    }

    /** A Result must be invalid with this code, and carry no claims. */
    static void assertInvalid(int code, Result r) {
        assertEquals("result: " + r.toJson(), Native.s(Native.errName(code)), r.errorName());
        assertEquals(false, r.isValid());
        assertEquals(null, r.claimsJson());
    }

    /** Minimal strict JSON reader for test data: Map / List / String / Double / Boolean / null. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String s) {
            Json j = new Json(s);
            Object v = j.value();
            j.ws();
            if (j.i != s.length()) throw new IllegalArgumentException("trailing data at " + j.i);
            return v;
        }

        private void ws() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++;
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                for (;;) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    if (m.put(k, value()) != null) throw new IllegalArgumentException("dup " + k);
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect('}');
                    return m;
                }
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                for (;;) {
                    l.add(value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect(']');
                    return l;
                }
            }
            if (c == '"') return string();
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int st = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            if (st == i) throw new IllegalArgumentException("bad JSON at " + i);
            return Double.valueOf(s.substring(st, i));
        }

        private void expect(char c) {
            if (s.charAt(i) != c) throw new IllegalArgumentException("expected " + c + " at " + i);
            i++;
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            for (;;) {
                char c = s.charAt(i++);
                if (c == '"') return sb.toString();
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 't': sb.append('\t'); break;
                    case 'r': sb.append('\r'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'u':
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                        break;
                    default: sb.append(e);
                }
            }
        }
    }
}
