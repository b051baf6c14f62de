package org.mheightlab.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mheightlab.TestData;

class JsonTest {

    private enum Kind { TRAINING_RUN }

    private record Part(int k, String name) {
    }

    /**
     * Every kind of value a record holds, and the exact bytes the hand-written writer before Gson gave for it
     * (numbers as Java prints them, 1.0 stays 1.0; NaN and ±∞ as strings; null values kept; anything else as
     * its toString; empty containers inline; two-space indent; a final newline).
     */
    @Test
    void representativeRecordGivesTheSameBytesAsBefore() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("int", 3);
        m.put("long", 1L << 40);
        m.put("one", 1.0);
        m.put("negZero", -0.0);
        m.put("small", 1e-5);
        m.put("big", 1.0E10);
        m.put("third", 1.0 / 3);
        m.put("nan", Double.NaN);
        m.put("inf", Double.POSITIVE_INFINITY);
        m.put("ninf", Double.NEGATIVE_INFINITY);
        m.put("float", 0.1f);
        m.put("bigDecimal", new java.math.BigDecimal("1.50"));
        m.put("null", null);
        m.put("true", true);
        m.put("string", "quote \" backslash \\ newline \n tab \t cr \r ctl \u0001 é ☃ <>&=' /");
        m.put("emptyMap", new LinkedHashMap<>());
        m.put("emptyList", List.of());
        m.put("nested", List.of(List.of(), List.of(1, 2.5, "x"), Json.object("a", List.of(Json.object()), "b", null)));
        m.put("path", Path.of("data/train_n_k_m_P.pkl"));
        m.put("enum", Kind.TRAINING_RUN);
        m.put("record", new Part(4, "x"));
        m.put("char", 'c');
        Map<Object, Object> keyed = new LinkedHashMap<>();
        keyed.put(4, "int key");
        keyed.put(Kind.TRAINING_RUN, "enum key");
        m.put("keyed", keyed);
        m.put("sorted", new TreeMap<>(Map.of("b", 2, "a", 1)));
        m.put("withNull", Arrays.asList(null, 1));
        String expected = """
                {
                  "int": 3,
                  "long": 1099511627776,
                  "one": 1.0,
                  "negZero": -0.0,
                  "small": 1.0E-5,
                  "big": 1.0E10,
                  "third": 0.3333333333333333,
                  "nan": "NaN",
                  "inf": "Infinity",
                  "ninf": "-Infinity",
                  "float": 0.1,
                  "bigDecimal": 1.50,
                  "null": null,
                  "true": true,
                  "string": "quote \\" backslash \\\\ newline \\n tab \\t cr \\r ctl \\u0001 é ☃ <>&=' /",
                  "emptyMap": {},
                  "emptyList": [],
                  "nested": [
                    [],
                    [
                      1,
                      2.5,
                      "x"
                    ],
                    {
                      "a": [
                        {}
                      ],
                      "b": null
                    }
                  ],
                  "path": "data/train_n_k_m_P.pkl",
                  "enum": "TRAINING_RUN",
                  "record": "Part[k=4, name=x]",
                  "char": "c",
                  "keyed": {
                    "4": "int key",
                    "TRAINING_RUN": "enum key"
                  },
                  "sorted": {
                    "a": 1,
                    "b": 2
                  },
                  "withNull": [
                    null,
                    1
                  ]
                }
                """;
        assertEquals(expected, Json.write(m));
        assertEquals(m.get("string"), JsonParser.parseString(Json.write(m)).getAsJsonObject().get("string")
                .getAsString());
        assertEquals("null\n", Json.write(null));
        assertEquals("\"top\"\n", Json.write("top"));
        assertEquals("1.5\n", Json.write(1.5));
        assertEquals("[]\n", Json.write(List.of()));
    }

    /** The bundled provenance files, read back in order (integers as int/long), are written byte for byte. */
    @ParameterizedTest
    @ValueSource(strings = {"data/train_n_k_m_P.pkl.provenance.json", "data/test_n_k_m_P.pkl.provenance.json",
        "data/classify.npz.provenance.json", "docs/run7/provenance.json", "docs/run8/provenance.json"})
    void bundledProvenanceIsRewrittenByteForByte(String file) throws IOException {
        String text = Files.readString(TestData.projectDir().resolve(file));
        assertEquals(text, Json.write(read(new JsonReader(new StringReader(text)))));
    }

    private static Object read(JsonReader r) throws IOException {
        switch (r.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                r.beginObject();
                while (r.hasNext()) {
                    m.put(r.nextName(), read(r));
                }
                r.endObject();
                return m;
            }
            case BEGIN_ARRAY -> {
                List<Object> l = new ArrayList<>();
                r.beginArray();
                while (r.hasNext()) {
                    l.add(read(r));
                }
                r.endArray();
                return l;
            }
            case STRING -> {
                return r.nextString();
            }
            case BOOLEAN -> {
                return r.nextBoolean();
            }
            case NULL -> {
                r.nextNull();
                return null;
            }
            case NUMBER -> {
                String s = r.nextString();
                if (s.matches("-?\\d+")) {
                    long v = Long.parseLong(s);
                    return v == (int) v ? (Object) (int) v : (Object) v;
                }
                return Double.parseDouble(s);
            }
            default -> throw new IllegalStateException("unexpected " + r.peek());
        }
    }
}
