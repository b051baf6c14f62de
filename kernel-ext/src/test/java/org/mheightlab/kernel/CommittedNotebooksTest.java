package org.mheightlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

/**
 * The notebooks in the repository carry the outputs of their recorded runs (notebooks/regenerate writes them): a
 * reader who opens one on a code host sees the tables and charts of docs/runN. This test renders every table and
 * chart cell again from the recorded run folder its training cell names ({@code recorded = ../docs/runN}) and fails
 * when a committed output's numbers differ, so a re-recorded run or a changed table cannot leave a stale notebook.
 */
class CommittedNotebooksTest {

    private static final Path ROOT = MHeightKernelTest.projectDir();
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");
    /** Parts of an output that hold digits but no result: chart div ids, embedded pictures. */
    private static final Pattern NOT_RESULTS = Pattern.compile(
            "mh_[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}|data:image/png;base64,[A-Za-z0-9+/=]+");
    private static final List<String> REPLAYED = List.of("%mh_table", "%mh_settings", "%mh_writeup", "%mh_beside",
            "%mh_compare", "%mh_history", "%mh_scatter", "%mh_bars");

    @Test
    void everyRunNotebookOpensItsRecordingAndShowsItsNumbers() throws IOException {
        List<Path> withRecordings = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("notebooks"))) {
            for (Path nb : files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList()) {
                if (check(nb) > 0) {
                    withRecordings.add(nb.getFileName());
                }
            }
        }
        for (String name : List.of("run1-analysis.ipynb", "run4-improvements.ipynb", "run6-analysis.ipynb",
                "run7.ipynb", "run8.ipynb", "run9.ipynb")) {
            assertTrue(withRecordings.contains(Path.of(name)), name + " opens a recorded run and carries its outputs");
        }
    }

    /** Checks one notebook; returns how many outputs were compared with its recordings. */
    private int check(Path nb) throws IOException {
        JsonObject notebook = JsonParser.parseString(Files.readString(nb)).getAsJsonObject();
        Map<String, Path> opened = new HashMap<>();
        MHeightMagics magics = new MHeightMagics();
        Renderers renderers = new Renderers();
        int compared = 0;
        int index = 0;
        for (JsonElement c : notebook.getAsJsonArray("cells")) {
            index++;
            JsonObject cell = c.getAsJsonObject();
            if (!cell.get("cell_type").getAsString().equals("code")) {
                continue;
            }
            String source = text(cell.get("source")).strip();
            String where = nb.getFileName() + " cell " + index + " (" + source.lines().findFirst().orElse("") + ")";
            String committed = committedHtml(cell);
            if (source.startsWith("%%mh_train")) {
                List<String> args = words(source.lines().findFirst().orElseThrow());
                Map<String, String> body = MHeightMagics.overrides(source.substring(source.indexOf('\n') + 1));
                String recorded = body.get("recorded");
                if (recorded == null || args.size() < 3) {
                    continue;
                }
                Path folder = ROOT.resolve("notebooks").resolve(recorded).normalize();
                opened.put(args.get(2), folder);
                assertFalse(committed.isEmpty(), where + ": no output; run notebooks/regenerate " + nb.getFileName());
                String fresh = Renderers.tableHtml(org.mheightlab.report.RunCharts.perGroupTable(
                        org.mheightlab.run.RunFolder.open(folder).metrics()));
                assertEquals(numbers(fresh, Map.of()), numbers(committed, Map.of()), where
                        + ": the committed output differs from " + folder + "; run notebooks/regenerate");
                compared++;
                continue;
            }
            String magic = REPLAYED.stream().filter(m -> source.startsWith(m + " ")).findFirst().orElse(null);
            if (magic == null) {
                continue;
            }
            List<String> words = words(source);
            List<String> args = words.subList(1, words.size());
            if (!args.stream().filter(a -> a.startsWith("..")).allMatch(a -> opened.containsKey(a)
                    || a.startsWith("../docs/"))) {
                continue; // a folder this notebook trains for itself, not a recording
            }
            List<String> resolved = new ArrayList<>();
            Map<String, String> shownAs = new HashMap<>();
            for (String a : args) {
                Path p = opened.containsKey(a) ? opened.get(a)
                        : a.startsWith("..") ? ROOT.resolve("notebooks").resolve(a).normalize() : null;
                resolved.add(p == null ? a : p.toString());
                if (p != null) {
                    shownAs.put(p.toString(), a);
                }
            }
            assertFalse(committed.isEmpty(), where + ": no output; run notebooks/regenerate " + nb.getFileName());
            String fresh = render(magics, renderers, magic, resolved);
            assertEquals(numbers(fresh, shownAs), numbers(committed, Map.of()), where
                    + ": the committed output differs from its recorded run; run notebooks/regenerate");
            compared++;
        }
        return compared;
    }

    private static String render(MHeightMagics m, Renderers r, String magic, List<String> args) {
        return switch (magic) {
            case "%mh_table" -> Renderers.tableHtml(m.table(args));
            case "%mh_settings" -> Renderers.tableHtml(m.settings(args));
            case "%mh_writeup" -> Renderers.tableHtml(m.writeUp(args));
            case "%mh_beside" -> Renderers.tableHtml(m.beside(args));
            case "%mh_compare" -> (String) m.compare(args).getData(MIMEType.TEXT_HTML);
            case "%mh_history" -> r.figureHtml(m.history(args));
            case "%mh_scatter" -> r.figureHtml(m.scatter(args));
            case "%mh_bars" -> r.figureHtml(m.bars(args));
            default -> throw new IllegalStateException(magic);
        };
    }

    /** The numbers an output shows, in order; {@code shownAs} maps a folder path to the name the cell used. */
    static List<String> numbers(String html, Map<String, String> shownAs) {
        String t = html;
        for (Map.Entry<String, String> e : shownAs.entrySet()) {
            t = t.replace(e.getKey(), e.getValue());
        }
        t = NOT_RESULTS.matcher(t).replaceAll("");
        List<String> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(t);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static String committedHtml(JsonObject cell) {
        StringBuilder html = new StringBuilder();
        for (JsonElement o : cell.getAsJsonArray("outputs")) {
            JsonObject data = o.getAsJsonObject().getAsJsonObject("data");
            if (data != null && data.has("text/html")) {
                html.append(text(data.get("text/html")));
            }
        }
        return html.toString();
    }

    private static String text(JsonElement e) {
        if (e.isJsonArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonElement line : (JsonArray) e) {
                b.append(line.getAsString());
            }
            return b.toString();
        }
        return e.getAsString();
    }

    private static List<String> words(String line) {
        return Arrays.stream(line.strip().split("\\s+")).toList();
    }

    @Test
    void numbersIgnoreChartIdsAndPictures() {
        String a = "<div id=\"mh_0123abcd_0123_4567_89ab_0123456789ab\"><img src=\"data:image/png;base64,iVB0R9==\">"
                + "</div> 0.2860 1e-4 epoch 12";
        assertEquals(List.of("0.2860", "1e-4", "12"), numbers(a, Map.of()));
    }
}
